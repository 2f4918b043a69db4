import * as path from 'node:path';
import type { Database } from './database';
import { runMigrations } from './migrations/index';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';

/** Opens PostgreSQL when `databaseUrl` is given, else embedded PGlite under `dataDir`, and brings the schema up to date. */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string; schema?: string }): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgresDatabase(options.databaseUrl, { schema: options.schema })
    : await openPgliteDatabase(options.dataDir.startsWith('memory://') ? options.dataDir : path.join(options.dataDir, 'pglite'));
  try {
    await runMigrations(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
