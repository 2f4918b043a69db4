import type { Logger } from '../../observability/logger';
import type { Passage } from '../document-model';
import { EmbeddingError, type EmbeddingClient } from './embedding-client';
import type { LexicalRetriever } from './lexical-retriever';
import { reciprocalRankFusion } from './rank-fusion';
import { visibleTo, type RetrievalHit, type Retriever, type SearchOptions } from './retriever';
import type { VectorIndex } from './vector-index';

export interface HybridOptions {
  /** Candidates taken from each ranking before fusion. */
  depth: number;
  /** The k of reciprocal rank fusion. */
  rrfK: number;
  lexicalWeight: number;
  vectorWeight: number;
  /** Vector candidates with a cosine similarity at or below this are not candidates. */
  minSimilarity: number;
  /** After a question's embedding fails, questions skip the vector search for this long (milliseconds). */
  cooldownMs: number;
}

export const DEFAULT_HYBRID: HybridOptions = {
  depth: 40,
  rrfK: 60,
  lexicalWeight: 1,
  vectorWeight: 1,
  minSimilarity: 0,
  cooldownMs: 30_000,
};

/** The fused hits, the lexical hits alone (the answer layer measures evidence on them), and whether vectors took part. */
export interface HybridResult {
  hits: RetrievalHit[];
  lexical: RetrievalHit[];
  usedVectors: boolean;
}

/** Remembers when question embeddings last failed, across index reloads, so an outage costs one timeout and not one per question. */
export class EmbeddingCooldown {
  private until = 0;

  constructor(private readonly ms: number) {}

  get active(): boolean {
    return Date.now() < this.until;
  }

  failed(): void {
    this.until = Date.now() + this.ms;
  }
}

/**
 * Lexical BM25F and embedding similarity, fused by reciprocal rank: a passage that says the same thing
 * in other words is found by its vector, a passage that names the question's exact terms by the
 * lexical index. Audience filtering applies to both rankings. When the question cannot be embedded in
 * time, the result is the lexical one, so a question is never lost.
 */
export class HybridRetriever implements Retriever {
  readonly name = 'hybrid';
  private readonly options: HybridOptions;

  constructor(
    readonly lexical: LexicalRetriever,
    readonly vectors: VectorIndex,
    private readonly embedder: EmbeddingClient,
    private readonly logger: Logger,
    private readonly cooldown: EmbeddingCooldown,
    options: Partial<HybridOptions> = {},
  ) {
    this.options = { ...DEFAULT_HYBRID, ...options };
  }

  get passages(): readonly Passage[] {
    return this.lexical.passages;
  }

  async search(query: string, options: SearchOptions = {}): Promise<RetrievalHit[]> {
    return (await this.searchDetailed(query, options)).hits;
  }

  /** The hybrid hits together with the lexical hits for the same question. */
  async searchDetailed(query: string, options: SearchOptions = {}): Promise<HybridResult> {
    const k = options.k ?? 5;
    const lexical = this.lexical.searchSync(query, { k, userGroups: options.userGroups });
    const lexicalOnly = { hits: lexical, lexical, usedVectors: false };
    if (this.vectors.count === 0 || !query.trim() || k < 1) return lexicalOnly;
    if (this.cooldown.active) {
      this.logger.debug('vector search skipped after a recent embedding failure');
      return lexicalOnly;
    }
    let vector: Float32Array;
    try {
      vector = await this.embedder.embedQuery(query);
      if (vector.length !== this.vectors.dims) {
        throw new EmbeddingError(
          'invalid-response',
          `The question's embedding has ${vector.length} dimensions but the stored vectors have ${this.vectors.dims}; re-index with the current embedding model.`,
        );
      }
    } catch (err) {
      this.cooldown.failed();
      const reason = err instanceof EmbeddingError ? err.reason : 'failed';
      this.logger.warn('the question could not be embedded; answering from lexical search', {
        reason,
        error: (err as Error)?.message ?? String(err),
      });
      return lexicalOnly;
    }
    const depth = Math.max(this.options.depth, k);
    const passages = this.lexical.passages;
    const deep = this.lexical.searchSync(query, { k: depth, userGroups: options.userGroups });
    const nearest = this.vectors.search(
      vector,
      depth,
      (r) => visibleTo(passages[r], options.userGroups),
      this.options.minSimilarity,
    );
    const fused = reciprocalRankFusion<Passage>(
      [
        { items: deep.map((h) => h.passage), weight: this.options.lexicalWeight },
        { items: nearest.map((m) => passages[m.row]), weight: this.options.vectorWeight },
      ],
      this.options.rrfK,
    );
    return { hits: this.diverse(fused, k), lexical, usedVectors: true };
  }

  /** The first k fused passages, at most as many per document and per section as the lexical options allow. */
  private diverse(fused: Array<{ item: Passage; score: number }>, k: number): RetrievalHit[] {
    const { maxPerDocument, maxPerSection } = this.lexical.options;
    const perDoc = new Map<string, number>();
    const perSection = new Map<string, number>();
    const out: RetrievalHit[] = [];
    for (const { item: p, score } of fused) {
      const sectionKey = `${p.source}#${p.section}#${p.anchor ?? ''}`;
      const n = perDoc.get(p.source) ?? 0;
      const m = perSection.get(sectionKey) ?? 0;
      if (maxPerDocument > 0 && n >= maxPerDocument) continue;
      if (maxPerSection > 0 && m >= maxPerSection) continue;
      perDoc.set(p.source, n + 1);
      perSection.set(sectionKey, m + 1);
      out.push({ passage: p, score });
      if (out.length >= k) break;
    }
    return out;
  }
}
