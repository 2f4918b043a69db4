import { z } from 'zod';

/**
 * Per-person limits on expensive or noisy actions (config `rateLimits`). Escalations and submissions are counted from
 * their own rows in the database, so the limits hold across every bot instance; questions are counted in memory per
 * instance, because a question turn does no database work of its own (behind a load balancer a person may get up to
 * the limit once per instance). 0 turns a limit off.
 */
export const rateLimitSettingsSchema = z
  .object({
    questionsPerHour: z.number().int().min(0).default(60),
    escalationsPerHour: z.number().int().min(0).default(5),
    submissionsPerDay: z.number().int().min(0).default(10),
  })
  .strict();

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** What a person did inside the window: how many times, and when the oldest of those was. */
export interface WindowUse {
  count: number;
  oldest?: Date;
}

/** Undefined when one more is allowed; otherwise how long until the oldest use leaves the window. */
export function overLimit(
  use: WindowUse,
  limit: number,
  windowMs: number,
  now: Date,
): { count: number; waitMs: number } | undefined {
  if (limit <= 0 || use.count < limit) return undefined;
  const waitMs = use.oldest ? Math.max(60_000, use.oldest.getTime() + windowMs - now.getTime()) : windowMs;
  return { count: use.count, waitMs };
}

/** "about 12 minutes", "about 3 hours": a wait as a person would say it (never less than a minute). */
export function waitPhrase(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} hour${hours === 1 ? '' : 's'}`;
}

/** Counts uses per person in a sliding window, in this process's memory. */
export class MemoryRateLimit {
  private readonly uses = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxPeople = 50_000,
  ) {}

  /** Records a use unless the person is over the limit; returns the refusal facts when they are. */
  take(personId: string, now: Date): { count: number; waitMs: number } | undefined {
    if (this.limit <= 0) return undefined;
    const since = now.getTime() - this.windowMs;
    const recent = (this.uses.get(personId) ?? []).filter((t) => t > since);
    const over = overLimit(
      { count: recent.length, oldest: recent.length ? new Date(recent[0]) : undefined },
      this.limit,
      this.windowMs,
      now,
    );
    if (!over) recent.push(now.getTime());
    this.uses.delete(personId);
    this.uses.set(personId, recent);
    // The map keeps insertion order, so the first keys are the people least recently seen.
    if (this.uses.size > this.maxPeople) this.uses.delete(this.uses.keys().next().value as string);
    return over;
  }
}
