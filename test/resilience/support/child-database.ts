import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Database } from '../../../src/store/database';
import { openDatabase } from '../../../src/store/open-database';

/** A database for bot child processes: the environment that points a child at it, and a way to open it here. */
export interface ChildDatabase {
  kind: 'postgres' | 'pglite';
  /** DATABASE_URL or COE_DATA_DIR for the child. */
  env: Record<string, string>;
  /** Opens the database in this process (for PGlite only once no child has it open). */
  open(): Promise<Database>;
  /** Removes the schema or the data folder. */
  drop(): Promise<void>;
}

/** `url` with `search_path` set to `schema`, so a child process (which reads only DATABASE_URL) uses that schema. */
export function searchPathUrl(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** A new schema on the PostgreSQL server at `baseUrl`. */
export async function postgresChildDatabase(baseUrl: string): Promise<ChildDatabase> {
  const schema = `r_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const run = async (sql: string) => {
    const client = new Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create schema ${schema}`);
  return {
    kind: 'postgres',
    env: { DATABASE_URL: searchPathUrl(baseUrl, schema) },
    open: () => openDatabase({ databaseUrl: baseUrl, schema }),
    drop: () => run(`drop schema if exists ${schema} cascade`),
  };
}

/** A new PGlite data folder (the child owns it while it runs). */
export function pgliteChildDatabase(): ChildDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coe-resilience-'));
  return {
    kind: 'pglite',
    env: { COE_DATA_DIR: dir, DATABASE_URL: '' },
    open: () => openDatabase({ dataDir: dir }),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
