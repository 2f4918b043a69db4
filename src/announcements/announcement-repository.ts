import type { Database, Queryable } from '../store/database';
import type { Actor } from '../directory/actor';
import type { Announcement, DeliveryCounts, DeliveryRow } from './announcement';
import type { AnnouncementInput } from './announcement-input';
import { fromRow, type Row } from './announcement-row';

/** Storage of announcements and the read side of their deliveries (counts, CSV rows, acknowledgements). */
export class AnnouncementRepository {
  constructor(private readonly db: Database) {}

  /** Stores a new draft written by `author`. */
  async createDraft(
    input: AnnouncementInput,
    author: Actor & { aadObjectId: string },
    source: 'teams' | 'api',
    tx: Queryable = this.db,
    idempotencyKey?: string,
  ): Promise<Announcement> {
    const rows = await tx.query<Row>(
      `insert into announcements (author_id, author_name, author_user_id, author_conversation_id, source, title, body, image_url, links, category, audience, requires_ack, status, idempotency_key)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13) returning *`,
      [
        author.aadObjectId,
        author.name,
        author.userId ?? null,
        author.conversationId ?? null,
        source,
        input.title,
        input.body,
        input.imageUrl ?? null,
        JSON.stringify(input.links),
        input.category,
        JSON.stringify(input.audience),
        input.requiresAck,
        idempotencyKey ?? null,
      ],
    );
    return fromRow(rows[0]);
  }

  /** Replaces a draft's content if it is still a draft at `expectedVersion`; returns undefined otherwise. */
  async updateDraft(id: number, expectedVersion: number, input: AnnouncementInput): Promise<Announcement | undefined> {
    const rows = await this.db.query<Row>(
      `update announcements set title = $3, body = $4, image_url = $5, links = $6, category = $7, audience = $8, requires_ack = $9,
              version = version + 1, updated_at = now()
        where id = $1 and version = $2 and status = 'draft' returning *`,
      [
        id,
        expectedVersion,
        input.title,
        input.body,
        input.imageUrl ?? null,
        JSON.stringify(input.links),
        input.category,
        JSON.stringify(input.audience),
        input.requiresAck,
      ],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** One announcement by id (undefined for ids that cannot exist). */
  async get(id: number, tx: Queryable = this.db): Promise<Announcement | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    const rows = await tx.query<Row>('select * from announcements where id = $1', [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** The announcement an API client created with this Idempotency-Key, if any. */
  async findByIdempotencyKey(key: string): Promise<Announcement | undefined> {
    const rows = await this.db.query<Row>('select * from announcements where idempotency_key = $1', [key]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** The most recent announcements, of one author or (authorId undefined) of everyone. */
  async list(authorId: string | undefined, limit = 10): Promise<Announcement[]> {
    const rows = await this.db.query<Row>(
      `select * from announcements where ($1::text is null or author_id = $1) order by updated_at desc, id desc limit $2`,
      [authorId ?? null, limit],
    );
    return rows.map(fromRow);
  }

  /** Deletes a draft (only drafts can be deleted; sends are kept for the record). */
  async deleteDraft(id: number): Promise<boolean> {
    return (
      (await this.db.query(`delete from announcements where id = $1 and status = 'draft' returning id`, [id])).length >
      0
    );
  }

  /** Moves a draft (at `expectedVersion`) to 'scheduled' at `at`; the status card, when given, goes to that conversation. */
  async schedule(
    id: number,
    expectedVersion: number,
    at: Date,
    statusCard: { conversationId?: string } = {},
    tx: Queryable = this.db,
  ): Promise<Announcement | undefined> {
    const rows = await tx.query<Row>(
      `update announcements set status = 'scheduled', scheduled_at = $3, status_conversation_id = coalesce($4, status_conversation_id), updated_at = now()
        where id = $1 and version = $2 and status = 'draft' returning *`,
      [id, expectedVersion, at, statusCard.conversationId ?? null],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Locks a draft (at `expectedVersion`) or a due scheduled announcement for starting its send; undefined when not startable. */
  async lockForStart(tx: Queryable, id: number, expectedVersion?: number): Promise<Announcement | undefined> {
    const rows = await tx.query<Row>(
      `select * from announcements where id = $1 and (($2::int is not null and status = 'draft' and version = $2) or ($2::int is null and status in ('draft', 'scheduled')))
       for update`,
      [id, expectedVersion ?? null],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Scheduled announcements whose time has come, without locking them (to look up group audiences before the transaction). */
  async peekDue(limit = 5): Promise<Announcement[]> {
    const rows = await this.db.query<Row>(
      `select * from announcements where status = 'scheduled' and scheduled_at <= clock_timestamp() order by scheduled_at limit $1`,
      [limit],
    );
    return rows.map(fromRow);
  }

  /** Scheduled announcements whose time has come, locked so only one instance starts each. */
  async lockDue(tx: Queryable, limit = 5): Promise<Announcement[]> {
    const rows = await tx.query<Row>(
      `select * from announcements where status = 'scheduled' and scheduled_at <= clock_timestamp() order by scheduled_at limit $1 for update skip locked`,
      [limit],
    );
    return rows.map(fromRow);
  }

  /** Marks a locked announcement as sending, with its resolved audience size. */
  async markSending(
    tx: Queryable,
    id: number,
    counts: { recipients: number; muted: number },
    statusConversationId?: string,
  ): Promise<Announcement> {
    const rows = await tx.query<Row>(
      `update announcements set status = 'sending', started_at = clock_timestamp(), updated_at = now(), recipient_count = $2, muted_count = $3,
              status_conversation_id = coalesce($4, status_conversation_id)
        where id = $1 returning *`,
      [id, counts.recipients, counts.muted, statusConversationId ?? null],
    );
    return fromRow(rows[0]);
  }

  /** Cancels a scheduled or running send: queued and claimed jobs are dropped, messages already in flight finish. */
  async cancel(id: number, by: string): Promise<Announcement | undefined> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<Row>(
        `update announcements set status = 'cancelled', cancelled_at = clock_timestamp(), cancelled_by = $2, finished_at = clock_timestamp(), updated_at = now()
          where id = $1 and status in ('scheduled', 'sending') returning *`,
        [id, by],
      );
      if (!rows[0]) return undefined;
      await tx.query(
        `update announcement_deliveries set status = 'cancelled', claim_token = null, lease_until = null where announcement_id = $1 and status in ('queued', 'claimed')`,
        [id],
      );
      return fromRow(rows[0]);
    });
  }

  /** Marks a send complete once no job is left to do; returns true for the one caller that completed it. */
  async completeIfDone(id: number): Promise<boolean> {
    const rows = await this.db.query(
      `update announcements a set status = 'completed', finished_at = clock_timestamp(), updated_at = now()
        where a.id = $1 and a.status = 'sending'
          and not exists (select 1 from announcement_deliveries d where d.announcement_id = a.id and d.status in ('queued', 'claimed', 'sending'))
        returning id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Sends in progress, and finished sends whose final status card has not been posted yet. */
  async needingStatusCard(): Promise<Announcement[]> {
    const rows = await this.db.query<Row>(
      `select * from announcements where status = 'sending'
          or (status in ('completed', 'cancelled') and status_activity_id is not null and not status_card_final)
        order by id limit 20`,
    );
    return rows.map(fromRow);
  }

  /**
   * Takes the right to post the next status card update: at most one per `intervalMs` across all instances, and
   * exactly one final update (`final` marks it posted; `saveStatusCardCounts` undoes that if the post fails).
   * Returns the counts posted last time, or null when it is not this caller's turn.
   */
  async takeStatusCardTurn(
    id: number,
    intervalMs: number,
    final: boolean,
  ): Promise<{ lastCounts: DeliveryCounts | null } | null> {
    const rows = await this.db.query<{ status_card_counts: DeliveryCounts | null }>(
      `update announcements set status_card_at = clock_timestamp(), status_card_final = $3
        where id = $1 and status_activity_id is not null and not status_card_final
          and ($3 or status_card_at is null or status_card_at < clock_timestamp() - $2 * interval '1 millisecond')
        returning status_card_counts`,
      [id, intervalMs, final],
    );
    return rows[0] ? { lastCounts: rows[0].status_card_counts } : null;
  }

  /** Remembers what the status card now shows. */
  async saveStatusCardCounts(id: number, counts: DeliveryCounts | undefined, final: boolean): Promise<void> {
    await this.db.query(
      'update announcements set status_card_counts = coalesce($2, status_card_counts), status_card_final = $3 where id = $1',
      [id, counts ? JSON.stringify(counts) : null, final],
    );
  }

  /** Remembers the author's status card message, so the worker can update it. */
  async setStatusCard(id: number, conversationId: string, activityId: string): Promise<void> {
    await this.db.query(
      'update announcements set status_conversation_id = $2, status_activity_id = $3, status_card_final = false where id = $1',
      [id, conversationId, activityId],
    );
  }

  /** Progress counts of one send. */
  async counts(id: number): Promise<DeliveryCounts> {
    const [row] = await this.db.query<Record<keyof DeliveryCounts, number>>(
      `select count(*)::int as total,
              count(*) filter (where status = 'queued' and attempts = 0)::int as queued,
              count(*) filter (where status = 'queued' and attempts > 0)::int as retrying,
              count(*) filter (where status in ('claimed', 'sending'))::int as "inFlight",
              count(*) filter (where status = 'sent')::int as sent,
              count(*) filter (where status = 'failed')::int as failed,
              count(*) filter (where status = 'unreachable')::int as unreachable,
              count(*) filter (where status = 'cancelled')::int as cancelled,
              count(*) filter (where in_doubt)::int as "possiblySent",
              (select count(*)::int from announcement_acks k where k.announcement_id = $1) as acknowledged
         from announcement_deliveries where announcement_id = $1`,
      [id],
    );
    return row;
  }

  /** Every recipient of a send with its delivery state, for the CSV export. */
  async deliveryRows(id: number): Promise<DeliveryRow[]> {
    const rows = await this.db.query<{
      recipient_key: string;
      kind: 'personal' | 'channel';
      user_name: string | null;
      aad_object_id: string | null;
      conversation_id: string | null;
      team_id: string | null;
      status: DeliveryRow['status'];
      attempts: number;
      in_doubt: boolean;
      last_http_status: number | null;
      last_error: string | null;
      sent_at: Date | null;
      acknowledged_at: Date | null;
    }>(
      `select d.recipient_key, d.kind, d.user_name, d.aad_object_id, d.conversation_id, d.team_id, d.status, d.attempts, d.in_doubt,
              d.last_http_status, d.last_error, d.sent_at, k.acknowledged_at
         from announcement_deliveries d
         left join announcement_acks k on k.announcement_id = d.announcement_id and k.aad_object_id = d.aad_object_id
        where d.announcement_id = $1 order by d.id`,
      [id],
    );
    return rows.map((r) => ({
      recipient: r.user_name ?? r.recipient_key,
      kind: r.kind,
      aadObjectId: r.aad_object_id ?? undefined,
      conversationId: r.conversation_id ?? undefined,
      teamId: r.team_id ?? undefined,
      status: r.status,
      attempts: r.attempts,
      possiblySentTwice: r.in_doubt,
      lastHttpStatus: r.last_http_status ?? undefined,
      lastError: r.last_error ?? undefined,
      sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : undefined,
      acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : undefined,
    }));
  }

  /** True when `aadObjectId` (or the conversation `conversationId`) was sent this announcement. */
  async wasDeliveredTo(
    id: number,
    aadObjectId: string | undefined,
    conversationId: string | undefined,
  ): Promise<boolean> {
    const rows = await this.db.query(
      `select 1 from announcement_deliveries where announcement_id = $1 and status = 'sent'
          and ((aad_object_id is not null and aad_object_id = $2) or (conversation_id is not null and (conversation_id = $3 or pace_key = (select channel_id from conversation_references where conversation_id = $3))))
        limit 1`,
      [id, aadObjectId ?? null, conversationId ?? ''],
    );
    return rows.length > 0;
  }

  /** Records an acknowledgement once per person; returns when it was (first) recorded and whether this call recorded it. */
  async acknowledge(id: number, aadObjectId: string, userName: string): Promise<{ at: Date; firstTime: boolean }> {
    const inserted = await this.db.query<{ acknowledged_at: Date }>(
      `insert into announcement_acks (announcement_id, aad_object_id, user_name) values ($1, $2, $3) on conflict do nothing returning acknowledged_at`,
      [id, aadObjectId, userName],
    );
    if (inserted[0]) return { at: new Date(inserted[0].acknowledged_at), firstTime: true };
    const [existing] = await this.db.query<{ acknowledged_at: Date }>(
      'select acknowledged_at from announcement_acks where announcement_id = $1 and aad_object_id = $2',
      [id, aadObjectId],
    );
    return { at: new Date(existing.acknowledged_at), firstTime: false };
  }
}
