import type { PeopleSettings } from './people-settings';
import type { DirectoryPerson, DirectoryPort } from './directory-port';

/**
 * The offline directory: the people and groups listed in COE_CONFIG. An Entra group is stood in for by the config
 * groups that name it (their listed members), managers and departments come from the `people` list.
 */
export class YamlDirectory implements DirectoryPort {
  readonly kind = 'yaml' as const;

  constructor(private readonly org: PeopleSettings) {}

  private find(id: string): DirectoryPerson | undefined {
    const listed = this.org.people.find((p) => p.id === id);
    if (listed) return { id: listed.id, name: listed.name, email: listed.email, department: listed.department };
    const everyone = [
      ...this.org.admins,
      ...this.org.authors,
      ...Object.values(this.org.groups).flatMap((g) => [...g.members, ...(g.backup ? [g.backup] : [])]),
    ];
    const p = everyone.find((x) => x.id === id);
    return p && { id: p.id, name: p.name, email: p.email };
  }

  async person(id: string): Promise<DirectoryPerson | undefined> {
    return this.find(id);
  }

  async groupMembers(groupId: string): Promise<DirectoryPerson[]> {
    const seen = new Set<string>();
    return Object.values(this.org.groups)
      .filter((g) => g.entraGroupId?.toLowerCase() === groupId.toLowerCase())
      .flatMap((g) => g.members)
      .filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)))
      .map((m) => this.find(m.id) ?? { id: m.id, name: m.name });
  }

  async manager(personId: string): Promise<DirectoryPerson | undefined> {
    const managerId = this.org.people.find((p) => p.id === personId)?.managerId;
    return managerId ? (this.find(managerId) ?? { id: managerId, name: managerId }) : undefined;
  }
}
