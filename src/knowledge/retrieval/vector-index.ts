import { createInt8DotKernel, type Int8DotKernel } from './int8-dot-kernel';

/** A row of the index (the passage's position in the passage list) and its cosine similarity to the query. */
export interface VectorMatch {
  row: number;
  similarity: number;
}

/** How many extra candidates the quantised scan hands to the exact re-scoring, beyond those asked for. */
const RESCORE_EXTRA = 32;

/** Bound once: looking up the global Math inside the per-dimension loops is slow in sandboxed contexts (jest's VM). */
const round = Math.round;
const abs = (x: number): number => (x < 0 ? -x : x);

/**
 * Passage embeddings in memory for brute-force cosine search. Vectors are normalised into one
 * Float32Array (row r = passage r; rows without a vector are zero and never returned). With
 * WebAssembly SIMD, a query first scans int8 copies of the vectors (a quarter of the memory traffic)
 * and then re-scores the best candidates exactly in float32; without it, the float32 rows are scanned.
 */
export class VectorIndex {
  readonly rows: number;
  readonly dims: number;
  /** Rows that have a vector. */
  readonly count: number;
  readonly buildMs: number;
  private readonly unit: Float32Array;
  private readonly present: Uint8Array;
  private readonly scales: Float32Array;
  private readonly kernel?: Int8DotKernel;

  /**
   * Builds the index from one optional vector per row. Vectors whose length is not `dims` (by default
   * the most common length) or that are all zeros are left out, like missing ones.
   */
  constructor(
    vectors: ReadonlyArray<Float32Array | undefined>,
    dims = commonLength(vectors),
    options: { quantise?: boolean } = {},
  ) {
    const t0 = performance.now();
    this.rows = vectors.length;
    this.dims = dims;
    this.unit = new Float32Array(this.rows * dims);
    this.present = new Uint8Array(this.rows);
    this.scales = new Float32Array(this.rows);
    let count = 0;
    for (let r = 0; r < this.rows; r++) {
      const v = vectors[r];
      if (!v || v.length !== dims || dims === 0) continue;
      let norm = 0;
      for (let j = 0; j < dims; j++) norm += v[j] * v[j];
      if (!(norm > 0) || norm === Infinity) continue;
      const inv = 1 / Math.sqrt(norm);
      const o = r * dims;
      for (let j = 0; j < dims; j++) this.unit[o + j] = v[j] * inv;
      this.present[r] = 1;
      count++;
    }
    this.count = count;
    if (count > 0 && options.quantise !== false) this.kernel = createInt8DotKernel(this.rows, dims);
    if (this.kernel) this.quantiseRows(this.kernel);
    this.buildMs = performance.now() - t0;
  }

  /** True when row `r` has a vector. */
  has(r: number): boolean {
    return this.present[r] === 1;
  }

  /** The normalised vector of row `r` (a view into the index), or undefined. */
  vector(r: number): Float32Array | undefined {
    return this.present[r] === 1 ? this.unit.subarray(r * this.dims, (r + 1) * this.dims) : undefined;
  }

  /** True when the int8 SIMD scan is in use (false means a plain float32 scan). */
  get accelerated(): boolean {
    return this.kernel !== undefined;
  }

  /**
   * The `depth` rows most similar to `query` (by cosine) that `allow` accepts, best first. Rows whose
   * similarity is at or below `minSimilarity` are left out. Throws when the query has the wrong length.
   */
  search(
    query: ArrayLike<number>,
    depth: number,
    allow: (row: number) => boolean = () => true,
    minSimilarity = -Infinity,
  ): VectorMatch[] {
    if (query.length !== this.dims)
      throw new Error(`The query vector has ${query.length} dimensions but the stored vectors have ${this.dims}.`);
    if (this.count === 0 || depth < 1) return [];
    const q = normalised(query);
    if (!q) return [];
    const candidates = this.kernel ? this.quantisedCandidates(this.kernel, q, depth + RESCORE_EXTRA, allow) : undefined;
    const best = new TopRows(depth);
    const consider = (r: number): void => {
      const s = this.dot(r, q);
      if (s > minSimilarity) best.offer(r, s);
    };
    if (candidates) for (const r of candidates) consider(r);
    else for (let r = 0; r < this.rows; r++) if (this.present[r] === 1 && allow(r)) consider(r);
    return best.sorted().map(({ row, score }) => ({ row, similarity: score }));
  }

  private dot(r: number, q: Float32Array): number {
    const u = this.unit;
    const o = r * this.dims;
    let a = 0;
    let b = 0;
    let j = 0;
    for (; j + 1 < q.length; j += 2) {
      a += u[o + j] * q[j];
      b += u[o + j + 1] * q[j + 1];
    }
    if (j < q.length) a += u[o + j] * q[j];
    return a + b;
  }

  private quantiseRows(kernel: Int8DotKernel): void {
    const { codes, stride } = kernel;
    for (let r = 0; r < this.rows; r++) {
      if (this.present[r] !== 1) continue;
      const o = r * this.dims;
      let max = 0;
      for (let j = 0; j < this.dims; j++) {
        const a = abs(this.unit[o + j]);
        if (a > max) max = a;
      }
      const scale = max / 127;
      this.scales[r] = scale;
      const c = r * stride;
      for (let j = 0; j < this.dims; j++) codes[c + j] = round(this.unit[o + j] / scale);
    }
  }

  /** Rows whose approximate (int8) similarity is among the best `n`, unordered. */
  private quantisedCandidates(
    kernel: Int8DotKernel,
    q: Float32Array,
    n: number,
    allow: (row: number) => boolean,
  ): number[] {
    let max = 0;
    for (let j = 0; j < q.length; j++) {
      const a = abs(q[j]);
      if (a > max) max = a;
    }
    const scale = max / 127;
    kernel.query.fill(0);
    for (let j = 0; j < q.length; j++) kernel.query[j] = round(q[j] / scale);
    const dots = kernel.scan();
    const top = new TopRows(n);
    for (let r = 0; r < this.rows; r++) {
      if (this.present[r] !== 1) continue;
      const approx = dots[r] * this.scales[r];
      if (top.full && approx <= top.floor) continue;
      if (allow(r)) top.offer(r, approx);
    }
    return top.rowsUnordered();
  }
}

/** The best `size` rows seen so far, kept in a min-heap on score (ties: the lower row wins). */
class TopRows {
  private readonly rowsHeap: Int32Array;
  private readonly scoresHeap: Float64Array;
  private n = 0;

  constructor(private readonly size: number) {
    this.rowsHeap = new Int32Array(size);
    this.scoresHeap = new Float64Array(size);
  }

  get full(): boolean {
    return this.n === this.size;
  }

  /** The lowest score kept (meaningful once full). */
  get floor(): number {
    return this.scoresHeap[0];
  }

  offer(row: number, score: number): void {
    if (this.n < this.size) {
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(row, score, this.rowsHeap[parent], this.scoresHeap[parent])) break;
        this.rowsHeap[i] = this.rowsHeap[parent];
        this.scoresHeap[i] = this.scoresHeap[parent];
        i = parent;
      }
      this.rowsHeap[i] = row;
      this.scoresHeap[i] = score;
      return;
    }
    if (!this.worse(this.rowsHeap[0], this.scoresHeap[0], row, score)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.n) break;
      const rgt = l + 1;
      const c =
        rgt < this.n && this.worse(this.rowsHeap[rgt], this.scoresHeap[rgt], this.rowsHeap[l], this.scoresHeap[l])
          ? rgt
          : l;
      if (!this.worse(this.rowsHeap[c], this.scoresHeap[c], row, score)) break;
      this.rowsHeap[i] = this.rowsHeap[c];
      this.scoresHeap[i] = this.scoresHeap[c];
      i = c;
    }
    this.rowsHeap[i] = row;
    this.scoresHeap[i] = score;
  }

  rowsUnordered(): number[] {
    return Array.from(this.rowsHeap.subarray(0, this.n));
  }

  sorted(): Array<{ row: number; score: number }> {
    const out = Array.from({ length: this.n }, (_, i) => ({ row: this.rowsHeap[i], score: this.scoresHeap[i] }));
    return out.sort((a, b) => b.score - a.score || a.row - b.row);
  }

  /** True when (rowA, a) ranks below (rowB, b). */
  private worse(rowA: number, a: number, rowB: number, b: number): boolean {
    return a < b || (a === b && rowA > rowB);
  }
}

function normalised(v: ArrayLike<number>): Float32Array | undefined {
  let norm = 0;
  for (let j = 0; j < v.length; j++) norm += v[j] * v[j];
  if (!(norm > 0) || !Number.isFinite(norm)) return undefined;
  const inv = 1 / Math.sqrt(norm);
  return Float32Array.from(v, (x) => x * inv);
}

/** The most common length among the vectors (0 when there are none). */
function commonLength(vectors: ReadonlyArray<Float32Array | undefined>): number {
  const counts = new Map<number, number>();
  for (const v of vectors) if (v && v.length > 0) counts.set(v.length, (counts.get(v.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [len, n] of counts) if (n > bestCount || (n === bestCount && len > best)) [best, bestCount] = [len, n];
  return best;
}
