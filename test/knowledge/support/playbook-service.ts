import * as path from 'node:path';
import type { Database } from '../../../src/store/database';
import { openDatabase } from '../../../src/store/open-database';
import { silentLogger } from '../../../src/observability/logger';
import { KnowledgeService } from '../../../src/knowledge/knowledge-service';

/**
 * A knowledge service over the real playbooks/ folder in an in-memory database, opened before the
 * enclosing describe block's tests and closed after them. Returns a getter for the service.
 */
export function usePlaybookService(): () => KnowledgeService {
  let db: Database;
  let service: KnowledgeService;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
    service = await KnowledgeService.create({ db, logger: silentLogger });
    await service.indexDirectory(path.resolve(__dirname, '../../../playbooks'));
  });
  afterAll(async () => {
    await db.close();
  });
  return () => service;
}
