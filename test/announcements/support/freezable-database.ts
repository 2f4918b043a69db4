import type { Database, Queryable, SqlParam } from '../../../src/store/database';

/**
 * Wraps a database so a test can "kill" the process using it: after `freeze()`, every new query and
 * transaction of this wrapper hangs forever, as if the process had died between two statements. Transactions
 * already running finish (so a shared PGlite connection is never left locked).
 */
export function freezable(db: Database): Database & { freeze(): void } {
  let frozen = false;
  const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
  return {
    kind: db.kind,
    freeze: () => {
      frozen = true;
    },
    query: <T>(sql: string, params?: SqlParam[]) => (frozen ? never<T[]>() : db.query<T>(sql, params)),
    exec: (sql: string) => (frozen ? never<void>() : db.exec(sql)),
    transaction: <T>(work: (tx: Queryable) => Promise<T>) => (frozen ? never<T>() : db.transaction(work)),
    close: async () => undefined,
  };
}
