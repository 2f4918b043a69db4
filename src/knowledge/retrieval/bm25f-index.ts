import { forEachTerm } from './tokenize';
import {
  type Bm25fParams,
  DEFAULT_BM25F,
  type ForwardIndex,
  Growable,
  groupForward,
  type IndexableFields,
  type Postings,
  postingsFrom,
  ScoreBoard,
  type TermStats,
} from './bm25f-postings';
import { TopK } from './top-k';

export { DEFAULT_BM25F, type Bm25fParams, type IndexableFields, type TermStats } from './bm25f-postings';

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
