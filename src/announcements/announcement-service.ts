import type { Logger } from '../observability/logger';
import { type Outcome, ok, refuse } from '../runtime/outcome';
import type { AuditLog } from '../store/audit-log';
import { toCsv } from '../store/csv';
import type { Database, Queryable } from '../store/database';
import { type Actor, type Announcement, type DeliveryCounts, inputOf } from './announcement';
import {
  type AnnouncementInput,
  type ApiRequest,
  announcementInputSchema,
  apiRequestSchema,
  describeInputIssues,
  formToInput,
  type ComposeFormValues,
} from './announcement-input';
import { AnnouncementRepository } from './announcement-repository';
import type { AnnouncementSettings } from './announcement-settings-schema';
import {
  type AudienceOption,
  type AudienceSize,
  channelBaseId,
  estimateAudience,
  expandAudience,
  knownChannels,
  knownTeams,
  unknownAudienceIds,
} from './audience';
import { isKnownTimeZone, wallClockToInstant } from './schedule-time';
import { AnnouncementSubscriptions, type TeamMember } from './subscriptions';

/** Who may do what: CoE admins and announcement authors, by Entra object id (the org Directory fits). */
export interface AuthorPolicy {
  isAdmin(aadObjectId: string | undefined): boolean;
  isAuthor(aadObjectId: string | undefined): boolean;
}

/** Group audiences: the groups an author can choose, and who is in one now (a COE_CONFIG group id or an Entra group id). */
export interface AudienceGroups {
  options(): AudienceOption[];
  /** Entra object ids of the group's members, or undefined when no such group is known. */
  memberIds(groupRef: string): Promise<string[] | undefined>;
}

/** The sentence a person who may not post announcements hears. */
export const NOT_AN_AUTHOR =
  'Only CoE admins and announcement authors can write or manage announcements. If you would like something announced, please ask the CoE team.';

const API_ACTOR = { aadObjectId: 'api', name: 'Announcements API' };
const SYSTEM = { actorId: 'system', actorName: 'CoE Assistant' };

class NobodyToSend extends Error {}

/**
 * Announcements as the CoE uses them: compose and preview drafts, send now or on a schedule, cancel, follow
 * progress, export who received what, acknowledge, mute categories and subscribe channels. Every author action
 * is checked against the org directory (identity comes from the caller, never from card data) and audited.
 */
export class AnnouncementService {
  readonly repo: AnnouncementRepository;
  readonly subscriptions: AnnouncementSubscriptions;
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly deps: {
      db: Database;
      audit: AuditLog;
      policy: AuthorPolicy;
      settings: AnnouncementSettings;
      logger: Logger;
      groups?: AudienceGroups;
    },
  ) {
    this.repo = new AnnouncementRepository(deps.db);
    this.subscriptions = new AnnouncementSubscriptions(deps.db);
  }

  get categories(): readonly string[] {
    return this.deps.settings.categories;
  }

  get settings(): AnnouncementSettings {
    return this.deps.settings;
  }

  /** Calls `listener` whenever new delivery jobs are queued in this process (the worker wakes up at once). */
  onQueued(listener: () => void): void {
    this.listeners.push(listener);
  }

  private queued(): void {
    for (const l of this.listeners) l();
  }

  /** True when the caller may write announcements. */
  canAuthor(actor: Actor): boolean {
    return this.deps.policy.isAuthor(actor.aadObjectId);
  }

  private async owned(actor: Actor, id: number): Promise<Outcome<Announcement>> {
    if (!this.canAuthor(actor)) return refuse('forbidden', NOT_AN_AUTHOR);
    const a = await this.repo.get(id);
    if (!a) return refuse('not-found', `There is no announcement #${id}.`);
    if (a.authorId !== actor.aadObjectId && !this.deps.policy.isAdmin(actor.aadObjectId)) {
      return refuse(
        'forbidden',
        `Only the author of announcement #${id} (${a.authorName}) or a CoE admin can do that.`,
      );
    }
    return ok(a);
  }

  private async audit(
    a: { id: number },
    actor: { aadObjectId?: string; name: string } | typeof SYSTEM,
    action: string,
    details: Record<string, unknown> = {},
    tx?: Queryable,
  ): Promise<void> {
    const who = 'actorId' in actor ? actor : { actorId: actor.aadObjectId, actorName: actor.name };
    await this.deps.audit.append({ ...who, subjectType: 'announcement', subjectId: String(a.id), action, details }, tx);
  }

  /** The choices the compose form offers: categories, and the teams and channels the bot is installed in. */
  async composeOptions(actor: Actor): Promise<
    Outcome<{
      categories: readonly string[];
      teams: AudienceOption[];
      channels: AudienceOption[];
      groups: AudienceOption[];
    }>
  > {
    if (!this.canAuthor(actor)) return refuse('forbidden', NOT_AN_AUTHOR);
    const [teams, channels] = await Promise.all([knownTeams(this.deps.db), knownChannels(this.deps.db)]);
    return ok({ categories: this.categories, teams, channels, groups: this.deps.groups?.options() ?? [] });
  }

  /** The members of a 'directory-groups' audience now (from the directory), undefined for other audiences. */
  private async audienceMembers(audience: Announcement['audience']): Promise<string[] | undefined> {
    if (audience.kind !== 'directory-groups') return undefined;
    const ids = new Set<string>();
    for (const ref of audience.groupIds) for (const id of (await this.deps.groups?.memberIds(ref)) ?? []) ids.add(id);
    return [...ids];
  }

  private async estimate(a: Pick<Announcement, 'category' | 'audience'>): Promise<AudienceSize> {
    return estimateAudience(this.deps.db, a.category, a.audience, await this.audienceMembers(a.audience));
  }

  private async validate(raw: unknown): Promise<Outcome<AnnouncementInput>> {
    const parsed = announcementInputSchema(this.categories).safeParse(raw);
    if (!parsed.success)
      return refuse('invalid', 'The announcement is not complete yet.', describeInputIssues(parsed.error));
    const audience = parsed.data.audience;
    if (audience.kind === 'directory-groups') {
      const unknownGroups: string[] = [];
      for (const ref of audience.groupIds)
        if (!this.deps.groups || (await this.deps.groups.memberIds(ref)) === undefined) unknownGroups.push(ref);
      if (unknownGroups.length)
        return refuse('invalid', 'The audience names groups the directory does not know.', [
          `Unknown groups: ${unknownGroups.join(', ')}. Use a group id from COE_CONFIG or an Entra group object id.`,
        ]);
    }
    const unknown = await unknownAudienceIds(this.deps.db, parsed.data.audience);
    if (unknown.length) {
      const what = parsed.data.audience.kind === 'team-members' ? 'teams' : 'channels';
      return refuse('invalid', 'The audience names places the bot cannot reach.', [
        `CoE Assistant is not installed in these ${what}: ${unknown.join(', ')}.`,
      ]);
    }
    return ok(parsed.data);
  }

  /**
   * Saves the compose form as a draft (a new one, or the draft `ref` if it is still at that version) and
   * returns it with the audience as it stands now, for the preview.
   */
  async saveDraft(
    actor: Actor,
    values: ComposeFormValues,
    ref?: { id: number; version: number },
  ): Promise<Outcome<{ announcement: Announcement; estimate: AudienceSize }>> {
    if (!this.canAuthor(actor) || !actor.aadObjectId) return refuse('forbidden', NOT_AN_AUTHOR);
    const input = await this.validate(formToInput(values));
    if (!input.ok) return input;
    let announcement: Announcement | undefined;
    if (ref) {
      const current = await this.owned(actor, ref.id);
      if (!current.ok) return current;
      if (current.value.status !== 'draft')
        return refuse(
          'conflict',
          `Announcement #${ref.id} is ${current.value.status}; only drafts can be changed. Use Duplicate to start a new draft from it.`,
        );
      announcement = await this.repo.updateDraft(ref.id, ref.version, input.value);
      if (!announcement)
        return refuse(
          'conflict',
          `Draft #${ref.id} was changed in another window since you opened this form. Open it again from "announcements" to edit the latest version.`,
        );
      await this.audit(announcement, actor, 'draft-updated', { version: announcement.version });
    } else {
      announcement = await this.repo.createDraft(input.value, { ...actor, aadObjectId: actor.aadObjectId }, 'teams');
      await this.audit(announcement, actor, 'draft-created', {
        title: announcement.title,
        category: announcement.category,
        audience: announcement.audience,
      });
    }
    return ok({ announcement, estimate: await this.estimate(announcement) });
  }

  /** A draft for editing (only drafts can be edited). */
  async draftForEdit(actor: Actor, id: number): Promise<Outcome<Announcement>> {
    const a = await this.owned(actor, id);
    if (!a.ok) return a;
    if (a.value.status !== 'draft')
      return refuse(
        'conflict',
        `Announcement #${id} is ${a.value.status}; only drafts can be edited. Use Duplicate to start a new draft from it.`,
      );
    return a;
  }

  /** The current preview data of a draft. */
  async preview(actor: Actor, id: number): Promise<Outcome<{ announcement: Announcement; estimate: AudienceSize }>> {
    const a = await this.owned(actor, id);
    if (!a.ok) return a;
    return ok({ announcement: a.value, estimate: await this.estimate(a.value) });
  }

  /** Copies any announcement the caller can see into a new draft of theirs. */
  async duplicate(actor: Actor, id: number): Promise<Outcome<Announcement>> {
    const a = await this.owned(actor, id);
    if (!a.ok || !actor.aadObjectId) return a.ok ? refuse('forbidden', NOT_AN_AUTHOR) : a;
    const copy = await this.repo.createDraft(inputOf(a.value), { ...actor, aadObjectId: actor.aadObjectId }, 'teams');
    await this.audit(copy, actor, 'draft-duplicated', { from: id });
    return ok(copy);
  }

  /** Deletes a draft. */
  async deleteDraft(actor: Actor, id: number): Promise<Outcome<{ id: number }>> {
    const a = await this.owned(actor, id);
    if (!a.ok) return a;
    if (a.value.status !== 'draft' || !(await this.repo.deleteDraft(id)))
      return refuse('conflict', `Announcement #${id} is ${a.value.status}; only drafts can be deleted.`);
    await this.audit(a.value, actor, 'draft-deleted', { title: a.value.title });
    return ok({ id });
  }

  /** Starts delivering a draft now, if it is still the version the author previewed. */
  async sendNow(
    actor: Actor,
    id: number,
    version: number,
  ): Promise<Outcome<{ announcement: Announcement; size: AudienceSize }>> {
    const a = await this.owned(actor, id);
    if (!a.ok) return a;
    if (a.value.status !== 'draft') return refuse('conflict', `Announcement #${id} is already ${a.value.status}.`);
    if (a.value.version !== version)
      return refuse(
        'conflict',
        `This preview shows an older version of draft #${id}. Use the latest preview to send it.`,
      );
    const members = await this.audienceMembers(a.value.audience);
    try {
      const result = await this.deps.db.transaction(async (tx) => {
        const locked = await this.repo.lockForStart(tx, id, version);
        if (!locked) return undefined;
        const started = await this.start(tx, locked, members, actor.conversationId);
        await this.audit(
          started.announcement,
          actor,
          'send-started',
          { recipients: started.size.recipients, muted: started.size.muted },
          tx,
        );
        return started;
      });
      if (!result)
        return refuse(
          'conflict',
          `Announcement #${id} changed while you were sending it; open the latest preview and try again.`,
        );
      this.queued();
      return ok(result);
    } catch (err) {
      if (err instanceof NobodyToSend) return refuse('invalid', err.message);
      throw err;
    }
  }

  /** Queues the deliveries of `a`; `members` are its group audience's members, looked up before the transaction (Graph is slow). */
  private async start(
    tx: Queryable,
    a: Announcement,
    members: string[] | undefined,
    statusConversationId?: string,
  ): Promise<{ announcement: Announcement; size: AudienceSize }> {
    const size = await expandAudience(tx, a.id, a.category, a.audience, members);
    if (size.recipients === 0 && a.status === 'draft') {
      throw new NobodyToSend(
        `No one would receive announcement #${a.id}: the audience is empty${size.muted ? ` (${size.muted} muted ${a.category})` : ''}. Nothing was sent; choose another audience.`,
      );
    }
    return { announcement: await this.repo.markSending(tx, a.id, size, statusConversationId), size };
  }

  /** Schedules a draft for the author's wall-clock `date` and `time` in `timeZone` (UTC when unknown). */
  async schedule(
    actor: Actor,
    id: number,
    version: number,
    when: { date?: string; time?: string; timeZone?: string },
    now = new Date(),
  ): Promise<Outcome<Announcement>> {
    const a = await this.owned(actor, id);
    if (!a.ok) return a;
    if (a.value.status !== 'draft') return refuse('conflict', `Announcement #${id} is already ${a.value.status}.`);
    if (a.value.version !== version)
      return refuse(
        'conflict',
        `This preview shows an older version of draft #${id}. Use the latest preview to schedule it.`,
      );
    if (!when.date || !when.time)
      return refuse('invalid', 'Choose both a date and a time to schedule the announcement.');
    const at = wallClockToInstant(when.date, when.time, when.timeZone);
    if (!at) return refuse('invalid', `${when.date} ${when.time} is not a valid date and time.`);
    const problem = this.scheduleProblem(at, now);
    if (problem) return refuse('invalid', problem);
    const scheduled = await this.repo.schedule(id, version, at, { conversationId: actor.conversationId });
    if (!scheduled) return refuse('conflict', `Draft #${id} changed meanwhile; open the latest preview and try again.`);
    await this.audit(scheduled, actor, 'scheduled', {
      at: at.toISOString(),
      timeZone: isKnownTimeZone(when.timeZone) ? when.timeZone : 'UTC',
    });
    return ok(scheduled);
  }

  private scheduleProblem(at: Date, now: Date): string | undefined {
    if (at.getTime() < now.getTime() + 60_000)
      return 'The scheduled time must be at least a minute from now. To send straight away, use Send now.';
    if (at.getTime() > now.getTime() + 366 * 86_400_000) return 'The scheduled time must be within the next year.';
    return undefined;
  }

  /** Cancels a scheduled or running send; messages already delivered stay delivered. */
  async cancel(actor: Actor, id: number): Promise<Outcome<Announcement>> {
    const a = await this.owned(actor, id);
    if (!a.ok) return a;
    const cancelled = await this.repo.cancel(id, actor.aadObjectId ?? actor.name);
    if (!cancelled)
      return refuse(
        'conflict',
        `Announcement #${id} is ${a.value.status}; only scheduled or running sends can be cancelled.`,
      );
    await this.audit(cancelled, actor, 'cancelled', { previousStatus: a.value.status });
    return ok(cancelled);
  }

  /** Progress of a send, for its author or a CoE admin. */
  async status(actor: Actor, id: number): Promise<Outcome<{ announcement: Announcement; counts: DeliveryCounts }>> {
    const a = await this.owned(actor, id);
    if (!a.ok) return a;
    return ok({ announcement: a.value, counts: await this.repo.counts(id) });
  }

  /** Per-recipient delivery data as CSV, for its author or a CoE admin (the export itself is audited). */
  async exportCsv(actor: Actor, id: number): Promise<Outcome<{ fileName: string; csv: string; rows: number }>> {
    const a = await this.owned(actor, id);
    if (!a.ok) return a;
    const result = await this.deliveriesCsv(id);
    await this.audit(a.value, actor, 'deliveries-exported', { rows: result.rows });
    return ok(result);
  }

  /** Per-recipient CSV of one announcement (callers check access). */
  async deliveriesCsv(id: number): Promise<{ fileName: string; csv: string; rows: number }> {
    const rows = await this.repo.deliveryRows(id);
    const csv = toCsv(rows as unknown as Array<Record<string, unknown>>, [
      'recipient',
      'kind',
      'aadObjectId',
      'conversationId',
      'teamId',
      'status',
      'attempts',
      'possiblySentTwice',
      'lastHttpStatus',
      'lastError',
      'sentAt',
      'acknowledgedAt',
    ]);
    return { fileName: `announcement-${id}-deliveries.csv`, csv, rows: rows.length };
  }

  /** Recent announcements: the caller's own, or everyone's for a CoE admin. */
  async list(actor: Actor): Promise<Outcome<{ items: Announcement[]; showAuthors: boolean }>> {
    if (!this.canAuthor(actor)) return refuse('forbidden', NOT_AN_AUTHOR);
    const admin = this.deps.policy.isAdmin(actor.aadObjectId);
    return ok({ items: await this.repo.list(admin ? undefined : actor.aadObjectId, 10), showAuthors: admin });
  }

  /** Records a recipient's acknowledgement, once; only people (or channels) the announcement was delivered to can acknowledge. */
  async acknowledge(
    actor: Actor,
    id: number,
  ): Promise<Outcome<{ announcement: Announcement; at: Date; firstTime: boolean }>> {
    if (!actor.aadObjectId)
      return refuse('forbidden', 'I could not tell who you are, so I could not record your acknowledgement.');
    const a = await this.repo.get(id);
    if (!a || !a.requiresAck || a.status === 'draft' || a.status === 'scheduled')
      return refuse('not-found', 'This announcement does not ask for an acknowledgement.');
    if (!(await this.repo.wasDeliveredTo(id, actor.aadObjectId, actor.conversationId)))
      return refuse('forbidden', 'This announcement was not sent to you, so there is nothing to acknowledge.');
    const recorded = await this.repo.acknowledge(id, actor.aadObjectId, actor.name);
    return ok({ announcement: a, ...recorded });
  }

  private category(raw: string): Outcome<string> {
    const c = raw.trim().toLowerCase();
    return this.categories.includes(c)
      ? ok(c)
      : refuse(
          'invalid',
          `"${raw}" is not an announcement category. The categories are: ${this.categories.join(', ')}.`,
        );
  }

  /** Stops announcements of one category for the caller. */
  async mute(actor: Actor, rawCategory: string): Promise<Outcome<{ category: string; changed: boolean }>> {
    const c = this.category(rawCategory);
    if (!c.ok) return c;
    if (!actor.aadObjectId)
      return refuse('forbidden', 'I could not tell who you are, so I could not change your announcement settings.');
    return ok({ category: c.value, changed: await this.subscriptions.mute(actor.aadObjectId, c.value) });
  }

  /** Resumes announcements of one category for the caller. */
  async unmute(actor: Actor, rawCategory: string): Promise<Outcome<{ category: string; changed: boolean }>> {
    const c = this.category(rawCategory);
    if (!c.ok) return c;
    if (!actor.aadObjectId)
      return refuse('forbidden', 'I could not tell who you are, so I could not change your announcement settings.');
    return ok({ category: c.value, changed: await this.subscriptions.unmute(actor.aadObjectId, c.value) });
  }

  /**
   * Subscribes (or unsubscribes) a channel to a category. Allowed for CoE admins and authors, and for the person
   * who added CoE Assistant to the team (Teams does not tell bots who the team owners are).
   */
  async setChannelSubscription(
    actor: Actor,
    channel: { conversationId: string; teamId?: string },
    rawCategory: string,
    subscribe: boolean,
  ): Promise<Outcome<{ category: string; changed: boolean }>> {
    const c = this.category(rawCategory);
    if (!c.ok) return c;
    const allowed =
      this.canAuthor(actor) ||
      (channel.teamId !== undefined && (await this.subscriptions.installedTeam(channel.teamId, actor.aadObjectId)));
    if (!allowed)
      return refuse(
        'forbidden',
        'Only the person who added CoE Assistant to this team, or CoE staff, can change which announcements this channel receives.',
      );
    const id = channelBaseId(channel.conversationId);
    const changed = subscribe
      ? await this.subscriptions.subscribeChannel(id, c.value, actor.aadObjectId ?? actor.name)
      : await this.subscriptions.unsubscribeChannel(id, c.value);
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

  /** Remembers the author's status card message so the worker can keep it current. */
  async attachStatusCard(id: number, conversationId: string, activityId: string): Promise<void> {
    await this.repo.setStatusCard(id, conversationId, activityId);
  }

  /** Records who added the bot to a team. */
  async recordTeamInstall(
    teamId: string,
    teamName: string | undefined,
    by: { aadObjectId?: string; name?: string },
  ): Promise<void> {
    await this.subscriptions.recordTeamInstall(teamId, teamName, by);
  }

  /** Adds people to a team's roster (from membership events or the roster read at install). */
  async addTeamMembers(teamId: string, members: TeamMember[]): Promise<void> {
    await this.subscriptions.addMembers(teamId, members);
  }

  /** Removes people who left a team from its roster. */
  async removeTeamMembers(teamId: string, userIds: string[]): Promise<void> {
    await this.subscriptions.removeMembers(teamId, userIds);
  }

  /**
   * Creates and sends (or schedules) an announcement from POST /api/announcements. A repeated request with the
   * same idempotency key returns the first announcement instead of sending twice.
   */
  async createFromApi(
    body: unknown,
    idempotencyKey: string | undefined,
    now = new Date(),
  ): Promise<Outcome<{ announcement: Announcement; created: boolean }>> {
    const parsed = apiRequestSchema(this.categories).safeParse(body);
    if (!parsed.success) return refuse('invalid', 'The announcement is not valid.', describeInputIssues(parsed.error));
    const request: ApiRequest = parsed.data;
    if (idempotencyKey) {
      const existing = await this.repo.findByIdempotencyKey(idempotencyKey);
      if (existing) return ok({ announcement: existing, created: false });
    }
    const { scheduledAt, requestedBy, ...content } = request;
    const checked = await this.validate(content);
    if (!checked.ok) return checked;
    const at = scheduledAt ? new Date(scheduledAt) : undefined;
    const problem = at && this.scheduleProblem(at, now);
    if (problem) return refuse('invalid', problem.replace('use Send now', 'leave out scheduledAt'));
    const actor = {
      aadObjectId: API_ACTOR.aadObjectId,
      name: requestedBy ? `${API_ACTOR.name} (${requestedBy})` : API_ACTOR.name,
    };
    const members = at ? undefined : await this.audienceMembers(checked.value.audience);
    try {
      const announcement = await this.deps.db.transaction(async (tx) => {
        const draft = await this.repo.createDraft(checked.value, actor, 'api', tx, idempotencyKey);
        await this.audit(
          draft,
          actor,
          'draft-created',
          { via: 'api', requestedBy, title: draft.title, category: draft.category, audience: draft.audience },
          tx,
        );
        if (at) {
          await tx.query(`update announcements set status = 'scheduled', scheduled_at = $2 where id = $1`, [
            draft.id,
            at,
          ]);
          await this.audit(draft, actor, 'scheduled', { via: 'api', at: at.toISOString() }, tx);
          return (await this.repo.get(draft.id, tx)) as Announcement;
        }
        const started = await this.start(tx, draft, members);
        await this.audit(
          draft,
          actor,
          'send-started',
          { via: 'api', recipients: started.size.recipients, muted: started.size.muted },
          tx,
        );
        return started.announcement;
      });
      if (!at) this.queued();
      return ok({ announcement, created: true });
    } catch (err) {
      if (err instanceof NobodyToSend) return refuse('invalid', err.message);
      if ((err as { code?: string }).code === '23505' && idempotencyKey) {
        const existing = await this.repo.findByIdempotencyKey(idempotencyKey);
        if (existing) return ok({ announcement: existing, created: false });
      }
      throw err;
    }
  }

  /** Status of any announcement for the API (the bearer token stands for CoE staff). */
  async apiStatus(id: number): Promise<Outcome<{ announcement: Announcement; counts: DeliveryCounts }>> {
    const a = await this.repo.get(id);
    if (!a) return refuse('not-found', `There is no announcement #${id}.`);
    return ok({ announcement: a, counts: await this.repo.counts(id) });
  }

  /** Per-recipient CSV for the API (the export is audited like one from Teams). */
  async apiExportCsv(id: number): Promise<{ fileName: string; csv: string; rows: number }> {
    const result = await this.deliveriesCsv(id);
    await this.audit({ id }, API_ACTOR, 'deliveries-exported', { via: 'api', rows: result.rows });
    return result;
  }

  /** Starts every scheduled announcement whose time has come (run by the delivery worker); returns how many started. */
  async startDue(): Promise<number> {
    const members = new Map<number, string[]>();
    for (const a of await this.repo.peekDue()) {
      const ids = await this.audienceMembers(a.audience);
      if (ids) members.set(a.id, ids);
    }
    const started = await this.deps.db.transaction(async (tx) => {
      // A group audience scheduled after the look-up above waits for the next round.
      const due = (await this.repo.lockDue(tx)).filter(
        (a) => a.audience.kind !== 'directory-groups' || members.has(a.id),
      );
      for (const a of due) {
        const { size } = await this.start(tx, a, members.get(a.id));
        await this.audit(
          a,
          SYSTEM,
          'send-started',
          { scheduledAt: a.scheduledAt?.toISOString(), recipients: size.recipients, muted: size.muted },
          tx,
        );
      }
      return due.length;
    });
    if (started) this.queued();
    return started;
  }

  /** Audits the end of a send with its final counts. */
  async recordCompleted(a: Announcement, counts: DeliveryCounts): Promise<void> {
    await this.audit(a, SYSTEM, 'completed', { ...counts });
  }
}
