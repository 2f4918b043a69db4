/** The storage of the BM25F index: its parameters, flat forward and inverted postings, and the score buffers. */

/** The three fields of a passage that are searched; title and section are short and weigh more. */
export interface IndexableFields {
  title: string;
  section: string;
  body: string;
}

export interface Bm25fParams {
  k1: number;
  /** Field weights: a match in the title counts like `title` matches in the body. */
  weights: { title: number; section: number; body: number };
  /** Length normalisation per field (0 = none, 1 = full). */
  b: { title: number; section: number; body: number };
}

export const DEFAULT_BM25F: Bm25fParams = {
  k1: 1.2,
  weights: { title: 2, section: 2, body: 1 },
  b: { title: 0.3, section: 0.5, body: 0.75 },
};

/** Per-term statistics the answer layer uses to judge evidence. */
export interface TermStats {
  df: number;
  idf: number;
}

export interface Postings {
  docs: Int32Array;
  impacts: Float32Array;
}

/** Term frequencies per document and field, stored flat: entries [starts[d], starts[d+1]) belong to document d. */
export interface ForwardIndex {
  starts: Int32Array;
  terms: Int32Array;
  /** Three counts (title, section, body) per entry. */
  tf: Uint16Array;
  lengths: [Float64Array, Float64Array, Float64Array];
}

/** A growable typed buffer, so building a large index does not churn through small arrays. */
export class Growable<T extends Int32Array | Uint16Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  trimmed(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** Scores of every entry of an index, kept between queries to avoid allocation. */
export class ScoreBoard {
  readonly scores: Float64Array;
  readonly touched: Int32Array;
  count = 0;

  constructor(n: number) {
    this.scores = new Float64Array(n);
    this.touched = new Int32Array(n);
  }
}

export function postingsFrom(
  forward: ForwardIndex,
  vocabulary: number,
  params: Bm25fParams,
): { postings: Postings[]; idfs: Float64Array } {
  const n = forward.starts.length - 1;
  const df = new Int32Array(vocabulary);
  for (let i = 0; i < forward.terms.length; i++) df[forward.terms[i]]++;
  const postings: Postings[] = [];
  const idfs = new Float64Array(vocabulary);
  for (let t = 0; t < vocabulary; t++) {
    postings.push({ docs: new Int32Array(df[t]), impacts: new Float32Array(df[t]) });
    idfs[t] = Math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5));
  }
  const avg = forward.lengths.map((l) => Math.max(1e-9, l.reduce((a, b) => a + b, 0) / Math.max(1, n)));
  const w = [params.weights.title, params.weights.section, params.weights.body];
  const b = [params.b.title, params.b.section, params.b.body];
  const fill = new Int32Array(vocabulary);
  for (let d = 0; d < n; d++) {
    const norm = [0, 1, 2].map((f) => 1 - b[f] + (b[f] * forward.lengths[f][d]) / avg[f]);
    for (let e = forward.starts[d]; e < forward.starts[d + 1]; e++) {
      const t = forward.terms[e];
      let tf = 0;
      for (let f = 0; f < 3; f++) {
        const x = forward.tf[e * 3 + f];
        if (x > 0) tf += (w[f] * x) / norm[f];
      }
      const i = fill[t]++;
      postings[t].docs[i] = d;
      postings[t].impacts[i] = (idfs[t] * tf * (params.k1 + 1)) / (params.k1 + tf);
    }
  }
  return { postings, idfs };
}

/**
 * Merges the passages of each group into one entry (a document made of its passages): body counts
 * add up; title and section count once, since every passage repeats them.
 */
export function groupForward(
  forward: ForwardIndex,
  groupOf: Int32Array,
  groups: number,
  vocabulary: number,
): ForwardIndex {
  const members: number[][] = Array.from({ length: groups }, () => []);
  groupOf.forEach((g, d) => members[g].push(d));
  const counts = new Uint32Array(vocabulary * 3);
  const seen: number[] = [];
  const starts = new Int32Array(groups + 1);
  const terms = new Growable(new Int32Array(1024), (n) => new Int32Array(n));
  const tf = new Growable(new Uint16Array(3072), (n) => new Uint16Array(n));
  const lengths: ForwardIndex['lengths'] = [
    new Float64Array(groups),
    new Float64Array(groups),
    new Float64Array(groups),
  ];
  for (let g = 0; g < groups; g++) {
    starts[g] = terms.length;
    seen.length = 0;
    for (const d of members[g]) {
      lengths[0][g] = forward.lengths[0][d];
      lengths[1][g] = Math.max(lengths[1][g], forward.lengths[1][d]);
      lengths[2][g] += forward.lengths[2][d];
      for (let e = forward.starts[d]; e < forward.starts[d + 1]; e++) {
        const t = forward.terms[e];
        if (counts[t * 3] + counts[t * 3 + 1] + counts[t * 3 + 2] === 0) seen.push(t);
        counts[t * 3] = Math.max(counts[t * 3], forward.tf[e * 3]);
        counts[t * 3 + 1] = Math.max(counts[t * 3 + 1], forward.tf[e * 3 + 1]);
        counts[t * 3 + 2] += forward.tf[e * 3 + 2];
      }
    }
    for (const t of seen) {
      terms.push(t);
      for (let f = 0; f < 3; f++) {
        tf.push(Math.min(65535, counts[t * 3 + f]));
        counts[t * 3 + f] = 0;
      }
    }
  }
  starts[groups] = terms.length;
  return { starts, terms: terms.trimmed(), tf: tf.trimmed(), lengths };
}
