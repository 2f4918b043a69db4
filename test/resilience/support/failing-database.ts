import type { Database, Queryable, SqlParam } from '../../../src/store/database';

/** A database whose next statement matching a pattern fails as if the connection dropped (a crash or outage at that exact point). */
export interface FailingDatabase extends Database {
  /** Arms one failure: the next statement whose SQL matches `pattern` throws a connection error instead of running. */
  failNext(pattern: RegExp): void;
  /** How many armed failures have fired. */
  readonly fired: number;
}

/** Wraps `db` (statements inside transactions included) so a test can fail one chosen statement. */
export function failingDatabase(db: Database): FailingDatabase {
  let armed: RegExp | undefined;
  let fired = 0;
  const guard = (q: Queryable): Queryable => ({
    exec: (sql: string) => q.exec(sql),
    query: async <T>(sql: string, params?: SqlParam[]): Promise<T[]> => {
      if (armed?.test(sql)) {
        armed = undefined;
        fired += 1;
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
      }
      return q.query<T>(sql, params);
    },
  });
  const outside = guard(db);
  return {
    kind: db.kind,
    query: outside.query,
    exec: outside.exec,
    transaction: (work) => db.transaction((tx) => work(guard(tx))),
    close: () => db.close(),
    failNext: (pattern) => {
      armed = pattern;
    },
    get fired() {
      return fired;
    },
  };
}
