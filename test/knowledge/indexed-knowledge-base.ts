import * as fs from 'node:fs';
import { KnowledgeService, type KnowledgeServiceOptions } from '../../src/knowledge/knowledge-service';
import { silentLogger } from '../../src/observability/logger';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { tempFolder, writeFiles } from './fixture-files';

/** A knowledge service over its own in-memory database, with `files` written to a temporary folder and indexed. */
export interface IndexedKnowledgeBase {
  db: Database;
  dir: string;
  service: KnowledgeService;
  /** Closes the database and removes the folder. */
  close(): Promise<void>;
}

/** Writes `files`, opens an in-memory database and indexes the folder with a service built from `options`. */
export async function indexedKnowledgeBase(
  files: Record<string, string | Buffer>,
  options: Partial<Omit<KnowledgeServiceOptions, 'db'>> = {},
): Promise<IndexedKnowledgeBase> {
  const dir = tempFolder();
  writeFiles(dir, files);
  const db = await openDatabase({ dataDir: 'memory://' });
  const service = await KnowledgeService.create({ logger: silentLogger, ...options, db });
  await service.indexDirectory(dir);
  return {
    db,
    dir,
    service,
    close: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
