import * as fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, SqlParam } from './database';

/** Prepares values for PGlite, which serialises arrays and objects differently from node-postgres. */
function normalise(params: SqlParam[] | undefined): unknown[] | undefined {
  return params?.map((p) =>
    p !== null && typeof p === 'object' && !(p instanceof Date) && !Buffer.isBuffer(p) && !Array.isArray(p)
      ? JSON.stringify(p)
      : p,
  );
}

function wrap(q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable {
  return {
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
    async query<T>(sql: string, params?: SqlParam[]): Promise<T[]> {
      const result = await q.query<T>(sql, normalise(params));
      return result.rows;
    },
  };
}

/** Embedded PostgreSQL (PGlite) stored under `dataDir`, or in memory when `dataDir` is "memory://". */
export async function openPgliteDatabase(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir.startsWith('memory://') ? undefined : dataDir);
  const base = wrap(db);
  return {
    kind: 'pglite',
    query: base.query,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) => work(wrap(tx)));
    },
    exec: base.exec,
    async close(): Promise<void> {
      if (!db.closed) await db.close();
    },
  };
}
