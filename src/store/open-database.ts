import * as path from 'node:path';
import type { Database } from './database';
import { runMigrations } from './migrations/index';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';

/** Opens PostgreSQL when `databaseUrl` is given, else embedded PGlite under `dataDir`, and brings the schema up to date. */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
}): Promise<Database> {
  if (!options.databaseUrl && !options.dataDir) {
    throw new Error('No database to open: set DATABASE_URL, or COE_DATA_DIR for the embedded database.');
  }
  const dataDir = options.dataDir ?? '';
  const db = options.databaseUrl
    ? await openPostgresDatabase(options.databaseUrl, { schema: options.schema })
    : await openPgliteDatabase(dataDir.startsWith('memory://') ? dataDir : path.join(dataDir, 'pglite'));
  try {
    await runMigrations(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
