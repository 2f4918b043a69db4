import { forEachTerm } from './tokenize';

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

interface Postings {
  docs: Int32Array;
  impacts: Float32Array;
}

/** Term frequencies per document and field, stored flat: entries [starts[d], starts[d+1]) belong to document d. */
interface ForwardIndex {
  starts: Int32Array;
  terms: Int32Array;
  /** Three counts (title, section, body) per entry. */
  tf: Uint16Array;
  lengths: [Float64Array, Float64Array, Float64Array];
}

/** A growable typed buffer, so building a large index does not churn through small arrays. */
class Growable<T extends Int32Array | Uint16Array> {
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
class ScoreBoard {
  readonly scores: Float64Array;
  readonly touched: Int32Array;
  count = 0;

  constructor(n: number) {
    this.scores = new Float64Array(n);
    this.touched = new Int32Array(n);
  }
}

function postingsFrom(
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
function groupForward(forward: ForwardIndex, groupOf: Int32Array, groups: number, vocabulary: number): ForwardIndex {
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

/**
 * An in-memory BM25F inverted index. Per-field term frequencies are length-normalised, weighted and
 * summed before saturation, and each posting stores its final impact, so a query only adds numbers.
 * Optionally a second index treats each group of passages (a document) as one entry, for a
 * document-level score. Body term sequences are kept for the proximity bonus.
 */
export class Bm25fIndex {
  readonly size: number;
  private readonly termIds = new Map<string, number>();
  private readonly postings: Postings[];
  private readonly idfs: Float64Array;
  private readonly sequences: Int32Array[] = [];
  private readonly board: ScoreBoard;
  private readonly tmp: ScoreBoard;
  private readonly headings: Int32Array[] = [];
  private readonly titles: Int32Array[] = [];
  private readonly groupIndex?: { postings: Postings[]; board: ScoreBoard; tmp: ScoreBoard; groupOf: Int32Array };

  constructor(
    docs: ReadonlyArray<IndexableFields>,
    readonly params: Bm25fParams = DEFAULT_BM25F,
    grouping?: { groupOf: Int32Array; groups: number },
  ) {
    this.size = docs.length;
    const forward = this.forwardIndex(docs);
    const vocabulary = this.termIds.size;
    ({ postings: this.postings, idfs: this.idfs } = postingsFrom(forward, vocabulary, params));
    this.board = new ScoreBoard(docs.length);
    this.tmp = new ScoreBoard(docs.length);
    if (grouping) {
      const grouped = groupForward(forward, grouping.groupOf, grouping.groups, vocabulary);
      this.groupIndex = {
        postings: postingsFrom(grouped, vocabulary, params).postings,
        board: new ScoreBoard(grouping.groups),
        tmp: new ScoreBoard(grouping.groups),
        groupOf: grouping.groupOf,
      };
    }
  }

  private forwardIndex(docs: ReadonlyArray<IndexableFields>): ForwardIndex {
    const starts = new Int32Array(docs.length + 1);
    const terms = new Growable(new Int32Array(1 << 16), (n) => new Int32Array(n));
    const tf = new Growable(new Uint16Array(3 << 16), (n) => new Uint16Array(n));
    const lengths: ForwardIndex['lengths'] = [
      new Float64Array(docs.length),
      new Float64Array(docs.length),
      new Float64Array(docs.length),
    ];
    let counts = new Uint16Array(3 << 12);
    const docTerms: number[] = [];
    const fieldCache = new Map<string, number[]>();
    const idOf = (term: string): number => {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.termIds.size;
        this.termIds.set(term, id);
        if (id * 3 + 3 > counts.length) {
          const bigger = new Uint16Array(counts.length * 2);
          bigger.set(counts);
          counts = bigger;
        }
      }
      return id;
    };
    const count = (id: number, f: number): void => {
      if (counts[id * 3] + counts[id * 3 + 1] + counts[id * 3 + 2] === 0) docTerms.push(id);
      if (counts[id * 3 + f] < 65535) counts[id * 3 + f]++;
    };
    const seq: number[] = [];
    const headingCache = new Map<string, Int32Array>();
    for (let d = 0; d < docs.length; d++) {
      starts[d] = terms.length;
      docTerms.length = 0;
      const fieldIds: number[][] = [];
      for (const [f, text] of [
        [0, docs[d].title],
        [1, docs[d].section],
      ] as const) {
        let ids = fieldCache.get(`${f}\u0000${text}`);
        if (!ids) {
          const list: number[] = [];
          forEachTerm(text, (term) => list.push(idOf(term)));
          ids = list;
          if (fieldCache.size > 50_000) fieldCache.clear();
          fieldCache.set(`${f}\u0000${text}`, ids);
        }
        fieldIds.push(ids);
        lengths[f][d] = ids.length;
        for (const id of ids) count(id, f);
      }
      const titleKey = `\u0001${docs[d].title}`;
      let title = headingCache.get(titleKey);
      if (!title) {
        title = Int32Array.from(new Set(fieldIds[0]));
        headingCache.set(titleKey, title);
      }
      this.titles.push(title);
      const headingKey = `${docs[d].title}\u0000${docs[d].section}`;
      let heading = headingCache.get(headingKey);
      if (!heading) {
        heading = Int32Array.from(new Set([...fieldIds[0], ...fieldIds[1]]));
        if (headingCache.size > 50_000) headingCache.clear();
        headingCache.set(headingKey, heading);
      }
      this.headings.push(heading);
      seq.length = 0;
      forEachTerm(docs[d].body, (term) => {
        const id = idOf(term);
        seq.push(id);
        count(id, 2);
      });
      lengths[2][d] = seq.length;
      this.sequences.push(Int32Array.from(seq));
      for (const id of docTerms) {
        terms.push(id);
        for (let f = 0; f < 3; f++) {
          tf.push(counts[id * 3 + f]);
          counts[id * 3 + f] = 0;
        }
      }
    }
    starts[docs.length] = terms.length;
    return { starts, terms: terms.trimmed(), tf: tf.trimmed(), lengths };
  }

  /** Number of distinct terms. */
  get vocabularySize(): number {
    return this.postings.length;
  }

  /** Document frequency and IDF of a term, or undefined when no passage has it. */
  termStats(term: string): TermStats | undefined {
    const id = this.termIds.get(term);
    return id === undefined ? undefined : { df: this.postings[id].docs.length, idf: this.idfs[id] };
  }

  /** IDF a term would have if it occurred in no passage: the upper bound, used for unknown words. */
  get maxIdf(): number {
    return Math.log(1 + (this.size + 0.5) / 0.5);
  }

  /**
   * Adds each term group's score to the board: within a group (a word and its synonyms) a passage
   * scores its best-matching term only, so a passage that uses several synonyms of one question word
   * does not outscore one that matches several different question words.
   */
  private accumulate(
    postings: Postings[],
    board: ScoreBoard,
    groups: ReadonlyArray<ReadonlyMap<string, number>>,
    tmp: ScoreBoard,
  ): void {
    const { scores, touched } = board;
    for (const group of groups) {
      if (group.size === 1) {
        for (const [term, qw] of group) {
          const id = this.termIds.get(term);
          if (id === undefined) continue;
          const { docs, impacts } = postings[id];
          for (let i = 0; i < docs.length; i++) {
            const d = docs[i];
            if (scores[d] === 0) touched[board.count++] = d;
            scores[d] += impacts[i] * qw;
          }
        }
        continue;
      }
      for (const [term, qw] of group) {
        const id = this.termIds.get(term);
        if (id === undefined) continue;
        const { docs, impacts } = postings[id];
        for (let i = 0; i < docs.length; i++) {
          const d = docs[i];
          const v = impacts[i] * qw;
          if (tmp.scores[d] === 0) tmp.touched[tmp.count++] = d;
          if (v > tmp.scores[d]) tmp.scores[d] = v;
        }
      }
      for (let i = 0; i < tmp.count; i++) {
        const d = tmp.touched[i];
        if (scores[d] === 0) touched[board.count++] = d;
        scores[d] += tmp.scores[d];
        tmp.scores[d] = 0;
      }
      tmp.count = 0;
    }
  }

  private static reset(board: ScoreBoard): void {
    for (let i = 0; i < board.count; i++) board.scores[board.touched[i]] = 0;
    board.count = 0;
  }

  /**
   * Scores passages for the query terms (with their query weights) and returns the best `k` that pass
   * `allow`, best first. The query is either a map of terms or a list of term groups (a word with its
   * synonyms; see accumulate). With a document index, a passage's score is mixed with its document's
   * score by `documentWeight`. Ties go to the earlier passage.
   */
  search(
    query: ReadonlyMap<string, number> | ReadonlyArray<ReadonlyMap<string, number>>,
    k: number,
    allow?: (doc: number) => boolean,
    documentWeight = 0,
  ): Array<{ doc: number; score: number }> {
    const groups =
      query instanceof Map
        ? [...query].map(([t, w]) => new Map([[t, w]]))
        : (query as ReadonlyArray<ReadonlyMap<string, number>>);
    const board = this.board;
    this.accumulate(this.postings, board, groups, this.tmp);
    const group = documentWeight > 0 ? this.groupIndex : undefined;
    if (group) this.accumulate(group.postings, group.board, groups, group.tmp);
    const heap = new TopK(k);
    for (let i = 0; i < board.count; i++) {
      const d = board.touched[i];
      const s = group
        ? (1 - documentWeight) * board.scores[d] + documentWeight * group.board.scores[group.groupOf[d]]
        : board.scores[d];
      if (s > heap.threshold() && (!allow || allow(d))) heap.push(d, s);
    }
    Bm25fIndex.reset(board);
    if (group) Bm25fIndex.reset(group.board);
    return heap.sorted();
  }

  /** The body of a passage as term ids in reading order (stop words left out), for proximity scoring. */
  sequence(doc: number): Int32Array {
    return this.sequences[doc];
  }

  /** The distinct term ids of a passage's title and section path. */
  heading(doc: number): Int32Array {
    return this.headings[doc];
  }

  /** The distinct term ids of a passage's document title. */
  title(doc: number): Int32Array {
    return this.titles[doc];
  }

  /** The internal id of a term, as used in passage sequences. */
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
    return this.docs
      .map((doc, i) => ({ doc, score: this.scores[i] }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
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
