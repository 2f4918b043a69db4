import { Client } from 'pg';
import type { Database } from '../../../src/store/database';
import { openDatabase } from '../../../src/store/open-database';

/**
 * The PostgreSQL server for announcement tests: DATABASE_URL when set, else the local server's
 * `coe_announce_test` database (created on first use).
 */
export const ANNOUNCE_PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/coe_announce_test';

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  try {
    await c.connect();
  } catch (err) {
    throw new Error(`The announcement tests need PostgreSQL at ${admin.host} (set DATABASE_URL to another server): ${(err as Error).message}`);
  }
  try {
    const exists = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await c.query(`create database "${name.replace(/"/g, '')}"`).catch(() => undefined);
  } finally {
    await c.end();
  }
}

/** A fresh schema in the test database; `open()` gives an independent connection pool (one per simulated bot instance). */
export async function freshSchema(): Promise<{ open: () => Promise<Database>; drop: () => Promise<void> }> {
  if (!process.env.DATABASE_URL) await ensureDatabase(ANNOUNCE_PG_URL);
  const schema = `ann_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const c = new Client({ connectionString: ANNOUNCE_PG_URL });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  return {
    open: () => openDatabase({ databaseUrl: ANNOUNCE_PG_URL, dataDir: '', schema }),
    drop: async () => {
      const d = new Client({ connectionString: ANNOUNCE_PG_URL });
      await d.connect();
      await d.query(`drop schema if exists ${schema} cascade`);
      await d.end();
    },
  };
}
