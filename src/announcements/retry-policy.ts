import { isUnreachable, sendFailureReason } from '../store/send-failure';
import { TransportError } from './delivery-transport';

/** What to do with a job whose send failed. */
export type FailureDecision =
  | { action: 'retry'; delayMs: number; inDoubt: boolean; throttled: boolean; reason: string }
  | { action: 'unreachable'; conversationStatus: 'blocked' | 'uninstalled'; reason: string }
  | { action: 'failed'; reason: string };

export interface RetryPolicy {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Used when a 429 carries no Retry-After. */
  defaultRetryAfterMs: number;
}

/** Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries spread out. */
export function backoffDelayMs(
  attempt: number,
  policy: Pick<RetryPolicy, 'backoffBaseMs' | 'backoffMaxMs'>,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Retry-After plus up to 20% (at least 50 ms) of jitter, so a throttled fleet does not come back in lockstep. */
export function retryAfterWithJitterMs(retryAfterMs: number, random: () => number = Math.random): number {
  return Math.round(retryAfterMs + random() * Math.max(50, retryAfterMs * 0.2));
}

/**
 * Decides what to do with a failed send after `attempts` tries, by the shared failure rule (store/send-failure.ts):
 * throttling waits for Retry-After, transient failures back off exponentially until `maxAttempts`, an unreachable
 * recipient is final and marks the conversation, and any other refusal is final.
 */
export function classifyFailure(
  err: unknown,
  attempts: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): FailureDecision {
  const e =
    err instanceof TransportError
      ? err
      : new TransportError(0, undefined, (err as Error)?.message ?? String(err), 'unknown');
  const reason = e.status ? `HTTP ${e.status}: ${e.message}` : `Network error: ${e.message}`;
  const inDoubt = e.outcome === 'unknown';
  const why = sendFailureReason(e.status, e.message);
  if (isUnreachable(why)) return { action: 'unreachable', conversationStatus: why, reason };
  if (why === 'rejected') return { action: 'failed', reason };
  if (attempts >= policy.maxAttempts)
    return { action: 'failed', reason: `${reason} (gave up after ${attempts} attempts)` };
  if (why === 'throttled') {
    return {
      action: 'retry',
      delayMs: retryAfterWithJitterMs(e.retryAfterMs ?? policy.defaultRetryAfterMs, random),
      inDoubt,
      throttled: true,
      reason,
    };
  }
  const base = backoffDelayMs(attempts, policy, random);
  return { action: 'retry', delayMs: Math.max(base, e.retryAfterMs ?? 0), inDoubt, throttled: false, reason };
}
