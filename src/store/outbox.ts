import type { Database, Queryable } from './database';

/** One piece of follow-up work, as claimed by the process that will carry it out. */
export interface OutboxEntry {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  /** Parts already carried out by an earlier attempt. */
  doneSteps: ReadonlySet<string>;
  attempts: number;
}

/** Runs named parts of an entry at most once each (a part in flight during a crash may run twice). */
export interface Steps {
  /** Runs `work` unless the part `key` is already done; marks it done when `work` reports success (returns true). */
  once(key: string, work: () => Promise<boolean>): Promise<void>;
  /** The same steps with every key prefixed, for a helper that is used twice in one entry. */
  scoped(prefix: string): Steps;
}

/** Steps that run every part (no outbox entry behind them). */
export const EVERY_STEP: Steps = {
  once: async (_key, work) => {
    await work();
  },
  scoped: () => EVERY_STEP,
};

interface OutboxRow {
  id: number | string;
  topic: string;
  payload: Record<string, unknown> | string;
  done_steps: string[] | string;
  attempts: number;
}

export interface OutboxOptions {
  /** How long a claim keeps other instances away (milliseconds). */
  leaseMs: number;
  /** After this many failed attempts an entry is given up (kept, with its last error, for diagnosis). */
  maxAttempts: number;
  /** The clock claims are renewed by (the caller's, so tests can move it). */
  clock: () => Date;
}

const DEFAULTS: OutboxOptions = { leaseMs: 120_000, maxAttempts: 8, clock: () => new Date() };

const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function toEntry(r: OutboxRow): OutboxEntry {
  return {
    id: Number(r.id),
    topic: r.topic,
    payload: parsed(r.payload),
    doneSteps: new Set(parsed(r.done_steps)),
    attempts: r.attempts,
  };
}

/**
 * A transactional outbox: work that must follow a committed change is written in the change's own transaction, then
 * carried out right after the commit by the same process, or, if that process died or failed, later by any instance's
 * worker. Claims are leases, so two instances never work on one entry at the same time.
 */
export class Outbox {
  private readonly options: OutboxOptions;

  constructor(
    private readonly db: Database,
    options: Partial<OutboxOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Records follow-up work inside the caller's transaction; returns its id for `claim`. */
  async enqueue(tx: Queryable, topic: string, payload: Record<string, unknown>, now: Date): Promise<number> {
    const [row] = await tx.query<{ id: number | string }>(
      'insert into outbox (topic, payload, created_at) values ($1, $2, $3) returning id',
      [topic, JSON.stringify(payload), now],
    );
    return Number(row.id);
  }

  /** Claims one entry (normally right after its commit); undefined when it is done or another instance holds it. */
  async claim(id: number, now: Date): Promise<OutboxEntry | undefined> {
    const [row] = await this.db.query<OutboxRow>(
      `update outbox set claimed_until = $2, attempts = attempts + 1
        where id = $1 and done_at is null and (claimed_until is null or claimed_until < $3) returning *`,
      [id, new Date(now.getTime() + this.options.leaseMs), now],
    );
    return row ? toEntry(row) : undefined;
  }

  /**
   * Claims entries created at least `olderThanMs` ago that are neither done nor held: work a dead or failed process left
   * behind. `topicPrefix` keeps each capability's worker to its own entries (for example "review." or "escalation.").
   */
  async claimDue(now: Date, olderThanMs: number, limit: number, topicPrefix = ''): Promise<OutboxEntry[]> {
    const rows = await this.db.query<OutboxRow>(
      `update outbox set claimed_until = $2, attempts = attempts + 1
        where id in (select id from outbox where done_at is null and created_at <= $1 and (claimed_until is null or claimed_until < $3)
                      and starts_with(topic, $5) order by id limit $4 for update skip locked)
        returning *`,
      [new Date(now.getTime() - olderThanMs), new Date(now.getTime() + this.options.leaseMs), now, limit, topicPrefix],
    );
    return rows.map(toEntry).sort((a, b) => a.id - b.id);
  }

  /** Step bookkeeping for a claimed entry: each part that succeeds is written down at once. */
  steps(entry: OutboxEntry): Steps {
    const done = new Set(entry.doneSteps);
    const make = (prefix: string): Steps => ({
      once: async (key, work) => {
        const full = prefix + key;
        if (done.has(full)) return;
        if (!(await work())) return;
        done.add(full);
        // Each finished part also renews the claim, so a long entry is not taken over while it is being worked on.
        await this.db.query(
          `update outbox set done_steps = done_steps || $2::jsonb, claimed_until = greatest(claimed_until, $3) where id = $1`,
          [entry.id, JSON.stringify([full]), new Date(this.options.clock().getTime() + this.options.leaseMs)],
        );
      },
      scoped: (more) => make(`${prefix}${more}:`),
    });
    return make('');
  }

  /** Marks a claimed entry as carried out. */
  async complete(id: number, now: Date): Promise<void> {
    await this.db.query('update outbox set done_at = $2, claimed_until = null, last_error = null where id = $1', [
      id,
      now,
    ]);
  }

  /**
   * Releases a claimed entry after a failure. It is retried after a back-off that doubles with each attempt
   * (30 s, 1 min, 2 min ... at most 30 min); after too many attempts it is given up, kept with its error
   * ("gave up after N attempts: ...") for diagnosis. Returns true when given up.
   */
  async release(entry: OutboxEntry, error: string, now: Date): Promise<boolean> {
    const giveUp = entry.attempts >= this.options.maxAttempts;
    const retryAt = new Date(now.getTime() + Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, entry.attempts - 1)));
    const message = (giveUp ? `gave up after ${entry.attempts} attempts: ${error}` : error).slice(0, 2000);
    await this.db.query('update outbox set claimed_until = $2, last_error = $3, done_at = $4 where id = $1', [
      entry.id,
      giveUp ? null : retryAt,
      message,
      giveUp ? now : null,
    ]);
    return giveUp;
  }

  /** Entries not carried out yet, for diagnostics and tests. */
  async pending(): Promise<Array<{ id: number; topic: string; attempts: number; lastError?: string }>> {
    const rows = await this.db.query<{
      id: number | string;
      topic: string;
      attempts: number;
      last_error: string | null;
    }>('select id, topic, attempts, last_error from outbox where done_at is null order by id');
    return rows.map((r) => ({
      id: Number(r.id),
      topic: r.topic,
      attempts: r.attempts,
      ...(r.last_error ? { lastError: r.last_error } : {}),
    }));
  }
}
