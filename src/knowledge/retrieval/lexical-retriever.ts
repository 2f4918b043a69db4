import type { Passage } from '../document-model';
import { Bm25fIndex, DEFAULT_BM25F, type Bm25fParams, type TermStats } from './bm25f-index';
import { analyzeQuery } from './query-terms';
import { visibleTo, type RetrievalHit, type Retriever, type SearchOptions } from './retriever';

export interface LexicalOptions {
  bm25f: Bm25fParams;
  /** How many top candidates get the proximity re-ranking. */
  rerankDepth: number;
  /** Weight of the bonus for query word pairs that appear close together in a passage. */
  proximityWeight: number;
  /** At most this many passages from one document in a result list (0 = no limit). */
  maxPerDocument: number;
  /** At most this many passages from one section of a document (0 = no limit). */
  maxPerSection: number;
  /** Share of a passage's score that comes from how well its whole document matches the question (0 = passage only). */
  documentWeight: number;
}

export const DEFAULT_LEXICAL: LexicalOptions = { bm25f: DEFAULT_BM25F, rerankDepth: 40, proximityWeight: 0.3, maxPerDocument: 0, maxPerSection: 2, documentWeight: 0.3 };

/**
 * The embedded retriever: BM25F over title, section path and body, a bonus for query words that
 * occur near each other, optional per-document diversity, and document audience filtering.
 */
export class LexicalRetriever implements Retriever {
  readonly name = 'lexical';
  readonly index: Bm25fIndex;
  readonly buildMs: number;

  constructor(readonly passages: readonly Passage[], readonly options: LexicalOptions = DEFAULT_LEXICAL) {
    const t0 = performance.now();
    const groupIds = new Map<string, number>();
    const groupOf = Int32Array.from(passages, (p) => {
      let g = groupIds.get(p.source);
      if (g === undefined) groupIds.set(p.source, (g = groupIds.size));
      return g;
    });
    this.index = new Bm25fIndex(
      passages.map((p) => ({ title: p.title, section: p.section, body: p.text })),
      options.bm25f,
      options.documentWeight > 0 ? { groupOf, groups: groupIds.size } : undefined,
    );
    this.buildMs = performance.now() - t0;
  }

  /** Document frequency and IDF of an index term, or undefined when no passage has it. */
  termStats(term: string): TermStats | undefined {
    return this.index.termStats(term);
  }

  /** The best passages for a question that the asker may see, best first. */
  async search(query: string, options: SearchOptions = {}): Promise<RetrievalHit[]> {
    return this.searchSync(query, options);
  }

  /** Synchronous search, for benchmarks and the answer layer. */
  searchSync(query: string, options: SearchOptions = {}): RetrievalHit[] {
    const k = options.k ?? 5;
    const q = analyzeQuery(query);
    if (q.terms.size === 0 || this.passages.length === 0) return [];
    const allow = (doc: number): boolean => visibleTo(this.passages[doc], options.userGroups);
    const diverse = this.options.maxPerDocument > 0 || this.options.maxPerSection > 0;
    const depth = Math.max(k * (diverse ? 8 : 1), this.options.rerankDepth);
    let ranked = this.index.search(q.terms, depth, allow, this.options.documentWeight);
    if (this.options.proximityWeight > 0 && q.sequence.length > 1) ranked = this.rerankByProximity(ranked, q.sequence);
    const out: RetrievalHit[] = [];
    const perDoc = new Map<string, number>();
    const perSection = new Map<string, number>();
    for (const r of ranked) {
      const p = this.passages[r.doc];
      const n = perDoc.get(p.source) ?? 0;
      const sectionKey = `${p.source}#${p.section}#${p.anchor ?? ''}`;
      const m = perSection.get(sectionKey) ?? 0;
      if (this.options.maxPerDocument > 0 && n >= this.options.maxPerDocument) continue;
      if (this.options.maxPerSection > 0 && m >= this.options.maxPerSection) continue;
      perDoc.set(p.source, n + 1);
      perSection.set(sectionKey, m + 1);
      out.push({ passage: p, score: r.score });
      if (out.length >= k) break;
    }
    return out;
  }

  private rerankByProximity(ranked: Array<{ doc: number; score: number }>, sequence: string[]): Array<{ doc: number; score: number }> {
    const pairs: Array<[number, number, number]> = [];
    for (let i = 0; i + 1 < sequence.length; i++) {
      const a = this.index.termId(sequence[i]);
      const b = this.index.termId(sequence[i + 1]);
      if (a === undefined || b === undefined || a === b) continue;
      const w = Math.min(this.index.termStats(sequence[i])!.idf, this.index.termStats(sequence[i + 1])!.idf);
      pairs.push([a, b, w]);
    }
    if (pairs.length === 0) return ranked;
    const rescored = ranked.map((r) => {
      const seq = this.index.sequence(r.doc);
      let bonus = 0;
      for (const [a, b, w] of pairs) if (near(seq, a, b, 3)) bonus += w;
      return { doc: r.doc, score: r.score + this.options.proximityWeight * bonus };
    });
    return rescored.sort((x, y) => y.score - x.score || x.doc - y.doc);
  }
}

/** True when terms a and b occur within `window` content words of each other. */
function near(seq: Int32Array, a: number, b: number, window: number): boolean {
  let lastA = -1e9;
  let lastB = -1e9;
  for (let i = 0; i < seq.length; i++) {
    const t = seq[i];
    if (t === a) {
      if (i - lastB <= window) return true;
      lastA = i;
    } else if (t === b) {
      if (i - lastA <= window) return true;
      lastB = i;
    }
  }
  return false;
}
