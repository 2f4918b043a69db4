/**
 * The one result type of every capability: the value, or a refusal saying in a plain sentence why nothing was done.
 * Refusals are values, never thrown, so a caller cannot forget one and the Teams layer answers them all the same way.
 */

/** Broad kinds of "no", for HTTP statuses and logs; capabilities may use narrower codes of their own. */
export type RefusalCode = 'forbidden' | 'not-found' | 'invalid' | 'conflict' | 'rate-limited';

/** Why a request was declined: `message` is a whole sentence for the person, `issues` optional further sentences. */
export interface Refusal<C extends string = string> {
  ok: false;
  code: C;
  message: string;
  issues?: string[];
}

export type Outcome<T, C extends string = string> = { ok: true; value: T } | Refusal<C>;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function refuse<C extends string>(code: C, message: string, issues?: string[]): Refusal<C> {
  return issues?.length ? { ok: false, code, message, issues } : { ok: false, code, message };
}

/** The refusal as the person reads it: the message followed by any issues. */
export function refusalText(refusal: Pick<Refusal, 'message' | 'issues'>): string {
  return refusal.issues?.length ? `${refusal.message} ${refusal.issues.join(' ')}` : refusal.message;
}
