import type { AudienceGroups } from '../announcements/announcement-service';
import type { PeopleSettings } from './people-settings';
import type { OrgDirectory } from './org-directory';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Announcement audiences by group: a COE_CONFIG group (its Entra group's members plus any listed, or the listed ones
 * without Graph) or any Entra group by object id (needs Graph; offline only the config groups naming it count).
 */
export function audienceGroupsFrom(org: PeopleSettings, people: OrgDirectory): AudienceGroups {
  return {
    options: () => Object.entries(org.groups).map(([id, g]) => ({ id, name: g.name })),
    async memberIds(ref: string): Promise<string[] | undefined> {
      if (org.groups[ref]) return (await people.groupMembers(ref)).members.map((m) => m.id);
      if (GUID.test(ref)) return (await people.entraGroupMembers(ref)).value.map((m) => m.id);
      return undefined;
    },
  };
}
