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
  /** One entry per document (title and all its text), for the document-level part of the score. */
  private readonly documents?: { index: Bm25fIndex; ofPassage: Int32Array };
  readonly buildMs: number;

  constructor(readonly passages: readonly Passage[], readonly options: LexicalOptions = DEFAULT_LEXICAL) {
    const t0 = performance.now();
    this.index = new Bm25fIndex(
      passages.map((p) => ({ title: p.title, section: p.section, body: p.text })),
      options.bm25f,
    );
    if (options.documentWeight > 0) {
      const bySource = new Map<string, number>();
      const docs: Array<{ title: string; section: string; body: string }> = [];
      const ofPassage = new Int32Array(passages.length);
      passages.forEach((p, i) => {
        let d = bySource.get(p.source);
        if (d === undefined) {
          d = docs.length;
          bySource.set(p.source, d);
          docs.push({ title: p.title, section: '', body: '' });
        }
        docs[d].section += ` ${p.section}`;
        docs[d].body += `\n${p.text}`;
        ofPassage[i] = d;
      });
      this.documents = { index: new Bm25fIndex(docs, options.bm25f), ofPassage };
    }
    this.buildMs = performance.now() - t0;
  }

  termStats(term: string): TermStats | undefined {
    return this.index.termStats(term);
  }

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
    let ranked: Array<{ doc: number; score: number }>;
    if (this.documents) {
      const { index, ofPassage } = this.documents;
      const docScores = new Map(index.search(q.terms, index.size).map((r) => [r.doc, r.score]));
      const w = this.options.documentWeight;
      ranked = this.index.search(q.terms, depth, allow, (doc, score) => (1 - w) * score + w * (docScores.get(ofPassage[doc]) ?? 0));
    } else ranked = this.index.search(q.terms, depth, allow);
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

/** True when terms a and b occur within `window` word positions of each other. */
function near(seq: Int32Array, a: number, b: number, window: number): boolean {
  let lastA = -1e9;
  let lastB = -1e9;
  for (let i = 0; i < seq.length; i += 2) {
    const t = seq[i];
    const pos = seq[i + 1];
    if (t === a) {
      if (pos - lastB <= window) return true;
      lastA = pos;
    } else if (t === b) {
      if (pos - lastA <= window) return true;
      lastB = pos;
    }
  }
  return false;
}
