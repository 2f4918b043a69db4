import * as fs from 'node:fs';
import { loadEnv } from '../../src/config/env';
import { KnowledgeService } from '../../src/knowledge/knowledge-service';
import { LexicalRetriever } from '../../src/knowledge/retrieval/lexical-retriever';
import { createLogger } from '../../src/observability/logger';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { API_KEY, startSearchStub, type SearchStub } from './azure-search-stub';
import { tempFolder, writeFiles } from './fixture-files';
import { SAMPLE_PLAYBOOKS } from './sample-playbooks';

const searches = (stub: SearchStub) => stub.seen.filter((r) => r.path.endsWith('/docs/search.post.search'));

describe('KnowledgeService with Azure AI Search configured (local REST stub)', () => {
  let stub: SearchStub;
  let db: Database;
  let dir: string;
  let service: KnowledgeService;
  const lines: string[] = [];

  beforeAll(async () => {
    stub = await startSearchStub();
    dir = tempFolder();
    writeFiles(dir, SAMPLE_PLAYBOOKS);
    db = await openDatabase({ dataDir: 'memory://' });
    const env = loadEnv({
      NODE_ENV: 'test',
      AZURE_SEARCH_ENDPOINT: stub.url,
      AZURE_SEARCH_INDEX: 'coe-passages',
      AZURE_SEARCH_API_KEY: API_KEY,
      AZURE_SEARCH_TIMEOUT_MS: '1000',
    });
    service = await KnowledgeService.create({
      db,
      logger: createLogger({ level: 'debug', sink: (l) => lines.push(l) }),
      azureSearch: env.azureSearch,
    });
    await service.indexDirectory(dir);
  });

  afterAll(async () => {
    await db.close();
    await stub.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pushes what it ingests to the search index and answers from the passages the service returns', async () => {
    expect(service.retrievalMode).toBe('azure-search');
    expect(stub.indexes.get('coe-passages')?.docs.size).toBe(service.chunkCount);
    const before = searches(stub).length;
    const answer = await service.ask('How much can a pilot spend without executive approval?', { recordGaps: false });
    expect(searches(stub)).toHaveLength(before + 1);
    expect(searches(stub)[before].body.search).toContain('pilot');
    expect(answer.grounded).toBe(true);
    expect(answer.text).toContain('USD 25,000');
    expect(answer.citations[0].source).toBe('pilot-funding.md');
    const q = 'How long may a pilot run?';
    const fromService = await service.search(q);
    expect(fromService.length).toBeGreaterThan(0);
    expect(fromService.map((h) => h.score)).not.toEqual(
      new LexicalRetriever([...service.passages]).searchSync(q, { k: 5 }).map((h) => h.score),
    );
    expect(lines.some((l) => /"msg":"azure search query".*"hits":[1-9]/.test(l))).toBe(true);
  });

  it('keeps a restricted playbook away from people outside its audience, through the service filter', async () => {
    const outsider = await service.ask('How are HR partners involved in AI for compensation?', { recordGaps: false });
    expect(outsider.citations.map((c) => c.source)).not.toContain('compensation-ai.md');
    const filter = String(searches(stub).at(-1)?.body.filter ?? '');
    expect(filter).toContain('everyone eq true');
  });

  it('answers from the embedded index when the service fails, and leaves it alone for a while after', async () => {
    stub.fault(() => ({ status: 503, json: { error: { message: 'service busy' } } }));
    try {
      const before = searches(stub).length;
      const answer = await service.ask('How quickly must a severity 1 incident be reported?', { recordGaps: false });
      expect(answer.grounded).toBe(true);
      expect(answer.text).toMatch(/1 hour/);
      expect(searches(stub)).toHaveLength(before + 1);
      expect(lines.some((l) => /"level":"warn".*Azure AI Search failed/.test(l))).toBe(true);
      await service.ask('How much can a pilot spend without executive approval?', { recordGaps: false });
      expect(searches(stub)).toHaveLength(before + 1);
      expect(lines.join('\n')).not.toContain(API_KEY);
    } finally {
      stub.fault(undefined);
    }
  });

  it('deletes a removed playbook from the search index on the next ingestion', async () => {
    fs.rmSync(`${dir}/incident-response.md`);
    await service.indexDirectory(dir);
    const sources = [...(stub.indexes.get('coe-passages')?.docs.values() ?? [])].map((d) => d.source);
    expect(sources).not.toContain('incident-response.md');
    expect(sources).toContain('pilot-funding.md');
  });

  it('refuses a partial Azure AI Search configuration at start-up, naming what is missing', () => {
    expect(() => loadEnv({ NODE_ENV: 'test', AZURE_SEARCH_ENDPOINT: 'https://coe.search.windows.net' })).toThrow(
      /AZURE_SEARCH_INDEX and AZURE_SEARCH_API_KEY are missing/,
    );
  });
});
