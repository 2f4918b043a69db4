import { Pool, types } from 'pg';
import type { Database, Queryable, SqlParam } from './database';

// Return BIGINT (int8) as a number, as PGlite does, so both drivers give the same row shapes.
types.setTypeParser(20, (v) => Number(v));

/** PostgreSQL over a connection pool (node-postgres), used when DATABASE_URL is set; `schema` isolates test runs. */
export async function openPostgresDatabase(
  connectionString: string,
  options: { max?: number; schema?: string } = {},
): Promise<Database> {
  const pool = new Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  pool.on('error', () => undefined);
  const query = async <T>(sql: string, params?: SqlParam[]): Promise<T[]> =>
    (await pool.query(sql, params as unknown[])).rows as T[];
  await query('select 1');
  return {
    kind: 'postgres',
    query,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // The pool stops listening for errors on a checked-out client; without a listener a connection lost mid-transaction
      // is an unhandled 'error' event that crashes the process. The transaction fails instead (its next query rejects).
      const onError = () => undefined;
      client.on('error', onError);
      try {
        await client.query('begin');
        const result = await work({
          query: async <R>(sql: string, params?: SqlParam[]) =>
            (await client.query(sql, params as unknown[])).rows as R[],
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
        client.off('error', onError);
      }
    },
    async exec(sql: string): Promise<void> {
      await pool.query(sql);
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
