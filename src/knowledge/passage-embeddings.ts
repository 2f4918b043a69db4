import { createHash } from 'node:crypto';
import type { Logger } from '../observability/logger';
import type { Passage } from './document-model';
import type { EmbeddingRepository } from './embedding-repository';
import { EmbeddingError, type EmbeddingClient } from './retrieval/embedding-client';
import { VectorIndex } from './retrieval/vector-index';

/** The text embedded for a passage: its document title and section path give the body its context. */
export function embeddingText(p: Pick<Passage, 'title' | 'section' | 'text'>): string {
  return [p.title, p.section, p.text].filter((s) => s && s.trim()).join('\n');
}

/** The key a passage's vector is stored under: SHA-256 of the embedded text, so an unchanged passage keeps its vector. */
export function embeddingKey(p: Pick<Passage, 'title' | 'section' | 'text'>): string {
  return createHash('sha256').update(embeddingText(p)).digest('hex');
}

/** Vectors of a passage list, row for row, and each passage's key. */
export interface PassageVectors {
  keys: string[];
  index: VectorIndex;
}

/** What a fill did: vectors computed now, vectors found stored by another instance, and the error that stopped it, if any. */
export interface FillOutcome {
  vectors: PassageVectors;
  embedded: number;
  loaded: number;
  error?: EmbeddingError;
}

/**
 * Keeps the vectors of the indexed passages: loads the stored ones, embeds only passages whose text has
 * no stored vector yet (incremental), and stores new vectors batch by batch so a failure keeps the work
 * done so far.
 */
export class PassageEmbeddings {
  constructor(
    private readonly repo: EmbeddingRepository,
    readonly client: EmbeddingClient,
    private readonly logger: Logger,
  ) {}

  get model(): string {
    return this.client.model;
  }

  /** The stored vectors of these passages (passages without one have none in the index). */
  async load(passages: readonly Passage[]): Promise<PassageVectors> {
    const keys = passages.map(embeddingKey);
    const stored = await this.repo.load(this.model, keys);
    return { keys, index: new VectorIndex(keys.map((k) => stored.get(k))) };
  }

  /** Number of passages without a vector. */
  missing(vectors: PassageVectors): number {
    return vectors.keys.length - vectors.index.count;
  }

  /**
   * Gives every passage without a vector one: first from the database (another instance may have stored
   * it since), then, when `embed` is set, from the embedding service. Never throws for an embedding
   * failure: it logs a warning and returns the vectors it has, so search keeps working and the rest is
   * retried on the next fill.
   */
  async fill(passages: readonly Passage[], current: PassageVectors, options: { embed: boolean }): Promise<FillOutcome> {
    const { keys, index } = current;
    const wanted = new Map<string, string>();
    passages.forEach((p, r) => {
      if (!index.has(r) && !wanted.has(keys[r])) wanted.set(keys[r], embeddingText(p));
    });
    if (wanted.size === 0) return { vectors: current, embedded: 0, loaded: 0 };
    const fresh = await this.repo.load(this.model, [...wanted.keys()]);
    const loaded = fresh.size;
    const todo = [...wanted].filter(([key]) => !fresh.has(key));
    let embedded = 0;
    let error: EmbeddingError | undefined;
    if (todo.length > 0 && options.embed) {
      const t0 = performance.now();
      try {
        await this.client.embedPassages(
          todo.map(([, text]) => text),
          async (offset, vectors) => {
            const entries = vectors.map((vector, i) => ({ hash: todo[offset + i][0], vector }));
            await this.repo.save(this.model, entries);
            for (const e of entries) fresh.set(e.hash, e.vector);
            embedded += entries.length;
          },
        );
        this.logger.info('passage embeddings computed', {
          model: this.model,
          passages: embedded,
          ms: Math.round(performance.now() - t0),
        });
      } catch (err) {
        error =
          err instanceof EmbeddingError
            ? err
            : new EmbeddingError(
                'failed',
                `Storing or computing embeddings failed (${(err as Error)?.message ?? String(err)}).`,
              );
        this.logger.warn(
          'some passages could not be embedded; they are found by lexical search only until the next index run',
          {
            model: this.model,
            embedded,
            missing: todo.length - embedded,
            reason: error.reason,
            error: error.message,
          },
        );
      }
    }
    const rows = keys.map((k, r) => index.vector(r) ?? fresh.get(k));
    return { vectors: { keys, index: new VectorIndex(rows) }, embedded, loaded, error };
  }

  /** Stored vectors of this model changed (by any instance) when this value changes. */
  fingerprint(): Promise<string> {
    return this.repo.fingerprint(this.model);
  }

  /** Deletes stored vectors no current passage uses (older than a week, see EmbeddingRepository.prune). */
  async prune(vectors: PassageVectors): Promise<void> {
    try {
      const removed = await this.repo.prune(this.model, vectors.keys, 7);
      if (removed > 0) this.logger.info('unused passage embeddings removed', { model: this.model, removed });
    } catch (err) {
      this.logger.warn('unused passage embeddings could not be removed', { err });
    }
  }
}
