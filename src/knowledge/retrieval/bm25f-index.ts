import { tokenize } from './tokenize';

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

interface Postings {
  docs: Int32Array;
  impacts: Float32Array;
}

/** Per-term statistics the answer layer uses to judge evidence. */
export interface TermStats {
  df: number;
  idf: number;
}

/**
 * An in-memory BM25F inverted index. Per-field term frequencies are length-normalised, weighted and
 * summed before saturation, and each posting stores its final impact so a query only adds numbers.
 * Body term sequences are kept for the proximity bonus.
 */
export class Bm25fIndex {
  readonly size: number;
  private readonly termIds = new Map<string, number>();
  private readonly postings: Postings[] = [];
  private readonly idfs: number[] = [];
  private readonly sequences: Int32Array[] = [];
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;

  constructor(docs: ReadonlyArray<IndexableFields>, readonly params: Bm25fParams = DEFAULT_BM25F) {
    this.size = docs.length;
    const fieldNames = ['title', 'section', 'body'] as const;
    const lengths = fieldNames.map(() => new Float32Array(docs.length));
    const raw: Array<{ docs: number[]; tf: number[] }> = [];
    const titleCache = new Map<string, string[]>();
    const idOf = (term: string): number => {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = raw.length;
        this.termIds.set(term, id);
        raw.push({ docs: [], tf: [] });
      }
      return id;
    };
    const perDoc = new Map<number, number[]>();
    for (let d = 0; d < docs.length; d++) {
      perDoc.clear();
      for (let f = 0; f < 3; f++) {
        const name = fieldNames[f];
        let toks: string[];
        if (name === 'body') {
          const tokens = tokenize(docs[d].body);
          const seq = new Int32Array(tokens.length * 2);
          tokens.forEach((t, i) => {
            seq[i * 2] = idOf(t.term);
            seq[i * 2 + 1] = t.pos;
          });
          this.sequences.push(seq);
          toks = tokens.map((t) => t.term);
        } else {
          const text = docs[d][name];
          let cached = titleCache.get(`${f}:${text}`);
          if (!cached) {
            cached = tokenize(text).map((t) => t.term);
            titleCache.set(`${f}:${text}`, cached);
          }
          toks = cached;
        }
        lengths[f][d] = toks.length;
        for (const t of toks) {
          const id = idOf(t);
          let tf = perDoc.get(id);
          if (!tf) perDoc.set(id, (tf = [0, 0, 0]));
          tf[f]++;
        }
      }
      for (const [id, tf] of perDoc) {
        raw[id].docs.push(d);
        raw[id].tf.push(tf[0], tf[1], tf[2]);
      }
    }
    const avg = lengths.map((l) => Math.max(1e-9, l.reduce((a, b) => a + b, 0) / Math.max(1, docs.length)));
    const w = [params.weights.title, params.weights.section, params.weights.body];
    const b = [params.b.title, params.b.section, params.b.body];
    const n = docs.length;
    for (const r of raw) {
      const df = r.docs.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      this.idfs.push(idf);
      const impacts = new Float32Array(df);
      for (let i = 0; i < df; i++) {
        const d = r.docs[i];
        let tf = 0;
        for (let f = 0; f < 3; f++) {
          const x = r.tf[i * 3 + f];
          if (x > 0) tf += (w[f] * x) / (1 - b[f] + (b[f] * lengths[f][d]) / avg[f]);
        }
        impacts[i] = (idf * tf * (params.k1 + 1)) / (params.k1 + tf);
      }
      this.postings.push({ docs: Int32Array.from(r.docs), impacts });
    }
    this.scores = new Float64Array(n);
    this.touched = new Int32Array(n);
  }

  /** Number of distinct terms. */
  get vocabularySize(): number {
    return this.postings.length;
  }

  termStats(term: string): TermStats | undefined {
    const id = this.termIds.get(term);
    return id === undefined ? undefined : { df: this.postings[id].docs.length, idf: this.idfs[id] };
  }

  /** IDF a term would have if it occurred in no passage: the upper bound, used for unknown words. */
  get maxIdf(): number {
    return Math.log(1 + (this.size + 0.5) / 0.5);
  }

  /**
   * Scores passages for the query terms (with their query weights) and returns the best `k` that pass
   * `allow`, best first, after an optional `adjust` of each score. Ties go to the earlier passage.
   */
  search(
    queryTerms: ReadonlyMap<string, number>,
    k: number,
    allow?: (doc: number) => boolean,
    adjust?: (doc: number, score: number) => number,
  ): Array<{ doc: number; score: number }> {
    const scores = this.scores;
    let touchedCount = 0;
    for (const [term, qw] of queryTerms) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const { docs, impacts } = this.postings[id];
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i];
        if (scores[d] === 0) this.touched[touchedCount++] = d;
        scores[d] += impacts[i] * qw;
      }
    }
    const heap = new TopK(k);
    for (let i = 0; i < touchedCount; i++) {
      const d = this.touched[i];
      const s = adjust ? adjust(d, scores[d]) : scores[d];
      scores[d] = 0;
      if (s > heap.threshold() && (!allow || allow(d))) heap.push(d, s);
    }
    return heap.sorted();
  }

  /** The body of a passage as (term id, position) pairs, for proximity scoring. */
  sequence(doc: number): Int32Array {
    return this.sequences[doc];
  }

  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }
}

/** A fixed-size min-heap that keeps the k best (doc, score) pairs. */
class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  threshold(): number {
    return this.docs.length < this.k ? Number.NEGATIVE_INFINITY : this.scores[0];
  }

  push(doc: number, score: number): void {
    if (this.docs.length < this.k) {
      this.docs.push(doc);
      this.scores.push(score);
      this.up(this.docs.length - 1);
    } else if (score > this.scores[0] || (score === this.scores[0] && doc < this.docs[0])) {
      this.docs[0] = doc;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): Array<{ doc: number; score: number }> {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i] })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  private less(i: number, j: number): boolean {
    return this.scores[i] < this.scores[j] || (this.scores[i] === this.scores[j] && this.docs[i] > this.docs[j]);
  }

  private swap(i: number, j: number): void {
    [this.docs[i], this.docs[j]] = [this.docs[j], this.docs[i]];
    [this.scores[i], this.scores[j]] = [this.scores[j], this.scores[i]];
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.docs.length;
    for (;;) {
      const l = i * 2 + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}
