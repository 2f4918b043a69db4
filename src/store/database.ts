/** The one database interface every capability uses; PGlite and PostgreSQL both implement it with the same SQL. */

/** Query parameters. Arrays go to PostgreSQL as arrays (for `= any($1::text[])`); objects as JSON. JSON.stringify an array meant for a jsonb column. */
export type SqlParam = string | number | boolean | null | Date | Buffer | unknown[] | object;

export interface Queryable {
  /** Runs one parameterised statement ($1, $2, ...) and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` inside one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
]);

/** True for errors that mean "the database went away", as opposed to a bad query. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return Boolean(
    e &&
    ((e.code && CONNECTION_ERROR_CODES.has(e.code)) ||
      /Connection terminated|connect ECONNREFUSED|not queryable|timeout exceeded when trying to connect/i.test(
        e.message ?? '',
      )),
  );
}
