import type { Database, Queryable } from '../store/database';
import type { DeliveryRecipient, SendReceipt } from './delivery-transport';

/** A job this worker holds a lease on, with the moment (local clock) its pacing slot opens. */
export interface ClaimedJob {
  id: number;
  announcementId: number;
  claimToken: string;
  attempts: number;
  inDoubt: boolean;
  recipient: DeliveryRecipient;
  /** Local epoch milliseconds at which the job may be sent. */
  sendAt: number;
}

export interface ClaimOptions {
  limit: number;
  workerId: string;
  claimToken: string;
  messagesPerSecond: number;
  perConversationPerSecond: number;
  /** How long the worker may hold a claimed job past its slot before another instance may take it. */
  leaseMs: number;
}

interface CandidateRow {
  id: number;
  announcement_id: number;
  recipient_key: string;
  kind: 'personal' | 'channel';
  conversation_id: string | null;
  pace_key: string;
  aad_object_id: string | null;
  user_id: string | null;
  user_name: string | null;
  team_id: string | null;
  tenant_id: string | null;
  attempts: number;
  in_doubt: boolean;
}

/** How much the global rate drops while the connector is throttling us (429 seen recently). */
const THROTTLED_RATE_FACTOR = 0.5;

/**
 * The durable delivery queue: one row per recipient in `announcement_deliveries`, shared by every bot instance.
 *
 * Claiming takes due jobs with `FOR UPDATE SKIP LOCKED`, so instances never take the same job, and reserves
 * each job a send slot from one global pacer row (a GCRA "theoretical arrival time" in `announcement_pacer`):
 * every instance draws from the same budget, so together they never exceed `messagesPerSecond`, whatever the
 * number of instances. A per-conversation row in `announcement_conversation_pace` spaces messages to the same
 * chat or channel. Every later write is fenced by the claim token, so a worker that lost its lease cannot
 * overwrite the job's newer state.
 */
export class DeliveryQueue {
  constructor(private readonly db: Database) {}

  /** Claims up to `limit` due jobs and gives each a pacing slot; returns them in slot order. */
  async claim(options: ClaimOptions): Promise<ClaimedJob[]> {
    return this.db.transaction(async (tx) => {
      const [pacer] = await tx.query<{ tat_ms: number; slow: boolean; now_ms: number }>(
        `select extract(epoch from tat)::float8 * 1000 as tat_ms, coalesce(slow_until > clock_timestamp(), false) as slow,
                extract(epoch from clock_timestamp())::float8 * 1000 as now_ms
           from announcement_pacer where id = 1 for update`,
      );
      const localAtRead = Date.now();
      const candidates = await tx.query<CandidateRow>(
        `select d.id, d.announcement_id, d.recipient_key, d.kind, d.conversation_id, d.pace_key, d.aad_object_id, d.user_id, d.user_name,
                d.team_id, d.tenant_id, d.attempts, d.in_doubt
           from announcement_deliveries d
          where d.status = 'queued' and d.next_attempt_at <= clock_timestamp()
            and exists (select 1 from announcements a where a.id = d.announcement_id and a.status = 'sending')
            and not exists (select 1 from announcement_conversation_pace p where p.pace_key = d.pace_key and p.next_at > clock_timestamp())
          order by d.next_attempt_at, d.id
          limit $1
          for update of d skip locked`,
        [options.limit],
      );
      const seen = new Set<string>();
      let picked = candidates.filter((c) => (seen.has(c.pace_key) ? false : (seen.add(c.pace_key), true)));
      if (picked.length === 0) return [];

      const intervalMs = 1000 / (options.messagesPerSecond * (pacer.slow ? THROTTLED_RATE_FACTOR : 1));
      const perConversationMs = 1000 / options.perConversationPerSecond;
      const start = Math.max(pacer.tat_ms, pacer.now_ms);
      const won = await tx.query<{ pace_key: string }>(
        `insert into announcement_conversation_pace (pace_key, next_at)
         select k, to_timestamp(t / 1000.0) from unnest($1::text[], $2::float8[]) as u(k, t)
         on conflict (pace_key) do update set next_at = excluded.next_at
           where announcement_conversation_pace.next_at <= clock_timestamp()
         returning pace_key`,
        [picked.map((c) => c.pace_key), picked.map((_, i) => start + i * intervalMs + perConversationMs)],
      );
      const winners = new Set(won.map((w) => w.pace_key));
      picked = picked.filter((c) => winners.has(c.pace_key));
      if (picked.length === 0) return [];

      const slots = picked.map((_, i) => start + i * intervalMs);
      await tx.query('update announcement_pacer set tat = to_timestamp($1 / 1000.0) where id = 1', [
        start + picked.length * intervalMs,
      ]);
      await tx.query(
        `update announcement_deliveries d set status = 'claimed', claim_token = $2, claimed_by = $3, claimed_at = clock_timestamp(),
                lease_until = to_timestamp(u.lease / 1000.0)
           from unnest($1::bigint[], $4::float8[]) as u(id, lease) where d.id = u.id`,
        [picked.map((c) => c.id), options.claimToken, options.workerId, slots.map((s) => s + options.leaseMs)],
      );
      return picked.map((c, i) => ({
        id: Number(c.id),
        announcementId: Number(c.announcement_id),
        claimToken: options.claimToken,
        attempts: c.attempts,
        inDoubt: c.in_doubt,
        sendAt: localAtRead + (slots[i] - pacer.now_ms),
        recipient: {
          key: c.recipient_key,
          kind: c.kind,
          conversationId: c.conversation_id ?? undefined,
          aadObjectId: c.aad_object_id ?? undefined,
          userId: c.user_id ?? undefined,
          userName: c.user_name ?? undefined,
          teamId: c.team_id ?? undefined,
          tenantId: c.tenant_id ?? undefined,
        },
      }));
    });
  }

  /**
   * Moves a claimed job to 'sending' just before the request goes out; from here on, a crash leaves the job
   * "possibly sent". Returns the attempt number, or undefined when the job is no longer ours (cancelled or reclaimed).
   */
  async markSending(job: ClaimedJob, leaseMs: number): Promise<number | undefined> {
    const rows = await this.db.query<{ attempts: number }>(
      `update announcement_deliveries set status = 'sending', attempts = attempts + 1, sending_at = clock_timestamp(),
              lease_until = clock_timestamp() + $3 * interval '1 millisecond'
        where id = $1 and claim_token = $2 and status = 'claimed' returning attempts`,
      [job.id, job.claimToken, leaseMs],
    );
    return rows[0]?.attempts;
  }

  /**
   * Records a delivered message. If the lease had expired meanwhile but no worker has started re-sending it, the
   * job is still settled as sent once (no longer in doubt); returns false only when a re-send is already under way.
   */
  async markSent(job: ClaimedJob, receipt: SendReceipt): Promise<boolean> {
    const set = `status = 'sent', activity_id = $2, conversation_id = coalesce(conversation_id, $3), sent_at = clock_timestamp(),
                 last_http_status = null, last_error = null, claim_token = null, lease_until = null`;
    const values = [job.id, receipt.activityId ?? null, receipt.conversationId ?? null];
    const rows = await this.db.query(
      `update announcement_deliveries set ${set} where id = $1 and claim_token = $4 and status = 'sending' returning id`,
      [...values, job.claimToken],
    );
    if (rows.length) return true;
    const rescued = await this.db.query(
      `update announcement_deliveries set ${set}, in_doubt = false where id = $1 and status in ('queued', 'claimed', 'cancelled') returning id`,
      values,
    );
    return rescued.length > 0;
  }

  /** Puts a failed job back in the queue for another attempt after `delayMs`. */
  async retryLater(
    job: ClaimedJob,
    delayMs: number,
    failure: { httpStatus: number; error: string; inDoubt: boolean },
  ): Promise<void> {
    await this.db.query(
      `update announcement_deliveries set status = 'queued', next_attempt_at = clock_timestamp() + $3 * interval '1 millisecond',
              last_http_status = $4, last_error = $5, in_doubt = in_doubt or $6, claim_token = null, lease_until = null
        where id = $1 and claim_token = $2 and status = 'sending'`,
      [
        job.id,
        job.claimToken,
        Math.max(0, Math.round(delayMs)),
        failure.httpStatus || null,
        failure.error.slice(0, 500),
        failure.inDoubt,
      ],
    );
  }

  /** Settles a job that will not be retried ('failed', or 'unreachable' when the recipient blocked or removed the bot). */
  async markFinal(
    job: ClaimedJob,
    status: 'failed' | 'unreachable',
    failure: { httpStatus: number; error: string },
  ): Promise<void> {
    await this.db.query(
      `update announcement_deliveries set status = $3, last_http_status = $4, last_error = $5, claim_token = null, lease_until = null
        where id = $1 and claim_token = $2 and status = 'sending'`,
      [job.id, job.claimToken, status, failure.httpStatus || null, failure.error.slice(0, 500)],
    );
  }

  /** Returns this worker's claimed-but-unsent jobs to the queue (graceful shutdown); in-flight ones keep their lease. */
  async release(workerId: string): Promise<number> {
    const rows = await this.db.query(
      `update announcement_deliveries set status = 'queued', claim_token = null, claimed_by = null, lease_until = null
        where claimed_by = $1 and status = 'claimed' returning id`,
      [workerId],
    );
    return rows.length;
  }

  /**
   * Takes back jobs whose lease ran out (their worker died or hung). A job that was 'claimed' had not been sent
   * and simply returns to the queue; one that was 'sending' may have reached the recipient, so it is flagged
   * `in_doubt` ("possibly sent") before being sent again.
   */
  async reclaimExpired(): Promise<{ requeued: number; inDoubt: number }> {
    const rows = await this.db.query<{ was_sending: boolean }>(
      `with expired as (
         select id, status = 'sending' as was_sending from announcement_deliveries
          where status in ('claimed', 'sending') and lease_until < clock_timestamp()
          for update skip locked
       )
       update announcement_deliveries d set status = 'queued', in_doubt = d.in_doubt or e.was_sending, claim_token = null,
              claimed_by = null, lease_until = null, next_attempt_at = clock_timestamp()
         from expired e where d.id = e.id
       returning e.was_sending`,
    );
    return { requeued: rows.length, inDoubt: rows.filter((r) => r.was_sending).length };
  }

  /** After a 429, halves the global rate for `cooldownMs` and pauses new slots for up to a second, for every instance. */
  async slowDown(retryAfterMs: number, cooldownMs: number): Promise<void> {
    await this.db.query(
      `update announcement_pacer set
          slow_until = greatest(coalesce(slow_until, clock_timestamp()), clock_timestamp() + $1 * interval '1 millisecond'),
          tat = greatest(tat, clock_timestamp() + $2 * interval '1 millisecond')
        where id = 1`,
      [Math.max(cooldownMs, retryAfterMs), Math.min(retryAfterMs, 1000)],
    );
  }

  /** Reserves one slot from the global budget for a message outside the queue (a status card update); returns the wait in ms. */
  async reserveSlot(messagesPerSecond: number): Promise<number> {
    const [row] = await this.db.query<{ wait_ms: number }>(
      `update announcement_pacer set tat = greatest(tat, clock_timestamp()) + $1 * interval '1 millisecond' where id = 1
       returning greatest(0, extract(epoch from (tat - clock_timestamp()))::float8 * 1000 - $1) as wait_ms`,
      [1000 / messagesPerSecond],
    );
    return row?.wait_ms ?? 0;
  }

  /** Milliseconds until the next queued job or scheduled announcement is due; undefined when there is none. */
  async nextDueInMs(): Promise<number | undefined> {
    const [row] = await this.db.query<{ due_ms: number | null }>(
      `select extract(epoch from (least(
          (select min(next_attempt_at) from announcement_deliveries where status = 'queued'),
          (select min(scheduled_at) from announcements where status = 'scheduled'),
          (select min(lease_until) from announcement_deliveries where status in ('claimed', 'sending'))
        ) - clock_timestamp()))::float8 * 1000 as due_ms`,
    );
    return row?.due_ms === null || row?.due_ms === undefined ? undefined : Math.max(0, row.due_ms);
  }

  /** Drops per-conversation pacing rows that no longer restrict anything. */
  async prunePacing(tx: Queryable = this.db): Promise<void> {
    await tx.query(
      `delete from announcement_conversation_pace where next_at < clock_timestamp() - interval '1 minute'`,
    );
  }
}
