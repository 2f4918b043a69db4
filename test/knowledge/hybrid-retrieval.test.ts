import * as fs from 'node:fs';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { createLogger, silentLogger, type Logger } from '../../src/observability/logger';
import { loadEnv } from '../../src/config/env';
import { KnowledgeService } from '../../src/knowledge/knowledge-service';
import {
  AzureOpenAiEmbeddingClient,
  retryAfterMs,
  type EmbeddingTuning,
} from '../../src/knowledge/retrieval/embedding-client';
import { LexicalRetriever } from '../../src/knowledge/retrieval/lexical-retriever';
import { reciprocalRankFusion } from '../../src/knowledge/retrieval/rank-fusion';
import { VectorIndex } from '../../src/knowledge/retrieval/vector-index';
import { decodeVector, encodeVector } from '../../src/knowledge/embedding-repository';
import { createPostgresSchema, DRIVERS } from '../support/test-database';
import { tempFolder, writeFiles } from './fixture-files';
import { SAMPLE_PLAYBOOKS } from './sample-playbooks';
import { indexedKnowledgeBase, type IndexedKnowledgeBase } from './indexed-knowledge-base';
import { startEmbeddingStub, type EmbeddingStub } from './embedding-stub';

/** Documents whose key passage shares no word with the question that should find it; only the meaning (the stub's concepts) links them. */
const EXTRA_DOCS: Record<string, string> = {
  'fleet.md':
    '# Company fleet\n\n## Automobiles\n\nStaff who travel often may lease an automobile from the motor pool. Fuel cards come with every automobile.\n',
  'commuting.md':
    '---\ntitle: Commuting perks\naudience: hr-partners\n---\n\n# Commuting perks\n\n## Two wheels\n\nPermanent staff may lease a bicycle through the commuting programme for one year.\n',
};
const CAR_QUESTION = 'Can I get a car?';
const BIKE_QUESTION = 'Is a bike available?';
const API_KEY = 'stub-key-0123456789';

const FAST: Partial<EmbeddingTuning> = {
  batchSize: 4,
  concurrency: 2,
  queryTimeoutMs: 300,
  indexTimeoutMs: 2_000,
  maxRetries: 1,
  maxRetryWaitMs: 3_000,
};

function client(
  stub: EmbeddingStub,
  tuning: Partial<EmbeddingTuning> = {},
  logger: Logger = silentLogger,
): AzureOpenAiEmbeddingClient {
  return new AzureOpenAiEmbeddingClient(
    { endpoint: stub.url, apiKey: API_KEY, apiVersion: '2024-10-21', embeddingDeployment: 'embed-test' },
    logger,
    { ...FAST, ...tuning },
  );
}

/** A logger that keeps every line, to check warnings and that no secret is written. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level: 'debug', sink: (l) => lines.push(l) }), lines };
}

const sources = (hits: Array<{ passage: { source: string } }>): string[] => hits.map((h) => h.passage.source);
const passageRequests = (stub: EmbeddingStub, question: string): number =>
  stub.seen.filter((r) => !(r.inputs.length === 1 && r.inputs[0] === question)).length;

describe('hybrid retrieval with Azure OpenAI embeddings (local stub)', () => {
  let stub: EmbeddingStub;
  let kb: IndexedKnowledgeBase;
  let db: Database;
  let dir: string;
  let service: KnowledgeService;

  beforeAll(async () => {
    stub = await startEmbeddingStub();
    kb = await indexedKnowledgeBase(
      { ...SAMPLE_PLAYBOOKS, ...EXTRA_DOCS },
      {
        openAi: {
          endpoint: stub.url,
          apiKey: API_KEY,
          deployment: 'gpt-test',
          embeddingDeployment: 'embed-test',
          embeddingTimeoutMs: 500,
          apiVersion: '2024-10-21',
        },
        hybrid: { cooldownMs: 0 },
        refreshIntervalMs: 60_000,
      },
    );
    ({ db, dir, service } = kb);
  });

  afterAll(async () => {
    await stub.close();
    await kb.close();
  });

  beforeEach(() => {
    stub.behave({ kind: 'ok' });
    stub.seen.length = 0;
  });

  it('is built from the environment settings and embeds every passage at index time, with the deployment, api-version and api-key', async () => {
    expect(service.retrievalMode).toBe('hybrid');
    expect(service.vectorCount).toBe(service.chunkCount);
    const rows = await db.query<{ n: number | string; dims: number }>(
      "select count(*) as n, min(dims) as dims from knowledge_embeddings where model = 'embed-test'",
    );
    expect(Number(rows[0].n)).toBe(service.chunkCount);
    expect(rows[0].dims).toBe(48);
    await service.search(CAR_QUESTION);
    expect(stub.seen).toHaveLength(1);
    expect(stub.seen[0].url).toBe('/openai/deployments/embed-test/embeddings?api-version=2024-10-21');
    expect(stub.seen[0].apiKey).toBe(API_KEY);
    expect(stub.seen[0].inputs).toEqual([CAR_QUESTION]);
  });

  it('finds a passage that shares no word with the question, which lexical search alone misses', async () => {
    const lexical = new LexicalRetriever(service.passages).searchSync(CAR_QUESTION, { k: 5 });
    expect(sources(lexical)).not.toContain('fleet.md');
    const hybrid = await service.search(CAR_QUESTION);
    expect(sources(hybrid).slice(0, 2)).toContain('fleet.md');
    expect(hybrid.find((h) => h.passage.source === 'fleet.md')?.passage.text).toContain('lease an automobile');
  });

  it("keeps lexical matches on top for a question in the documents' own words, and answers it as before", async () => {
    const answer = await service.ask('How much can a pilot spend without executive approval?');
    expect(answer.grounded).toBe(true);
    expect(answer.text).toContain('USD 25,000');
    expect(answer.citations[0].source).toBe('pilot-funding.md');
  });

  it('applies the audience to vector matches: a restricted passage found only by meaning reaches only its group', async () => {
    const lexicalForMember = new LexicalRetriever(service.passages).searchSync(BIKE_QUESTION, {
      k: 5,
      userGroups: ['hr-partners'],
    });
    expect(sources(lexicalForMember)).not.toContain('commuting.md');
    expect(sources(await service.search(BIKE_QUESTION, { userGroups: ['hr-partners'] }))).toContain('commuting.md');
    expect(sources(await service.search(BIKE_QUESTION, { userGroups: ['engineering'] }))).not.toContain('commuting.md');
    expect(sources(await service.search(BIKE_QUESTION))).not.toContain('commuting.md');
  });

  it('honours k in hybrid mode', async () => {
    expect(await service.search('pilot budget incident severity', { k: 3 })).toHaveLength(3);
    expect(await service.search('pilot budget incident severity', { k: 1 })).toHaveLength(1);
  });

  it('embeds nothing again for unchanged passages, and only the changed passages of an edited file', async () => {
    await service.indexDirectory(dir);
    expect(stub.seen).toHaveLength(0);
    writeFiles(dir, {
      'fleet.md':
        EXTRA_DOCS['fleet.md'] +
        '\n## Returns\n\nA leased automobile goes back to the motor pool within 5 working days after leaving the company, with its fuel card and both keys.\n',
    });
    try {
      await service.indexDirectory(dir);
      const sent = stub.seen.flatMap((r) => r.inputs);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain('goes back to the motor pool');
      expect(service.vectorCount).toBe(service.chunkCount);
    } finally {
      writeFiles(dir, { 'fleet.md': EXTRA_DOCS['fleet.md'] });
      await service.indexDirectory(dir);
    }
  });

  it('falls back to the lexical result, with a warning, when the question embedding fails with 500', async () => {
    const { logger, lines } = capturingLogger();
    const other = await KnowledgeService.create({
      db,
      logger,
      embedder: client(stub),
      hybrid: { cooldownMs: 0 },
      refreshIntervalMs: 60_000,
    });
    expect(other.vectorCount).toBe(other.chunkCount);
    stub.behave({ kind: 'fail', status: 500 });
    const hits = await other.search(CAR_QUESTION);
    expect(stub.seen).toHaveLength(1);
    expect(hits).toEqual(new LexicalRetriever(other.passages).searchSync(CAR_QUESTION, { k: 5 }));
    expect(lines.some((l) => /"level":"warn".*could not be embedded.*status 500/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toContain(API_KEY);
  });

  it('falls back to the lexical result at once when the question embedding is rate limited (429), without retrying', async () => {
    const other = await KnowledgeService.create({
      db,
      logger: silentLogger,
      embedder: client(stub),
      hybrid: { cooldownMs: 0 },
      refreshIntervalMs: 60_000,
    });
    stub.behave({ kind: 'fail', status: 429, headers: { 'retry-after': '10' } });
    const t0 = Date.now();
    const hits = await other.search(CAR_QUESTION);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(stub.seen).toHaveLength(1);
    expect(sources(hits)).not.toContain('fleet.md');
    expect(hits).toEqual(new LexicalRetriever(other.passages).searchSync(CAR_QUESTION, { k: 5 }));
  });

  it('falls back to the lexical result when the question embedding hangs past its timeout, and still answers', async () => {
    const other = await KnowledgeService.create({
      db,
      logger: silentLogger,
      embedder: client(stub, { queryTimeoutMs: 250 }),
      hybrid: { cooldownMs: 0 },
      refreshIntervalMs: 60_000,
    });
    stub.behave({ kind: 'hang' });
    const t0 = Date.now();
    const answer = await other.ask('How much can a pilot spend without executive approval?', { recordGaps: false });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(240);
    expect(took).toBeLessThan(3_000);
    expect(stub.seen).toHaveLength(1);
    expect(answer.grounded).toBe(true);
    expect(answer.text).toContain('USD 25,000');
  });

  it('skips the vector search for the cool-down after a failure, then uses it again', async () => {
    const other = await KnowledgeService.create({
      db,
      logger: silentLogger,
      embedder: client(stub),
      hybrid: { cooldownMs: 400 },
      refreshIntervalMs: 60_000,
    });
    stub.behave({ kind: 'fail', status: 503 });
    await other.search(CAR_QUESTION);
    await other.search(CAR_QUESTION);
    expect(stub.seen).toHaveLength(1);
    stub.behave({ kind: 'ok' });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(sources(await other.search(CAR_QUESTION))).toContain('fleet.md');
    expect(stub.seen).toHaveLength(2);
  });

  it('makes no embedding request at all when only the chat deployment is configured', async () => {
    const lexicalOnly = await KnowledgeService.create({
      db,
      logger: silentLogger,
      openAi: { endpoint: stub.url, apiKey: API_KEY, deployment: 'gpt-test', apiVersion: '2024-10-21' },
    });
    await lexicalOnly.indexDirectory(dir);
    const hits = await lexicalOnly.search(CAR_QUESTION);
    expect(lexicalOnly.retrievalMode).toBe('lexical');
    expect(lexicalOnly.vectorCount).toBe(0);
    expect(stub.seen).toHaveLength(0);
    expect(hits).toEqual(new LexicalRetriever(lexicalOnly.passages).searchSync(CAR_QUESTION, { k: 5 }));
  });
});

describe('passage embeddings at index time', () => {
  let stub: EmbeddingStub;
  let dir: string;
  let db: Database;

  beforeAll(async () => {
    stub = await startEmbeddingStub();
    dir = tempFolder();
    writeFiles(dir, { ...SAMPLE_PLAYBOOKS, ...EXTRA_DOCS });
    db = await openDatabase({ dataDir: 'memory://' });
  });

  afterAll(async () => {
    await stub.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await db.exec('delete from knowledge_documents; delete from knowledge_embeddings;');
    stub.behave({ kind: 'ok' });
    stub.seen.length = 0;
  });

  const open = (
    database: Database,
    logger: Logger = silentLogger,
    tuning: Partial<EmbeddingTuning> = {},
  ): Promise<KnowledgeService> =>
    KnowledgeService.create({
      db: database,
      logger,
      embedder: client(stub, tuning, logger),
      hybrid: { cooldownMs: 0 },
      refreshIntervalMs: 0,
    });

  it('sends passages in batches of the configured size', async () => {
    const service = await open(db, silentLogger, { batchSize: 3 });
    await service.indexDirectory(dir);
    const sizes = stub.seen.map((r) => r.inputs.length);
    expect(Math.max(...sizes)).toBe(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(service.chunkCount);
    expect(stub.seen.length).toBe(Math.ceil(service.chunkCount / 3));
  });

  it('indexes the documents when embedding fails (500), answers lexically, and embeds the missing passages on the next index run', async () => {
    const { logger, lines } = capturingLogger();
    const service = await open(db, logger);
    stub.behave({ kind: 'fail', status: 500, headers: { 'retry-after-ms': '5' } });
    const summary = await service.indexDirectory(dir);
    expect(summary.indexed).toBe(Object.keys({ ...SAMPLE_PLAYBOOKS, ...EXTRA_DOCS }).length);
    expect(service.chunkCount).toBeGreaterThan(0);
    expect(service.vectorCount).toBe(0);
    expect(lines.some((l) => /"level":"warn".*could not be embedded.*"missing":\d+/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toContain(API_KEY);
    const answer = await service.ask('When must a severity 1 incident be reported?', { recordGaps: false });
    expect(answer.text).toContain('1 hour');

    stub.behave({ kind: 'ok' });
    stub.seen.length = 0;
    await service.indexDirectory(dir);
    expect(service.vectorCount).toBe(service.chunkCount);
    expect(stub.seen.flatMap((r) => r.inputs)).toHaveLength(service.chunkCount);
    expect(sources(await service.search(CAR_QUESTION))).toContain('fleet.md');
  });

  it('keeps the batches that succeeded when a later one fails, and embeds only the rest next time', async () => {
    const service = await open(db, silentLogger, { batchSize: 4, concurrency: 1, maxRetries: 0 });
    stub.behave({ kind: 'ok' }, { times: 2, after: { kind: 'fail', status: 500 } });
    await service.indexDirectory(dir);
    expect(stub.seen).toHaveLength(3);
    expect(service.vectorCount).toBe(8);
    expect(service.chunkCount).toBeGreaterThan(8);
    stub.behave({ kind: 'ok' });
    stub.seen.length = 0;
    await service.reload();
    expect(service.vectorCount).toBe(service.chunkCount);
    expect(stub.seen.flatMap((r) => r.inputs)).toHaveLength(service.chunkCount - 8);
  });

  it('waits as long as a 429 Retry-After asks before retrying a batch', async () => {
    const service = await open(db, silentLogger, { batchSize: 64, maxRetries: 2 });
    stub.behave({ kind: 'fail', status: 429, headers: { 'retry-after': '1' } }, { times: 1 });
    await service.indexDirectory(dir);
    expect(stub.seen).toHaveLength(2);
    expect(stub.seen[1].at - stub.seen[0].at).toBeGreaterThanOrEqual(950);
    expect(service.vectorCount).toBe(service.chunkCount);
  });

  it('gives up at once on a Retry-After longer than it may wait, leaving the passages for the next run', async () => {
    const service = await open(db, silentLogger, { batchSize: 64, maxRetries: 3, maxRetryWaitMs: 1_000 });
    stub.behave({ kind: 'fail', status: 429, headers: { 'retry-after': '120' } });
    const t0 = Date.now();
    await service.indexDirectory(dir);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(stub.seen).toHaveLength(1);
    expect(service.vectorCount).toBe(0);
  });

  describe.each(DRIVERS)('shared through the database (%s)', (driver) => {
    let pools: Database[] = [];
    let drop: (() => Promise<void>) | undefined;

    /** Two connections to one database: the same PGlite instance (it has a single user), or two PostgreSQL pools on one schema. */
    const openShared = async (): Promise<[Database, Database]> => {
      if (driver === 'pglite') return [db, db];
      const schema = await createPostgresSchema();
      drop = schema.drop;
      pools = [await schema.open(), await schema.open()];
      return [pools[0], pools[1]];
    };

    afterEach(async () => {
      for (const pool of pools) await pool.close();
      pools = [];
      await drop?.();
      drop = undefined;
    });

    it('a second instance loads the stored vectors without calling the embedding service, and picks up vectors stored later', async () => {
      const [one, second] = await openShared();
      const first = await open(one);
      await first.indexDirectory(dir);
      const embeddedOnce = stub.seen.flatMap((r) => r.inputs).length;
      expect(embeddedOnce).toBe(first.chunkCount);

      stub.seen.length = 0;
      const other = await open(second);
      expect(stub.seen).toHaveLength(0);
      expect(other.vectorCount).toBe(first.chunkCount);
      expect(sources(await other.search(CAR_QUESTION))).toContain('fleet.md');
      expect(passageRequests(stub, CAR_QUESTION)).toBe(0);

      await first.addDocument({
        source: 'expert-answers/cars.md',
        title: 'Vehicles for visitors',
        kind: 'expert-answer',
        markdown: '# Vehicles for visitors\n\nVisitors are collected at the airport by a company vehicle.\n',
      });
      expect(first.vectorCount).toBe(first.chunkCount);
      stub.seen.length = 0;
      await other.search(CAR_QUESTION);
      expect(other.chunkCount).toBe(first.chunkCount);
      expect(other.vectorCount).toBe(first.chunkCount);
      expect(passageRequests(stub, CAR_QUESTION)).toBe(0);
    });
  });
});

describe('reciprocal rank fusion', () => {
  it('adds weight / (k + rank) over the rankings', () => {
    const fused = reciprocalRankFusion(
      [
        { items: ['a', 'b', 'c'], weight: 1 },
        { items: ['d', 'b', 'a'], weight: 1 },
      ],
      60,
    );
    expect(fused.map((f) => f.item)).toEqual(['a', 'b', 'd', 'c']);
    expect(fused[0].score).toBeCloseTo(1 / 61 + 1 / 63, 12);
    expect(fused[1].score).toBeCloseTo(2 / 62, 12);
    expect(fused[0].ranks).toEqual([1, 3]);
    expect(fused[2].ranks).toEqual([undefined, 1]);
  });

  it('puts an item found by both rankings above items found by one, and keeps the earlier ranking first on ties', () => {
    const fused = reciprocalRankFusion(
      [
        { items: ['p', 'q'], weight: 1 },
        { items: ['r', 'q'], weight: 1 },
      ],
      60,
    );
    expect(fused.map((f) => f.item)).toEqual(['q', 'p', 'r']);
    expect(fused[1].score).toBe(fused[2].score);
  });

  it('lets a heavier ranking win and counts a repeated item once per ranking', () => {
    const fused = reciprocalRankFusion(
      [
        { items: ['x', 'y'], weight: 1 },
        { items: ['y', 'y', 'x'], weight: 3 },
      ],
      10,
    );
    expect(fused[0].item).toBe('y');
    expect(fused[0].score).toBeCloseTo(1 / 12 + 3 / 11, 12);
    expect(fused[1].score).toBeCloseTo(1 / 11 + 3 / 13, 12);
  });

  it('returns nothing for empty rankings', () => {
    expect(reciprocalRankFusion([{ items: [], weight: 1 }], 60)).toEqual([]);
  });
});

describe('vector index', () => {
  /** Seeded pseudo-random numbers, so a failure can be reproduced. */
  const random = (seed: number): (() => number) => {
    const imul = Math.imul;
    let s = seed >>> 0;
    return () => {
      s = (imul(s, 1664525) + 1013904223) >>> 0;
      return s / 4294967296;
    };
  };
  const vectors = (n: number, dims: number, seed: number): Float32Array[] => {
    const r = random(seed);
    return Array.from({ length: n }, () => Float32Array.from({ length: dims }, () => r() - 0.5));
  };
  const cosine = (a: Float32Array, b: ArrayLike<number>): number => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  };
  const exactTop = (
    rows: Array<Float32Array | undefined>,
    q: Float32Array,
    k: number,
    allow: (r: number) => boolean = () => true,
  ): number[] =>
    rows
      .map((v, row) => ({ row, s: v ? cosine(v, q) : -Infinity }))
      .filter((x) => x.s > -Infinity && allow(x.row))
      .sort((a, b) => b.s - a.s)
      .slice(0, k)
      .map((x) => x.row);

  it.each([
    ['with the int8 SIMD scan', true],
    ['with the float32 scan', false],
  ])(
    'returns the exact cosine top-k %s, honouring the filter and skipping rows without a vector',
    (_label, quantise) => {
      const rows: Array<Float32Array | undefined> = vectors(3_000, 100, 7);
      for (let r = 0; r < rows.length; r += 10) rows[r] = undefined;
      const index = new VectorIndex(rows, undefined, { quantise });
      expect(index.accelerated).toBe(quantise);
      expect(index.count).toBe(2_700);
      for (const q of vectors(20, 100, 99)) {
        const got = index.search(q, 10);
        expect(got.map((m) => m.row)).toEqual(exactTop(rows, q, 10));
        expect(got[0].similarity).toBeCloseTo(cosine(rows[got[0].row]!, q), 5);
        const odd = (r: number): boolean => r % 2 === 1;
        expect(index.search(q, 10, odd).map((m) => m.row)).toEqual(exactTop(rows, q, 10, odd));
      }
    },
  );

  it('drops candidates at or below the minimum similarity, and rows of another length', () => {
    const index = new VectorIndex([
      Float32Array.of(1, 0),
      Float32Array.of(0, 1),
      Float32Array.of(-1, 0),
      Float32Array.of(1, 0, 0),
      undefined,
    ]);
    expect(index.dims).toBe(2);
    expect(index.count).toBe(3);
    expect(index.search([1, 0], 5, undefined, 0).map((m) => m.row)).toEqual([0]);
    expect(index.search([1, 1], 5).map((m) => m.row)).toEqual([0, 1, 2]);
    expect(() => index.search([1, 0, 0], 5)).toThrow(/3 dimensions but the stored vectors have 2/);
  });

  it('stores vectors as little-endian float32 bytes and reads them back exactly', () => {
    const v = Float32Array.of(0.1, -2.5, 3e-8, 1234.5);
    const bytes = encodeVector(v);
    expect(bytes.length).toBe(16);
    expect(bytes.readFloatLE(4)).toBe(-2.5);
    const unaligned = new Uint8Array(bytes.length + 1);
    unaligned.set(bytes, 1);
    expect(Array.from(decodeVector(unaligned.subarray(1)))).toEqual(Array.from(v));
  });

  it('uses the SIMD kernel on 10,000 vectors of 1,536 dimensions and still returns the exact top-k (speed is measured by npm run bench:retrieval)', () => {
    const r = random(3);
    const dims = 1_536;
    const flat = new Float32Array(10_000 * dims);
    for (let i = 0; i < flat.length; i++) flat[i] = r() - 0.5;
    const rows = Array.from({ length: 10_000 }, (_, i) => flat.subarray(i * dims, (i + 1) * dims));
    const index = new VectorIndex(rows);
    expect(index.accelerated).toBe(true);
    const q = Float32Array.from({ length: dims }, () => r() - 0.5);
    expect(index.search(q, 40).map((m) => m.row)).toEqual(exactTop(rows, q, 40));
  });
});

describe('embedding settings and Retry-After', () => {
  it('reads the embedding deployment and the question timeout from the environment', () => {
    const base = {
      AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com',
      AZURE_OPENAI_API_KEY: 'k',
      AZURE_OPENAI_DEPLOYMENT_NAME: 'gpt-4.1-mini',
      AZURE_OPENAI_EMBEDDING_DEPLOYMENT_NAME: 'text-embedding-3-small',
    };
    expect(loadEnv(base).openAi).toMatchObject({
      embeddingDeployment: 'text-embedding-3-small',
      embeddingTimeoutMs: 2_000,
    });
    expect(loadEnv({ ...base, AZURE_OPENAI_EMBEDDING_TIMEOUT_MS: '750' }).openAi?.embeddingTimeoutMs).toBe(750);
    expect(() => loadEnv({ ...base, AZURE_OPENAI_EMBEDDING_TIMEOUT_MS: '5' })).toThrow(
      /AZURE_OPENAI_EMBEDDING_TIMEOUT_MS/,
    );
  });

  it('reads Retry-After in milliseconds, seconds or as a date', () => {
    expect(retryAfterMs({ 'retry-after-ms': '250' })).toBe(250);
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2_000);
    expect(
      retryAfterMs({ 'retry-after': 'Wed, 21 Oct 2026 07:28:05 GMT' }, Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')),
    ).toBe(5_000);
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
  });
});
