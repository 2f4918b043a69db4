import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import type { AnnouncementSettings } from './announcement-settings-schema';
import type { RetryPolicy } from './retry-policy';

/** Tuning of one worker; `workerOptionsFrom` derives it from the COE_CONFIG announcement settings. */
export interface DeliveryWorkerOptions extends RetryPolicy {
  workerId: string;
  messagesPerSecond: number;
  perConversationPerSecond: number;
  /** Lease on a job: a claimed job may wait this long past its slot, a sending one this long for its answer. */
  leaseMs: number;
  /** A send with no answer after this long counts as a network error of unknown outcome (kept below the lease). */
  sendTimeoutMs: number;
  /** Longest idle wait before looking for work again (new work in this process wakes the worker at once). */
  pollMs: number;
  /** How far ahead of the send time jobs are claimed. */
  lookaheadMs: number;
  maxInFlight: number;
  /** How long the global rate stays halved after a 429. */
  throttleCooldownMs: number;
  statusUpdateMs: number;
  /** How often expired leases are reclaimed and due schedules started. */
  housekeepingMs: number;
  random: () => number;
}

/** Worker options from the announcement settings, with optional overrides (tests and the benchmark use them). */
export function workerOptionsFrom(
  settings: AnnouncementSettings,
  overrides: Partial<DeliveryWorkerOptions> = {},
): DeliveryWorkerOptions {
  const leaseMs = overrides.leaseMs ?? settings.leaseSeconds * 1000;
  return {
    workerId: `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    messagesPerSecond: settings.messagesPerSecond,
    perConversationPerSecond: settings.perConversationPerSecond,
    maxAttempts: settings.maxAttempts,
    leaseMs,
    sendTimeoutMs: Math.max(500, Math.floor(leaseMs / 2)),
    pollMs: 500,
    lookaheadMs: 1000,
    maxInFlight: 100,
    throttleCooldownMs: 5000,
    statusUpdateMs: settings.statusUpdateSeconds * 1000,
    housekeepingMs: Math.min(1000, Math.max(100, Math.floor(leaseMs / 4))),
    backoffBaseMs: 1000,
    backoffMaxMs: 5 * 60_000,
    defaultRetryAfterMs: 1000,
    random: Math.random,
    ...overrides,
  };
}
