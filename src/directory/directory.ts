import type { Group, PeopleSettings, Person } from './people-settings';

/** The members of Entra-backed groups as last read from the directory (see group-snapshot.ts). */
export interface LiveGroupMembers {
  membersOf(groupId: string): ReadonlySet<string> | undefined;
}

/**
 * Who is who, from the organisation settings: roles (admin, author, expert) and group membership by Entra object id.
 * A group's members are the listed ones plus, when `live` is given (Graph mode), the members of its Entra group.
 * Built once by the identity module and shared by every capability.
 */
export class Directory {
  constructor(
    private readonly settings: PeopleSettings,
    private readonly live?: LiveGroupMembers,
  ) {}

  isAdmin(aadObjectId: string | undefined): boolean {
    return Boolean(aadObjectId) && this.settings.admins.some((p) => p.id === aadObjectId);
  }

  /** CoE admins and announcement authors may post announcements. */
  isAuthor(aadObjectId: string | undefined): boolean {
    return (
      this.isAdmin(aadObjectId) || (Boolean(aadObjectId) && this.settings.authors.some((p) => p.id === aadObjectId))
    );
  }

  /** CoE experts answer "Ask the CoE" questions: CoE admins and members of the group `roles.experts` names. */
  isExpert(aadObjectId: string | undefined): boolean {
    return this.isAdmin(aadObjectId) || this.groupsOf(aadObjectId).includes(this.settings.roles.experts);
  }

  groupsOf(aadObjectId: string | undefined): string[] {
    if (!aadObjectId) return [];
    return Object.entries(this.settings.groups)
      .filter(
        ([id, g]) => g.members.some((m) => m.id === aadObjectId) || Boolean(this.live?.membersOf(id)?.has(aadObjectId)),
      )
      .map(([id]) => id);
  }

  group(id: string): Group | undefined {
    return this.settings.groups[id];
  }

  person(aadObjectId: string): Person | undefined {
    const s = this.settings;
    const everyone = [
      ...s.people,
      ...s.admins,
      ...s.authors,
      ...Object.values(s.groups).flatMap((g) => [...g.members, ...(g.backup ? [g.backup] : [])]),
    ];
    return everyone.find((p) => p.id === aadObjectId);
  }
}
