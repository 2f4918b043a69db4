import type { AuditLog } from '../store/audit-log';
import type { Actor } from '../directory/actor';
import type { AnnouncementAccess } from './announcement-access';
import { ok, type Outcome, refuse } from '../runtime/outcome';
import type { AnnouncementSubscriptions, TeamMember } from './subscriptions';

const UNKNOWN_PERSON = 'I could not tell who you are, so I could not change your announcement settings.';

/** What recipients choose: category mutes per person, category subscriptions per channel, and team rosters. */
export class RecipientPreferences {
  constructor(
    private readonly deps: {
      subscriptions: AnnouncementSubscriptions;
      access: AnnouncementAccess;
      audit: AuditLog;
      categories: readonly string[];
    },
  ) {}

  private category(raw: string): Outcome<string> {
    const c = raw.trim().toLowerCase();
    const categories = this.deps.categories;
    return categories.includes(c)
      ? ok(c)
      : refuse('invalid', `"${raw}" is not an announcement category. The categories are: ${categories.join(', ')}.`);
  }

  /** Stops (`muted`) or resumes announcements of one category for the caller. */
  async setMuted(
    actor: Actor,
    rawCategory: string,
    muted: boolean,
  ): Promise<Outcome<{ category: string; changed: boolean }>> {
    const c = this.category(rawCategory);
    if (!c.ok) return c;
    if (!actor.aadObjectId) return refuse('forbidden', UNKNOWN_PERSON);
    const { subscriptions } = this.deps;
    const changed = muted
      ? await subscriptions.mute(actor.aadObjectId, c.value)
      : await subscriptions.unmute(actor.aadObjectId, c.value);
    return ok({ category: c.value, changed });
  }

  /**
   * Subscribes (or unsubscribes) a channel (by the channel's own conversation id, not a reply thread's) to a category.
   * Allowed for CoE admins and authors, and for the person who added CoE Assistant to the team (Teams does not tell
   * bots who the team owners are).
   */
  async setChannelSubscription(
    actor: Actor,
    channel: { conversationId: string; teamId?: string },
    rawCategory: string,
    subscribe: boolean,
  ): Promise<Outcome<{ category: string; changed: boolean }>> {
    const c = this.category(rawCategory);
    if (!c.ok) return c;
    const { subscriptions } = this.deps;
    const allowed =
      this.deps.access.canAuthor(actor) ||
      (channel.teamId !== undefined && (await subscriptions.installedTeam(channel.teamId, actor.aadObjectId)));
    if (!allowed)
      return refuse(
        'forbidden',
        'Only the person who added CoE Assistant to this team, or CoE staff, can change which announcements this channel receives.',
      );
    const id = channel.conversationId;
    const changed = subscribe
      ? await subscriptions.subscribeChannel(id, c.value, actor.aadObjectId ?? actor.name)
      : await subscriptions.unsubscribeChannel(id, c.value);
    if (changed) {
      await this.deps.audit.append({
        actorId: actor.aadObjectId,
        actorName: actor.name,
        subjectType: 'announcement-subscription',
        subjectId: id,
        action: subscribe ? 'channel-subscribed' : 'channel-unsubscribed',
        details: { category: c.value },
      });
    }
    return ok({ category: c.value, changed });
  }

  /** Records who added the bot to a team. */
  async recordTeamInstall(
    teamId: string,
    teamName: string | undefined,
    by: { aadObjectId?: string; name?: string },
  ): Promise<void> {
    await this.deps.subscriptions.recordTeamInstall(teamId, teamName, by);
  }

  /** Adds people to a team's roster (from membership events or the roster read at install). */
  async addTeamMembers(teamId: string, members: TeamMember[]): Promise<void> {
    await this.deps.subscriptions.addMembers(teamId, members);
  }

  /** Removes people who left a team from its roster. */
  async removeTeamMembers(teamId: string, userIds: string[]): Promise<void> {
    await this.deps.subscriptions.removeMembers(teamId, userIds);
  }
}
