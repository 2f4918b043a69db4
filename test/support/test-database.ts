import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';

/** The real PostgreSQL server for tests, when DATABASE_URL is set (CI sets it). */
export const POSTGRES_URL = process.env.DATABASE_URL;

/** `describe` that runs only when a PostgreSQL server is configured, and says so when skipped. */
export const describeWithPostgres: jest.Describe = POSTGRES_URL ? describe : describe.skip;

/** A fresh, isolated PostgreSQL schema (so parallel test files never share tables); dropped by `drop()`. */
export async function createPostgresSchema(): Promise<{
  schema: string;
  open: () => Promise<Database>;
  drop: () => Promise<void>;
}> {
  if (!POSTGRES_URL) throw new Error('DATABASE_URL is not set.');
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    schema,
    open: () => openDatabase({ databaseUrl: POSTGRES_URL, schema }),
    drop: async () => {
      const c = new Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** A PGlite database in a new temporary folder (persistent across close/reopen, unlike memory://). */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'coe-test-'));
}

/** The drivers every store test runs against: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const DRIVERS: Array<'pglite' | 'postgres'> = POSTGRES_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A database for one of DRIVERS: a fresh PostgreSQL schema, or an in-memory PGlite; `drop` removes the schema. */
export async function openDriverDatabase(
  driver: 'pglite' | 'postgres',
): Promise<{ db: Database; drop?: () => Promise<void> }> {
  if (driver === 'postgres') {
    const schema = await createPostgresSchema();
    return { db: await schema.open(), drop: schema.drop };
  }
  return { db: await openDatabase({ dataDir: 'memory://' }) };
}
