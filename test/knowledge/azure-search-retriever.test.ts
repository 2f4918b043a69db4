import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import type { Passage } from '../../src/knowledge/document-model';
import { KnowledgeService } from '../../src/knowledge/knowledge-service';
import { parseAzureSearchEnv, type AzureSearchSettings } from '../../src/config/azure-search-env';
import { passageKey } from '../../src/knowledge/retrieval/azure-search-document';
import { AzureSearchError } from '../../src/knowledge/retrieval/azure-search-error';
import { audienceFilter } from '../../src/knowledge/retrieval/azure-search-filter';
import { AzureSearchRetriever, toQueryText } from '../../src/knowledge/retrieval/azure-search-retriever';
import { AzureSearchIndexSync, type IndexSyncTuning } from '../../src/knowledge/retrieval/azure-search-sync';
import { createLogger, silentLogger } from '../../src/observability/logger';
import { openDatabase } from '../../src/store/open-database';
import { API_KEY, startSearchStub, type Doc, type SeenRequest } from './azure-search-stub';
import { tempFolder, writeFiles } from './fixture-files';
import { SAMPLE_PLAYBOOKS } from './sample-playbooks';
import { indexedKnowledgeBase, type IndexedKnowledgeBase } from './indexed-knowledge-base';

/** A logger that keeps every line, debug included, so tests can read what was logged. */
function capturingLogger(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }) };
}

const FAST_RETRIES: Partial<IndexSyncTuning> = { baseRetryDelayMs: 5, maxRetryDelayMs: 50, requestTimeoutMs: 2_000 };

const synthetic = (count: number, textChars: number): Passage[] =>
  Array.from({ length: count }, (_, i) => ({
    id: 10_000 + i,
    source: `synthetic/doc-${Math.floor(i / 10)}.md`,
    title: `Synthetic document ${Math.floor(i / 10)}`,
    section: `Part ${i % 10}`,
    ordinal: i % 10,
    text: `Passage ${i} about topic${i % 7}. ${'filler '.repeat(Math.ceil(textChars / 7))}`.slice(0, textChars),
    kind: 'markdown' as const,
  }));

const indexRequests = (seen: SeenRequest[], index: string): SeenRequest[] =>
  seen.filter((r) => r.path === `/indexes('${index}')/docs/search.index`);
const searchRequests = (seen: SeenRequest[], index: string): SeenRequest[] =>
  seen.filter((r) => r.path === `/indexes('${index}')/docs/search.post.search`);

describe('Azure AI Search backend (local REST stub)', () => {
  let stub: Awaited<ReturnType<typeof startSearchStub>>;
  let kb: IndexedKnowledgeBase;
  let service: KnowledgeService;
  const settingsFor = (indexName: string, extra: Partial<AzureSearchSettings> = {}): AzureSearchSettings => ({
    endpoint: stub.url,
    indexName,
    apiKey: API_KEY,
    timeoutMs: 3_000,
    ...extra,
  });

  beforeAll(async () => {
    stub = await startSearchStub();
    kb = await indexedKnowledgeBase(SAMPLE_PLAYBOOKS);
    service = kb.service;
  });

  afterAll(async () => {
    await stub.close();
    await kb.close();
  });

  beforeEach(() => {
    stub.fault(undefined);
    stub.failDocuments(undefined);
    stub.ignoreFilters(false);
    stub.seen.length = 0;
  });

  describe('index sync', () => {
    it('creates the index with the passage fields, uploads every passage, and a second sync sends nothing', async () => {
      const sync = new AzureSearchIndexSync(settingsFor('kb-sync'), silentLogger, FAST_RETRIES);
      const passages = service.passages;
      expect(passages.length).toBeGreaterThan(5);

      const first = await sync.sync(passages);
      expect(first).toMatchObject({ index: 'created', uploaded: passages.length, deleted: 0, unchanged: 0, failed: 0 });
      const put = stub.seen.find((r) => r.method === 'PUT');
      expect(put?.path).toBe("/indexes('kb-sync')");
      expect(put?.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const fields = Object.fromEntries((put?.body.fields as any[]).map((f) => [f.name, f]));
      expect(fields.id).toMatchObject({ type: 'Edm.String', key: true, filterable: true, sortable: true });
      for (const name of ['content', 'title', 'section'])
        expect(fields[name]).toMatchObject({ searchable: true, analyzer: 'en.lucene' });
      for (const name of ['source', 'audience', 'everyone', 'kind', 'page', 'ordinal'])
        expect(fields[name]).toMatchObject({ filterable: true });
      for (const name of ['anchor', 'pageEnd']) expect(fields[name]).toBeDefined();
      expect(put?.body).toMatchObject({
        defaultScoringProfile: 'passage-fields',
        scoringProfiles: [{ name: 'passage-fields', text: { weights: { title: 2, section: 1.5, content: 1 } } }],
      });
      expect(put?.body.semantic).toBeUndefined();

      const docs = stub.indexes.get('kb-sync')!.docs;
      expect(docs.size).toBe(passages.length);
      for (const p of passages) {
        const doc = docs.get(passageKey(p));
        expect(doc).toMatchObject({
          passageId: p.id,
          source: p.source,
          content: p.text,
          audience: p.audience ?? null,
          everyone: p.audience === undefined,
        });
      }

      stub.seen.length = 0;
      const second = await sync.sync(passages);
      expect(second).toMatchObject({
        index: 'unchanged',
        uploaded: 0,
        deleted: 0,
        unchanged: passages.length,
        failed: 0,
        requests: 0,
      });
      expect(indexRequests(stub.seen, 'kb-sync')).toHaveLength(0);
      expect(stub.seen.some((r) => r.method === 'PUT')).toBe(false);
      expect(docs.size).toBe(passages.length);
    });

    it('deletes the documents of a removed file and rewrites an edited one, so they stop appearing in results', async () => {
      const editDir = tempFolder();
      const editDb = await openDatabase({ dataDir: 'memory://' });
      try {
        writeFiles(editDir, SAMPLE_PLAYBOOKS);
        const kb = await KnowledgeService.create({ db: editDb, logger: silentLogger });
        await kb.indexDirectory(editDir);
        const sync = new AzureSearchIndexSync(settingsFor('kb-edit'), silentLogger, FAST_RETRIES);
        await sync.sync(kb.passages);
        const removed = kb.passages.filter((p) => p.source === 'incident-response.md');
        expect(removed.length).toBeGreaterThan(0);

        fs.rmSync(path.join(editDir, 'incident-response.md'));
        writeFiles(editDir, {
          'pilot-funding.md': SAMPLE_PLAYBOOKS['pilot-funding.md'].replace('USD 25,000', 'USD 40,000'),
        });
        await kb.indexDirectory(editDir);
        const report = await sync.sync(kb.passages);

        expect(report.deleted).toBe(removed.length);
        expect(report.uploaded).toBe(kb.passages.filter((p) => p.source === 'pilot-funding.md').length);
        expect(report.failed).toBe(0);
        const docs = [...stub.indexes.get('kb-edit')!.docs.values()];
        expect(docs.filter((d) => d.source === 'incident-response.md')).toHaveLength(0);
        expect(docs).toHaveLength(kb.passages.length);

        const retriever = new AzureSearchRetriever(settingsFor('kb-edit'), silentLogger);
        const severity = await retriever.search('severity 1 incident reported', { k: 5 });
        expect(severity.map((h) => h.passage.source)).not.toContain('incident-response.md');
        const budget = await retriever.search('pilot budget executive approval', { k: 1 });
        expect(budget[0].passage.text).toContain('USD 40,000');
        expect(budget[0].passage.id).toBe(kb.passages.find((p) => p.text.includes('USD 40,000'))!.id);
      } finally {
        await editDb.close();
        fs.rmSync(editDir, { recursive: true, force: true });
      }
    });

    it('sends a large knowledge base in batches within the document and byte limits, and pages through existing keys', async () => {
      const passages = synthetic(2_345, 300);
      const sync = new AzureSearchIndexSync(settingsFor('kb-large'), silentLogger, {
        ...FAST_RETRIES,
        maxBatchDocs: 1_000,
      });
      const report = await sync.sync(passages);
      expect(report).toMatchObject({ uploaded: 2_345, failed: 0, requests: 3 });
      expect(indexRequests(stub.seen, 'kb-large').map((r) => r.body.value.length)).toEqual([1_000, 1_000, 345]);

      stub.seen.length = 0;
      const again = await sync.sync(passages);
      expect(again).toMatchObject({ uploaded: 0, deleted: 0, unchanged: 2_345 });
      const listing = searchRequests(stub.seen, 'kb-large');
      expect(listing).toHaveLength(3);
      expect(listing[0].body).toMatchObject({ search: '*', orderby: 'id asc', top: 1_000, select: 'id,contentHash' });
      expect(listing[0].body.filter).toBeUndefined();
      expect(listing[1].body.filter).toMatch(/^id gt '[0-9a-f]{32}-\d+'$/);

      stub.seen.length = 0;
      const byBytes = new AzureSearchIndexSync(settingsFor('kb-bytes'), silentLogger, {
        ...FAST_RETRIES,
        maxBatchBytes: 20_000,
      });
      const bytesReport = await byBytes.sync(synthetic(60, 2_000));
      expect(bytesReport).toMatchObject({ uploaded: 60, failed: 0 });
      const bodies = indexRequests(stub.seen, 'kb-bytes').map((r) => Buffer.byteLength(JSON.stringify(r.body)));
      expect(bodies.length).toBeGreaterThan(5);
      for (const size of bodies) expect(size).toBeLessThanOrEqual(20_000);
    });

    it('retries a throttled batch after Retry-After (capped), and resends only the documents the service failed', async () => {
      const sync = new AzureSearchIndexSync(settingsFor('kb-retry'), silentLogger, FAST_RETRIES);
      const passages = synthetic(30, 100);
      let throttled = 0;
      stub.fault((r) => {
        if (!r.path.endsWith('/docs/search.index') || throttled++ > 0) return undefined;
        return { status: 429, headers: { 'retry-after': '3600' }, json: { error: { message: 'Too many requests.' } } };
      });
      const t0 = Date.now();
      const report = await sync.sync(passages);
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(report).toMatchObject({ uploaded: 30, failed: 0, requests: 2 });
      expect(stub.indexes.get('kb-retry')!.docs.size).toBe(30);

      const changed = passages.map((p, i) => (i < 10 ? { ...p, text: `${p.text} changed` } : p));
      const flaky = new Set(changed.slice(0, 3).map((p) => passageKey(p)));
      let failuresLeft = flaky.size;
      stub.failDocuments((key) => (flaky.has(key) && failuresLeft-- > 0 ? 503 : undefined));
      stub.seen.length = 0;
      const partial = await sync.sync(changed);
      expect(partial).toMatchObject({ uploaded: 10, failed: 0, requests: 2 });
      const [firstBatch, resend] = indexRequests(stub.seen, 'kb-retry');
      expect(firstBatch.body.value).toHaveLength(10);
      expect(new Set(resend.body.value.map((d: Doc) => d.id))).toEqual(flaky);
    });

    it('gives up after the configured number of tries when the service stays unavailable', async () => {
      const sync = new AzureSearchIndexSync(settingsFor('kb-down'), silentLogger, { ...FAST_RETRIES, maxAttempts: 3 });
      stub.fault((r) =>
        r.path.endsWith('/docs/search.index') ? { status: 503, headers: { 'retry-after': '1' } } : undefined,
      );
      const t0 = Date.now();
      await expect(sync.sync(synthetic(5, 50))).rejects.toMatchObject({
        name: 'AzureSearchError',
        reason: 'unavailable',
        status: 503,
      });
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(indexRequests(stub.seen, 'kb-down')).toHaveLength(3);
    });

    it('refuses to empty a filled index from an empty passage list unless told to', async () => {
      const sync = new AzureSearchIndexSync(settingsFor('kb-empty'), silentLogger, FAST_RETRIES);
      await sync.sync(synthetic(4, 50));
      await expect(sync.sync([])).rejects.toThrow(/refused to delete all 4 documents/);
      expect(stub.indexes.get('kb-empty')!.docs.size).toBe(4);
      const report = await sync.sync([], { allowEmpty: true });
      expect(report.deleted).toBe(4);
      expect(stub.indexes.get('kb-empty')!.docs.size).toBe(0);
    });

    it('keeps fields someone added to an existing index and adds the semantic configuration', async () => {
      const indexes = stub.indexes;
      indexes.set('kb-existing', {
        definition: {
          name: 'kb-existing',
          fields: [
            { name: 'id', type: 'Edm.String', key: true, filterable: true, sortable: true },
            { name: 'owner', type: 'Edm.String', filterable: true },
          ],
        },
        docs: new Map(),
      });
      const sync = new AzureSearchIndexSync(
        settingsFor('kb-existing', { semanticConfiguration: 'passages' }),
        silentLogger,
        FAST_RETRIES,
      );
      const report = await sync.sync(synthetic(3, 50));
      expect(report.index).toBe('updated');
      const def = indexes.get('kb-existing')!.definition;
      expect(def.fields.map((f: any) => f.name)).toEqual(
        expect.arrayContaining(['owner', 'content', 'audience', 'everyone']),
      );
      expect(def.semantic.configurations[0]).toMatchObject({
        name: 'passages',
        prioritizedFields: { titleField: { fieldName: 'title' } },
      });

      const wrongFields = [
        { name: 'id', type: 'Edm.String', key: true, filterable: true, sortable: true },
        { name: 'content', type: 'Edm.Int32' },
      ];
      indexes.set('kb-wrong', { definition: { name: 'kb-wrong', fields: wrongFields }, docs: new Map() });
      const wrong = new AzureSearchIndexSync(settingsFor('kb-wrong'), silentLogger, FAST_RETRIES);
      await expect(wrong.sync(synthetic(1, 10))).rejects.toMatchObject({
        name: 'AzureSearchError',
        message:
          'The Azure AI Search index "kb-wrong" cannot hold passages: its field "content" has type Edm.Int32 instead of Edm.String. Delete the index or set AZURE_SEARCH_INDEX to a new name.',
      });
      expect(indexes.get('kb-wrong')!.definition.fields).toEqual(wrongFields);
    });
  });

  describe('search', () => {
    beforeAll(async () => {
      await new AzureSearchIndexSync(settingsFor('kb-search'), silentLogger, FAST_RETRIES).sync(service.passages);
      await new AzureSearchIndexSync(
        settingsFor('kb-semantic', { semanticConfiguration: 'coe-semantic' }),
        silentLogger,
        FAST_RETRIES,
      ).sync(service.passages);
    });

    it('maps hits back to the full stored passages, best first, at most k', async () => {
      const retriever = new AzureSearchRetriever(settingsFor('kb-search'), silentLogger);
      expect(retriever.name).toBe('azure-search');
      const hits = await retriever.search('How much can a pilot spend without executive approval?', { k: 3 });
      expect(hits).toHaveLength(3);
      const byId = new Map(service.passages.map((p) => [p.id, p]));
      for (const h of hits) expect(h.passage).toEqual(byId.get(h.passage.id));
      expect(hits[0].passage.text).toContain('USD 25,000');
      const scores = hits.map((h) => h.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      const [req] = searchRequests(stub.seen, 'kb-search');
      expect(req.body).toMatchObject({
        top: 3,
        queryType: 'simple',
        searchMode: 'any',
        search: 'How much can a pilot spend without executive approval?',
      });
      expect(req.body.semanticConfiguration).toBeUndefined();

      const one = await retriever.search('pilot budget', { k: 1 });
      expect(one).toHaveLength(1);
      expect(await retriever.search('   ')).toEqual([]);
    });

    it('asks for semantic ranking with the configured semantic configuration and uses the reranker score', async () => {
      const retriever = new AzureSearchRetriever(
        settingsFor('kb-semantic', { semanticConfiguration: 'coe-semantic' }),
        silentLogger,
      );
      const hits = await retriever.search('Which model is the default for drafting?', { k: 2 });
      const [req] = searchRequests(stub.seen, 'kb-semantic');
      expect(req.body).toMatchObject({ queryType: 'semantic', semanticConfiguration: 'coe-semantic', top: 2 });
      expect(hits[0].passage.text).toContain('GPT-4.1');
      expect(hits[0].score).toBe(4);
    });

    it('hides the passages of a restricted document from people outside its audience, in the filter sent and in the results', async () => {
      const retriever = new AzureSearchRetriever(settingsFor('kb-search'), silentLogger);
      const question = 'Who reviews salary recommendations produced by AI?';

      const outsider = await retriever.search(question, { k: 5, userGroups: ['engineering', "o'neil team"] });
      expect(outsider.map((h) => h.passage.source)).not.toContain('compensation-ai.md');
      expect(searchRequests(stub.seen, 'kb-search')[0].body.filter).toBe(
        "everyone eq true or search.in(audience, 'engineering,o''neil team', ',')",
      );

      const nobody = await retriever.search(question, { k: 5 });
      expect(nobody.map((h) => h.passage.source)).not.toContain('compensation-ai.md');
      expect(searchRequests(stub.seen, 'kb-search')[1].body.filter).toBe('everyone eq true');

      const member = await retriever.search(question, { k: 5, userGroups: ['hr-partners'] });
      expect(member[0].passage).toMatchObject({ source: 'compensation-ai.md', audience: 'hr-partners' });
      expect(member[0].passage.text).toContain('two HR partners');
    });

    it('drops a passage outside the audience even when the index ignores the filter, and says so in the log', async () => {
      const { lines, logger } = capturingLogger();
      stub.ignoreFilters(true);
      const retriever = new AzureSearchRetriever(settingsFor('kb-search'), logger);
      const hits = await retriever.search('salary recommendations and pilot costs', {
        k: 5,
        userGroups: ['engineering'],
      });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.map((h) => h.passage.source)).not.toContain('compensation-ai.md');
      expect(lines.some((l) => /outside the audience/.test(l))).toBe(true);
    });

    it('sends the api-key header on every request and never writes the key to the log', async () => {
      const { lines, logger } = capturingLogger();
      const sync = new AzureSearchIndexSync(settingsFor('kb-keys'), logger, FAST_RETRIES);
      await sync.sync(service.passages);
      const retriever = new AzureSearchRetriever(settingsFor('kb-keys'), logger);
      await retriever.search('pilot budget');
      stub.fault((r) => (r.path.endsWith('search.post.search') ? { status: 503 } : undefined));
      await expect(retriever.search('pilot budget')).rejects.toBeInstanceOf(AzureSearchError);
      stub.fault(undefined);
      const wrongKey = 'wrong-key-0d9e8f7a6b5c';
      const refused = await new AzureSearchRetriever(settingsFor('kb-keys', { apiKey: wrongKey }), logger)
        .search('pilot budget')
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ name: 'AzureSearchError', reason: 'unauthorized', status: 403 });
      expect((refused as Error).message).toMatch(/AZURE_SEARCH_API_KEY/);

      expect(stub.seen.length).toBeGreaterThan(3);
      expect(stub.seen.slice(0, -1).every((r) => r.apiKey === API_KEY)).toBe(true);
      expect(stub.seen[stub.seen.length - 1].apiKey).toBe(wrongKey);
      expect(lines.length).toBeGreaterThan(2);
      const logged = lines.join('\n');
      expect(logged).not.toContain(API_KEY);
      expect(logged).not.toContain(wrongKey);
      expect(JSON.stringify(refused) + String((refused as Error).stack)).not.toContain(wrongKey);
    });

    it('turns a 503 into AzureSearchError at once, without SDK retries', async () => {
      const retriever = new AzureSearchRetriever(settingsFor('kb-search'), silentLogger);
      stub.fault((r) =>
        r.path.endsWith('search.post.search') ? { status: 503, headers: { 'retry-after': '30' } } : undefined,
      );
      const t0 = Date.now();
      await expect(retriever.search('pilot budget')).rejects.toMatchObject({
        name: 'AzureSearchError',
        reason: 'unavailable',
        status: 503,
        retryAfterMs: 30_000,
      });
      expect(Date.now() - t0).toBeLessThan(1_000);
      expect(searchRequests(stub.seen, 'kb-search')).toHaveLength(1);

      stub.fault((r) =>
        r.path.endsWith('search.post.search') ? { status: 429, headers: { 'retry-after-ms': '20000' } } : undefined,
      );
      await expect(retriever.search('pilot budget')).rejects.toMatchObject({ reason: 'rate-limited', status: 429 });
      expect(searchRequests(stub.seen, 'kb-search')).toHaveLength(2);
    });

    it('abandons a search that does not answer within the timeout', async () => {
      const retriever = new AzureSearchRetriever(settingsFor('kb-search', { timeoutMs: 300 }), silentLogger);
      stub.fault((r) => (r.path.endsWith('search.post.search') ? 'hang' : undefined));
      const t0 = Date.now();
      await expect(retriever.search('pilot budget')).rejects.toMatchObject({
        name: 'AzureSearchError',
        reason: 'timeout',
      });
      const elapsed = Date.now() - t0;
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(1_500);
    });

    it('reports an unreachable service as unavailable', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      const retriever = new AzureSearchRetriever(
        { endpoint: `http://127.0.0.1:${port}`, indexName: 'kb', apiKey: API_KEY, timeoutMs: 2_000 },
        silentLogger,
      );
      await expect(retriever.search('pilot budget')).rejects.toMatchObject({
        name: 'AzureSearchError',
        reason: 'unavailable',
      });
    });
  });
});

describe('Azure AI Search query text and filters', () => {
  it('reads a question as words, not as query syntax', () => {
    expect(toQueryText('  What is "pilot" funding -- (cost) + time | owner* -exclusion? non-production  ')).toBe(
      'What is pilot funding cost time owner exclusion? non-production',
    );
  });

  it('escapes quotes and picks a delimiter that no group id contains', () => {
    expect(audienceFilter(undefined)).toBe('everyone eq true');
    expect(audienceFilter(['', 'a'])).toBe("everyone eq true or search.in(audience, 'a', ',')");
    expect(audienceFilter(['x,y', "it's"])).toBe("everyone eq true or search.in(audience, 'x,y|it''s', '|')");
    expect(audienceFilter([' padded'])).toBe("everyone eq true or audience eq ' padded'");
  });
});

describe('Azure AI Search settings', () => {
  const full = {
    AZURE_SEARCH_ENDPOINT: 'https://coe-search.search.windows.net/',
    AZURE_SEARCH_INDEX: 'coe-passages',
    AZURE_SEARCH_API_KEY: 'k'.repeat(32),
  };
  const problem = (env: Record<string, string | undefined>): string => {
    try {
      parseAzureSearchEnv(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('is off when no variable is set, and blank values count as unset', () => {
    expect(parseAzureSearchEnv({})).toBeUndefined();
    expect(parseAzureSearchEnv({ AZURE_SEARCH_ENDPOINT: ' ', AZURE_SEARCH_INDEX: '' })).toBeUndefined();
  });

  it('reads complete settings with defaults', () => {
    expect(parseAzureSearchEnv(full)).toEqual({
      endpoint: 'https://coe-search.search.windows.net',
      indexName: 'coe-passages',
      apiKey: 'k'.repeat(32),
      semanticConfiguration: undefined,
      timeoutMs: 5_000,
    });
    expect(
      parseAzureSearchEnv({
        ...full,
        AZURE_SEARCH_SEMANTIC_CONFIGURATION: 'coe-semantic',
        AZURE_SEARCH_TIMEOUT_MS: '1500',
      }),
    ).toMatchObject({ semanticConfiguration: 'coe-semantic', timeoutMs: 1_500 });
    expect(parseAzureSearchEnv({ ...full, AZURE_SEARCH_ENDPOINT: 'http://localhost:8080' })?.endpoint).toBe(
      'http://localhost:8080',
    );
  });

  it('names the missing variables when only some are set', () => {
    expect(problem({ AZURE_SEARCH_ENDPOINT: full.AZURE_SEARCH_ENDPOINT })).toMatch(
      /^The Azure AI Search configuration is not valid:\n- AZURE_SEARCH_INDEX: AZURE_SEARCH_ENDPOINT, AZURE_SEARCH_INDEX and AZURE_SEARCH_API_KEY must be set together .*AZURE_SEARCH_INDEX and AZURE_SEARCH_API_KEY are missing\.$/,
    );
    expect(problem({ ...full, AZURE_SEARCH_API_KEY: undefined })).toMatch(/AZURE_SEARCH_API_KEY is missing\./);
    expect(problem({ AZURE_SEARCH_SEMANTIC_CONFIGURATION: 'coe-semantic' })).toMatch(
      /AZURE_SEARCH_ENDPOINT, AZURE_SEARCH_INDEX and AZURE_SEARCH_API_KEY are missing/,
    );
  });

  it('rejects bad values with a sentence naming the variable', () => {
    expect(problem({ ...full, AZURE_SEARCH_ENDPOINT: 'http://coe-search.search.windows.net' })).toMatch(
      /- AZURE_SEARCH_ENDPOINT: must be the https URL of the search service/,
    );
    expect(problem({ ...full, AZURE_SEARCH_ENDPOINT: 'https://coe-search.search.windows.net/indexes' })).toMatch(
      /AZURE_SEARCH_ENDPOINT: must be/,
    );
    expect(problem({ ...full, AZURE_SEARCH_INDEX: 'Coe_Passages' })).toMatch(
      /- AZURE_SEARCH_INDEX: must be an index name of lower-case letters/,
    );
    expect(problem({ ...full, AZURE_SEARCH_INDEX: 'coe--passages' })).toMatch(/AZURE_SEARCH_INDEX/);
    expect(problem({ ...full, AZURE_SEARCH_TIMEOUT_MS: 'soon' })).toMatch(
      /- AZURE_SEARCH_TIMEOUT_MS: must be a whole number of milliseconds between 200 and 60000\./,
    );
    expect(problem({ ...full, AZURE_SEARCH_TIMEOUT_MS: '50' })).toMatch(/AZURE_SEARCH_TIMEOUT_MS/);
    expect(problem({ ...full, AZURE_SEARCH_SEMANTIC_CONFIGURATION: 'has spaces' })).toMatch(
      /- AZURE_SEARCH_SEMANTIC_CONFIGURATION: must be the name of a semantic configuration/,
    );
    expect(problem({ ...full, AZURE_SEARCH_API_KEY: 'k'.repeat(32), AZURE_SEARCH_INDEX: 'BAD' })).not.toContain(
      'k'.repeat(32),
    );
  });
});
