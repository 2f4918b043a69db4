/** The result of an author's action: the value, or a plain-sentence reason it was refused. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: RefusalCode; message: string; issues?: string[] };

export type RefusalCode = 'forbidden' | 'not-found' | 'invalid' | 'conflict';

/** A refused outcome, whatever value it would have carried. */
export type Refusal = Extract<Outcome<unknown>, { ok: false }>;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

export const refuse = <T>(code: RefusalCode, message: string, issues?: string[]): Outcome<T> => ({
  ok: false,
  code,
  message,
  issues,
});

/** The sentence a person who may not post announcements hears. */
export const NOT_AN_AUTHOR =
  'Only CoE admins and announcement authors can write or manage announcements. If you would like something announced, please ask the CoE team.';
