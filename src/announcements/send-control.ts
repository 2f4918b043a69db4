import type { Database, Queryable } from '../store/database';
import type { Actor } from '../directory/actor';
import type { Announcement, DeliveryCounts } from './announcement';
import { type AnnouncementAccess, API_ACTOR, SYSTEM } from './announcement-access';
import { type ApiRequest, apiRequestSchema, describeInputIssues } from './announcement-input';
import { ok, type Outcome, refuse } from '../runtime/outcome';
import type { AnnouncementRepository } from './announcement-repository';
import type { AudienceSize } from './audience';
import type { AudienceResolver } from './audience-resolver';
import { isKnownTimeZone, wallClockToInstant } from './schedule-time';

class NobodyToSend extends Error {}

/** Why a send time cannot be used, or undefined when it can. */
function scheduleProblem(at: Date, now: Date): string | undefined {
  if (at.getTime() < now.getTime() + 60_000)
    return 'The scheduled time must be at least a minute from now. To send straight away, use Send now.';
  if (at.getTime() > now.getTime() + 366 * 86_400_000) return 'The scheduled time must be within the next year.';
  return undefined;
}

/**
 * Starting and stopping sends: send now, schedule, cancel, start what is due, and the API's create-and-send. Every
 * change of an announcement's status goes through the repository, in one transaction with its audit entry.
 */
export class SendControl {
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly deps: {
      db: Database;
      repo: AnnouncementRepository;
      access: AnnouncementAccess;
      audience: AudienceResolver;
      categories: readonly string[];
    },
  ) {}

  /** Calls `listener` whenever new delivery jobs are queued in this process (the worker wakes up at once). */
  onQueued(listener: () => void): void {
    this.listeners.push(listener);
  }

  private queued(): void {
    for (const l of this.listeners) l();
  }

  /** Queues the deliveries of `a`; `members` are its group audience's members, looked up before the transaction (Graph is slow). */
  private async start(
    tx: Queryable,
    a: Announcement,
    members: string[] | undefined,
    statusConversationId?: string,
  ): Promise<{ announcement: Announcement; size: AudienceSize }> {
    const size = await this.deps.audience.expand(tx, a, members);
    if (size.recipients === 0 && a.status === 'draft') {
      throw new NobodyToSend(
        `No one would receive announcement #${a.id}: the audience is empty${size.muted ? ` (${size.muted} muted ${a.category})` : ''}. Nothing was sent; choose another audience.`,
      );
    }
    return { announcement: await this.deps.repo.markSending(tx, a.id, size, statusConversationId), size };
  }

  /** Checks that a draft can still be sent or scheduled from the preview the author is looking at. */
  private async startable(actor: Actor, id: number, version: number, verb: string): Promise<Outcome<Announcement>> {
    const a = await this.deps.access.owned(actor, id);
    if (!a.ok) return a;
    if (a.value.status !== 'draft') return refuse('conflict', `Announcement #${id} is already ${a.value.status}.`);
    if (a.value.version !== version)
      return refuse(
        'conflict',
        `This preview shows an older version of draft #${id}. Use the latest preview to ${verb} it.`,
      );
    return a;
  }

  /** Starts delivering a draft now, if it is still the version the author previewed. */
  async sendNow(
    actor: Actor,
    id: number,
    version: number,
  ): Promise<Outcome<{ announcement: Announcement; size: AudienceSize }>> {
    const a = await this.startable(actor, id, version, 'send');
    if (!a.ok) return a;
    const members = await this.deps.audience.members(a.value.audience);
    try {
      const result = await this.deps.db.transaction(async (tx) => {
        const locked = await this.deps.repo.lockForStart(tx, id, version);
        if (!locked) return undefined;
        const started = await this.start(tx, locked, members, actor.conversationId);
        const { recipients, muted } = started.size;
        await this.deps.access.record(started.announcement, actor, 'send-started', { recipients, muted }, tx);
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

  /** Schedules a draft for the author's wall-clock `date` and `time` in `timeZone` (UTC when unknown). */
  async schedule(
    actor: Actor,
    id: number,
    version: number,
    when: { date?: string; time?: string; timeZone?: string },
    now = new Date(),
  ): Promise<Outcome<Announcement>> {
    const a = await this.startable(actor, id, version, 'schedule');
    if (!a.ok) return a;
    if (!when.date || !when.time)
      return refuse('invalid', 'Choose both a date and a time to schedule the announcement.');
    const at = wallClockToInstant(when.date, when.time, when.timeZone);
    if (!at) return refuse('invalid', `${when.date} ${when.time} is not a valid date and time.`);
    const problem = scheduleProblem(at, now);
    if (problem) return refuse('invalid', problem);
    const scheduled = await this.deps.repo.schedule(id, version, at, { conversationId: actor.conversationId });
    if (!scheduled) return refuse('conflict', `Draft #${id} changed meanwhile; open the latest preview and try again.`);
    await this.deps.access.record(scheduled, actor, 'scheduled', {
      at: at.toISOString(),
      timeZone: isKnownTimeZone(when.timeZone) ? when.timeZone : 'UTC',
    });
    return ok(scheduled);
  }

  /** Cancels a scheduled or running send; messages already delivered stay delivered. */
  async cancel(actor: Actor, id: number): Promise<Outcome<Announcement>> {
    const a = await this.deps.access.owned(actor, id);
    if (!a.ok) return a;
    const cancelled = await this.deps.repo.cancel(id, actor.aadObjectId ?? actor.name);
    if (!cancelled)
      return refuse(
        'conflict',
        `Announcement #${id} is ${a.value.status}; only scheduled or running sends can be cancelled.`,
      );
    await this.deps.access.record(cancelled, actor, 'cancelled', { previousStatus: a.value.status });
    return ok(cancelled);
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
    const { repo, access } = this.deps;
    const parsed = apiRequestSchema(this.deps.categories).safeParse(body);
    if (!parsed.success) return refuse('invalid', 'The announcement is not valid.', describeInputIssues(parsed.error));
    const request: ApiRequest = parsed.data;
    if (idempotencyKey) {
      const existing = await repo.findByIdempotencyKey(idempotencyKey);
      if (existing) return ok({ announcement: existing, created: false });
    }
    const { scheduledAt, requestedBy, ...content } = request;
    const checked = await this.deps.audience.validate(content);
    if (!checked.ok) return checked;
    const at = scheduledAt ? new Date(scheduledAt) : undefined;
    const problem = at && scheduleProblem(at, now);
    if (problem) return refuse('invalid', problem.replace('use Send now', 'leave out scheduledAt'));
    const actor = {
      aadObjectId: API_ACTOR.aadObjectId,
      name: requestedBy ? `${API_ACTOR.name} (${requestedBy})` : API_ACTOR.name,
    };
    const members = at ? undefined : await this.deps.audience.members(checked.value.audience);
    try {
      const announcement = await this.deps.db.transaction(async (tx) => {
        const draft = await repo.createDraft(checked.value, actor, 'api', tx, idempotencyKey);
        const { title, category, audience } = draft;
        await access.record(draft, actor, 'draft-created', { via: 'api', requestedBy, title, category, audience }, tx);
        if (at) {
          const scheduled = await repo.schedule(draft.id, draft.version, at, {}, tx);
          await access.record(draft, actor, 'scheduled', { via: 'api', at: at.toISOString() }, tx);
          return scheduled as Announcement;
        }
        const started = await this.start(tx, draft, members);
        const { recipients, muted } = started.size;
        await access.record(draft, actor, 'send-started', { via: 'api', recipients, muted }, tx);
        return started.announcement;
      });
      if (!at) this.queued();
      return ok({ announcement, created: true });
    } catch (err) {
      if (err instanceof NobodyToSend) return refuse('invalid', err.message);
      if ((err as { code?: string }).code === '23505' && idempotencyKey) {
        const existing = await repo.findByIdempotencyKey(idempotencyKey);
        if (existing) return ok({ announcement: existing, created: false });
      }
      throw err;
    }
  }

  /** Starts every scheduled announcement whose time has come (run by the delivery worker); returns how many started. */
  async startDue(): Promise<number> {
    const members = new Map<number, string[]>();
    for (const a of await this.deps.repo.peekDue()) {
      const ids = await this.deps.audience.members(a.audience);
      if (ids) members.set(a.id, ids);
    }
    const started = await this.deps.db.transaction(async (tx) => {
      // A group audience scheduled after the look-up above waits for the next round.
      const due = (await this.deps.repo.lockDue(tx)).filter(
        (a) => a.audience.kind !== 'directory-groups' || members.has(a.id),
      );
      for (const a of due) {
        const { size } = await this.start(tx, a, members.get(a.id));
        const details = { scheduledAt: a.scheduledAt?.toISOString(), recipients: size.recipients, muted: size.muted };
        await this.deps.access.record(a, SYSTEM, 'send-started', details, tx);
      }
      return due.length;
    });
    if (started) this.queued();
    return started;
  }

  /** Audits the end of a send with its final counts. */
  async recordCompleted(a: Announcement, counts: DeliveryCounts): Promise<void> {
    await this.deps.access.record(a, SYSTEM, 'completed', { ...counts });
  }
}
