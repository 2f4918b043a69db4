import type { PeopleSettings } from './people-settings';
import type { Logger } from '../observability/logger';
import type { CachedDirectory, Freshness } from './cached-directory';
import { type DirectoryPerson, DirectoryUnavailableError, type Lookup, type LookupSource } from './directory-port';
import { YamlDirectory } from './yaml-directory';

/** The members of a configured group at one moment, and where that answer came from. */
export interface GroupMembership {
  groupId: string;
  groupName: string;
  entraGroupId?: string;
  members: DirectoryPerson[];
  source: LookupSource;
  fetchedAt?: string;
  /** Why a cached (or the configured) list was used instead of the directory's current answer. */
  error?: string;
}

function uniqueById(people: DirectoryPerson[]): DirectoryPerson[] {
  const seen = new Set<string>();
  return people.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}

/**
 * The organisation's people and groups as the capabilities see them: the groups of COE_CONFIG, each read from Entra ID
 * (its `entraGroupId`, through the shared cache) when Microsoft Graph is configured, else from the YAML lists.
 * Every answer says where it came from, so routing and decisions can record it.
 */
export class OrgDirectory {
  private readonly yaml: YamlDirectory;

  constructor(
    private readonly org: PeopleSettings,
    private readonly graph?: CachedDirectory,
    private readonly logger?: Logger,
  ) {
    this.yaml = new YamlDirectory(org);
  }

  /** `graph` when Entra ID is read through Microsoft Graph, `yaml` when the configured lists are the directory. */
  get mode(): 'graph' | 'yaml' {
    return this.graph ? 'graph' : 'yaml';
  }

  /**
   * The members of a configured group: the Entra group's transitive members plus any listed `members` (with Graph),
   * or the listed members (without). When Graph fails and nothing is cached, the listed members are used if there
   * are any; otherwise DirectoryUnavailableError is thrown.
   */
  async groupMembers(groupId: string, freshness: Freshness = 'cached'): Promise<GroupMembership> {
    const group = this.org.groups[groupId];
    if (!group) throw new Error(`Group "${groupId}" is not defined in COE_CONFIG.`);
    const listed: DirectoryPerson[] = group.members.map((m) => ({
      id: m.id,
      name: m.name,
      ...(m.email ? { email: m.email } : {}),
    }));
    const base = {
      groupId,
      groupName: group.name,
      ...(group.entraGroupId ? { entraGroupId: group.entraGroupId } : {}),
    };
    if (!this.graph || !group.entraGroupId) return { ...base, members: listed, source: 'config' };
    try {
      const found = await this.graph.groupMembers(group.entraGroupId, freshness);
      return {
        ...base,
        members: uniqueById([...found.value, ...listed]),
        source: found.source,
        fetchedAt: found.fetchedAt,
        ...(found.error ? { error: found.error } : {}),
      };
    } catch (err) {
      if (!(err instanceof DirectoryUnavailableError) || listed.length === 0) throw err;
      this.logger?.warn('the directory is unavailable and has no cached members; using the listed members', {
        groupId,
        error: err.message,
      });
      return { ...base, members: listed, source: 'config', error: err.message };
    }
  }

  /** The members of an Entra group named directly by its object id (announcement audiences). */
  async entraGroupMembers(entraGroupId: string): Promise<Lookup<DirectoryPerson[]>> {
    if (this.graph) return this.graph.groupMembers(entraGroupId);
    return { value: await this.yaml.groupMembers(entraGroupId), source: 'config' };
  }

  /** The person's manager (undefined: none known). */
  async manager(personId: string, freshness: Freshness = 'cached'): Promise<Lookup<DirectoryPerson | undefined>> {
    if (this.graph) return this.graph.manager(personId, freshness);
    return { value: await this.yaml.manager(personId), source: 'config' };
  }

  /** The person as the directory knows them (with their department), undefined when unknown. */
  async person(personId: string, freshness: Freshness = 'cached'): Promise<Lookup<DirectoryPerson | undefined>> {
    if (this.graph) {
      const found = await this.graph.person(personId, freshness);
      if (found.value) return found;
    }
    return { value: await this.yaml.person(personId), source: 'config' };
  }

  /** The display name the directory has for the person, else `fallback`; never fails (a name is not worth an error). */
  async displayName(personId: string, fallback: string): Promise<string> {
    try {
      return (await this.person(personId)).value?.name ?? fallback;
    } catch (err) {
      this.logger?.warn('the directory could not name a person; using the name Teams sent', {
        error: (err as Error).message,
      });
      return fallback;
    }
  }
}
