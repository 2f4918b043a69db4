import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Passage } from '../src/knowledge/document-model';
import { silentLogger } from '../src/observability/logger';
import type { EmbeddingClient } from '../src/knowledge/retrieval/embedding-client';
import { EmbeddingCooldown, HybridRetriever } from '../src/knowledge/retrieval/hybrid-retriever';
import { LexicalRetriever } from '../src/knowledge/retrieval/lexical-retriever';
import { foldText } from '../src/knowledge/retrieval/tokenize';
import { VectorIndex } from '../src/knowledge/retrieval/vector-index';

/*
 * Retrieval benchmark on a synthetic corpus: words are drawn from a Zipf distribution over the
 * vocabulary of the playbooks (ranked by how often the playbooks use them), so term frequencies look
 * like real prose. Reports index build time, query latency percentiles and process memory. With
 * --dims above 0 it also times the embeddings side with random vectors of that size: the vector
 * search alone and the whole hybrid search (lexical + vector + fusion) with the question's vector
 * ready, so no network time is included.
 */

interface BenchRow {
  chunks: number;
  buildMs: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  rssMb: number;
  heapUsedMb: number;
}

interface VectorBenchRow {
  chunks: number;
  dims: number;
  /** True when the int8 WebAssembly SIMD scan ran (false: plain float32 scan). */
  simd: boolean;
  buildMs: number;
  vector: { p50Ms: number; p95Ms: number; p99Ms: number; meanMs: number };
  hybrid: { p50Ms: number; p95Ms: number; p99Ms: number; meanMs: number };
  rssMb: number;
}

/** Small, seeded pseudo-random generator so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function vocabulary(dir: string): string[] {
  const counts = new Map<string, number>();
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(md|txt)$/i.test(f)) : [];
  for (const f of files)
    for (const w of foldText(fs.readFileSync(path.join(dir, f), 'utf8')).match(/[a-z][a-z-]{1,}/g) ?? [])
      counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  if (words.length < 500)
    throw new Error(
      `The vocabulary folder ${dir} has too few words (${words.length}); point --vocab at a folder of Markdown playbooks.`,
    );
  return words;
}

/** Samples word ranks with probability proportional to 1 / rank^s. */
function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cdf[i] = total += 1 / Math.pow(i + 1, s);
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function syntheticCorpus(size: number, words: string[], random: () => number): Passage[] {
  const sample = zipfSampler(words.length, 1.05, random);
  const pick = (): string => words[sample()];
  const passages: Passage[] = [];
  let title = '';
  let section = '';
  for (let i = 0; i < size; i++) {
    if (i % 12 === 0) title = Array.from({ length: 3 + Math.floor(random() * 4) }, pick).join(' ');
    if (i % 3 === 0) section = Array.from({ length: 2 + Math.floor(random() * 3) }, pick).join(' ');
    const length = 90 + Math.floor(random() * 140);
    const body: string[] = [];
    for (let w = 0; w < length; w++) body.push(w % 17 === 16 ? `${pick()}.` : pick());
    passages.push({
      id: i + 1,
      source: `doc-${Math.floor(i / 12)}.md`,
      title,
      section,
      text: body.join(' '),
      kind: 'markdown',
      ordinal: i % 12,
    });
  }
  return passages;
}

/** Questions of 3-8 words: most from one passage's words (so they have a real target), some from the whole vocabulary. */
function queries(n: number, passages: Passage[], words: string[], random: () => number): string[] {
  const sample = zipfSampler(words.length, 0.8, random);
  return Array.from({ length: n }, (_, i) => {
    const len = 3 + Math.floor(random() * 6);
    if (i % 4 === 3) return `what is ${Array.from({ length: len }, () => words[sample()]).join(' ')}?`;
    const body = passages[Math.floor(random() * passages.length)].text.split(' ');
    return `how does ${Array.from({ length: len }, () => body[Math.floor(random() * body.length)].replace(/\.$/, '')).join(' ')} work?`;
  });
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

/** Latency percentiles of a list of timings (sorted in place). */
function summarise(times: number[]): { p50Ms: number; p95Ms: number; p99Ms: number; meanMs: number } {
  times.sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(times, 0.5)),
    p95Ms: round(percentile(times, 0.95)),
    p99Ms: round(percentile(times, 0.99)),
    meanMs: round(times.reduce((a, b) => a + b, 0) / times.length),
  };
}

/** Random vectors, one per row, as views into one buffer (centred uniform values; brute-force timing does not depend on them). */
function randomVectors(n: number, dims: number, random: () => number): Float32Array[] {
  const flat = new Float32Array(n * dims);
  for (let i = 0; i < flat.length; i++) flat[i] = random() - 0.5;
  return Array.from({ length: n }, (_, i) => flat.subarray(i * dims, (i + 1) * dims));
}

/** Times the vector search and the whole hybrid search over `passages` with random vectors. */
async function benchVectors(
  passages: Passage[],
  lexical: LexicalRetriever,
  qs: string[],
  dims: number,
  random: () => number,
): Promise<VectorBenchRow> {
  const index = new VectorIndex(randomVectors(passages.length, dims, random));
  const queryVectors = new Map(qs.map((q) => [q, randomVectors(1, dims, random)[0]]));
  const embedder: EmbeddingClient = {
    model: 'synthetic',
    embedPassages: async () => undefined,
    embedQuery: async (text) => queryVectors.get(text)!,
  };
  const hybrid = new HybridRetriever(lexical, index, embedder, silentLogger, new EmbeddingCooldown(0));
  for (const q of qs.slice(0, 50)) await hybrid.search(q, { k: 5 });
  const vectorTimes: number[] = [];
  for (const q of qs) {
    const v = queryVectors.get(q)!;
    const t0 = performance.now();
    index.search(v, 40);
    vectorTimes.push(performance.now() - t0);
  }
  const hybridTimes: number[] = [];
  for (const q of qs) {
    const t0 = performance.now();
    await hybrid.search(q, { k: 5 });
    hybridTimes.push(performance.now() - t0);
  }
  return {
    chunks: passages.length,
    dims,
    simd: index.accelerated,
    buildMs: Math.round(index.buildMs),
    vector: summarise(vectorTimes),
    hybrid: summarise(hybridTimes),
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
  };
}

function parseArgs(argv: string[]): { sizes: number[]; queries: number; vocab: string; out: string; dims: number } {
  const out = {
    sizes: [1_000, 10_000, 100_000],
    queries: 1_000,
    vocab: 'playbooks',
    out: path.join('bench-results', 'retrieval.json'),
    dims: 1_536,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--sizes' && v) out.sizes = v.split(',').map((x) => Number(x.replace(/k$/i, '000')));
    else if (a === '--queries' && v) out.queries = Number(v);
    else if (a === '--vocab' && v) out.vocab = v;
    else if (a === '--out' && v) out.out = v;
    else if (a === '--dims' && v) out.dims = Number(v);
    else
      throw new Error(
        `Unknown or incomplete option ${a}. Options: --sizes 1000,10000,100000 --queries 1000 --vocab <folder> --out <file> --dims 1536 (0 = no vectors)`,
      );
    i++;
  }
  if (out.sizes.some((s) => !Number.isInteger(s) || s < 1) || !Number.isInteger(out.queries) || out.queries < 10)
    throw new Error('--sizes must be whole numbers and --queries at least 10.');
  if (!Number.isInteger(out.dims) || out.dims < 0)
    throw new Error('--dims must be a whole number (0 leaves the vector search out).');
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const words = vocabulary(path.resolve(args.vocab));
  const rows: BenchRow[] = [];
  const vectorRows: VectorBenchRow[] = [];
  for (const size of args.sizes) {
    const random = rng(42 + size);
    const passages = syntheticCorpus(size, words, random);
    const retriever = new LexicalRetriever(passages);
    const qs = queries(args.queries, passages, words, random);
    for (const q of qs.slice(0, 200)) retriever.searchSync(q, { k: 5 });
    const times: number[] = [];
    for (const q of qs) {
      const t0 = performance.now();
      retriever.searchSync(q, { k: 5 });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const mem = process.memoryUsage();
    rows.push({
      chunks: size,
      buildMs: Math.round(retriever.buildMs),
      queries: qs.length,
      p50Ms: round(percentile(times, 0.5)),
      p95Ms: round(percentile(times, 0.95)),
      p99Ms: round(percentile(times, 0.99)),
      meanMs: round(times.reduce((a, b) => a + b, 0) / times.length),
      rssMb: Math.round(mem.rss / 1048576),
      heapUsedMb: Math.round(mem.heapUsed / 1048576),
    });
    if (args.dims > 0) vectorRows.push(await benchVectors(passages, retriever, qs, args.dims, random));
  }
  const header = ['chunks', 'build ms', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'RSS MB', 'heap MB'];
  const lines = rows.map((r) =>
    [r.chunks, r.buildMs, r.p50Ms, r.p95Ms, r.p99Ms, r.meanMs, r.rssMb, r.heapUsedMb].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
  console.log(
    `Retrieval benchmark: ${args.queries} queries per size, vocabulary of ${words.length} words from ${args.vocab}, Node ${process.version}, ${machine}`,
  );
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
  if (vectorRows.length > 0) {
    const vHeader = [
      'chunks',
      'dims',
      'SIMD',
      'build ms',
      'vector p50',
      'p95',
      'p99',
      'hybrid p50',
      'p95',
      'p99',
      'RSS MB',
    ];
    const vLines = vectorRows.map((r) =>
      [
        r.chunks,
        r.dims,
        r.simd ? 'yes' : 'no',
        r.buildMs,
        r.vector.p50Ms,
        r.vector.p95Ms,
        r.vector.p99Ms,
        r.hybrid.p50Ms,
        r.hybrid.p95Ms,
        r.hybrid.p99Ms,
        r.rssMb,
      ].map(String),
    );
    const vWidths = vHeader.map((h, i) => Math.max(h.length, ...vLines.map((l) => l[i].length)));
    console.log(
      `\nVector search (top 40, random vectors) and hybrid search (lexical + vector + fusion, question vector ready), ms`,
    );
    console.log(vHeader.map((c, i) => c.padStart(vWidths[i])).join('  '));
    for (const l of vLines) console.log(l.map((c, i) => c.padStart(vWidths[i])).join('  '));
  }
  fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  fs.writeFileSync(
    path.resolve(args.out),
    JSON.stringify(
      { at: new Date().toISOString(), node: process.version, machine, vocabularyWords: words.length, rows, vectorRows },
      null,
      2,
    ),
  );
  console.log(`Written to ${args.out}`);
}

main().catch((err: Error) => {
  console.error(`The benchmark could not run: ${err.message}`);
  process.exitCode = 1;
});
