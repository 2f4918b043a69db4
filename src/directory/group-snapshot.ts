import type { PeopleSettings } from './people-settings';
import type { Logger } from '../observability/logger';
import { PeriodicTask } from '../runtime/periodic-task';
import type { OrgDirectory } from './org-directory';

/**
 * The members of the configured Entra-backed groups, held in memory for the checks that must answer at once
 * (is this person a CoE expert, which groups may see a playbook). Refreshed from the directory (through its shared
 * cache) every `intervalMs`; until the first refresh, and for a group the directory cannot answer for, the listed
 * members alone count.
 */
export class GroupSnapshot {
  private readonly members = new Map<string, ReadonlySet<string>>();
  private readonly loop: PeriodicTask;

  constructor(
    private readonly org: PeopleSettings,
    private readonly people: OrgDirectory,
    intervalMs: number,
    private readonly logger?: Logger,
  ) {
    this.loop = new PeriodicTask(
      () => this.refresh(),
      intervalMs,
      (err) => this.logger?.error('refreshing the group snapshot failed; it will try again', { err }),
    );
  }

  /** The Entra object ids in the group at the last refresh, undefined when it was never read. */
  membersOf(groupId: string): ReadonlySet<string> | undefined {
    return this.members.get(groupId);
  }

  /** Reads every configured group that names an Entra group. */
  async refresh(): Promise<void> {
    for (const [id, group] of Object.entries(this.org.groups)) {
      if (!group.entraGroupId) continue;
      try {
        const found = await this.people.groupMembers(id);
        this.members.set(id, new Set(found.members.map((m) => m.id)));
      } catch (err) {
        this.logger?.warn('a group could not be read for expert and audience checks; keeping the last answer', {
          groupId: id,
          error: (err as Error).message,
        });
      }
    }
  }

  /** Refreshes now (without waiting) and then every `intervalMs`. */
  start(): void {
    this.loop.start({ runNow: true });
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
