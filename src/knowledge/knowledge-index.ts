import type { AppEnv } from '../config/env';
import type { AzureSearchSettings } from '../config/azure-search-env';
import type { Logger } from '../observability/logger';
import type { Database } from '../store/database';
import { CloudSearch } from './cloud-search';
import type { DocumentKind, Passage } from './document-model';
import { EmbeddingRepository } from './embedding-repository';
import { chunkPassages, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './ingest/chunk-passages';
import { contentHash, indexDirectory, type IngestProgress, type IngestSummary } from './ingest/index-directory';
import { parseMarkdown } from './ingest/parse-markdown';
import { KnowledgeRepository } from './knowledge-repository';
import { PassageEmbeddings, type PassageVectors } from './passage-embeddings';
import { AzureOpenAiEmbeddingClient, type EmbeddingClient } from './retrieval/embedding-client';
import { EmbeddingCooldown, HybridRetriever, DEFAULT_HYBRID, type HybridOptions } from './retrieval/hybrid-retriever';
import { DEFAULT_LEXICAL, LexicalRetriever, type LexicalOptions } from './retrieval/lexical-retriever';
import type { RetrievalHit } from './retrieval/retriever';

/** One Markdown text to store as a document (an expert's answer, for example). */
export interface MarkdownDocument {
  source: string;
  title: string;
  markdown: string;
  kind: DocumentKind;
  meta?: Record<string, unknown>;
}

/** What the index manager needs: storage, the optional embedding and cloud search services, and index settings. */
export interface KnowledgeIndexOptions {
  db: Database;
  logger: Logger;
  openAi?: AppEnv['openAi'];
  embedder?: EmbeddingClient;
  hybrid?: Partial<HybridOptions>;
  azureSearch?: AzureSearchSettings;
  chunkOptions?: ChunkOptions;
  retrieval?: LexicalOptions;
  refreshIntervalMs?: number;
}

/**
 * The knowledge base's index manager: ingests documents into the database, keeps the in-memory search index (and,
 * in hybrid mode, the passage vectors) in step with what every instance stored, pushes to Azure AI Search when
 * configured, and retrieves the passages for a question. It answers nothing; the answer pipeline does.
 */
export class KnowledgeIndex {
  private readonly repo: KnowledgeRepository;
  private readonly embeddings?: PassageEmbeddings;
  private readonly cooldown: EmbeddingCooldown;
  private readonly cloud?: CloudSearch;
  private retriever?: LexicalRetriever;
  private vectors?: PassageVectors;
  private hybrid?: HybridRetriever;
  private vectorFingerprint = '';
  private embedding?: Promise<number>;
  /** Each passage by document and position, to find the passage that continues a retrieved one. */
  private byPosition = new Map<string, Passage>();
  private fingerprint = '';
  private checkedAt = 0;
  private reloading?: Promise<void>;

  constructor(private readonly opts: KnowledgeIndexOptions) {
    this.repo = new KnowledgeRepository(opts.db);
    const embedder = opts.embedder ?? embeddingClientFor(opts.openAi, opts.logger);
    if (embedder) this.embeddings = new PassageEmbeddings(new EmbeddingRepository(opts.db), embedder, opts.logger);
    this.cooldown = new EmbeddingCooldown(opts.hybrid?.cooldownMs ?? DEFAULT_HYBRID.cooldownMs);
    if (opts.azureSearch) this.cloud = new CloudSearch(opts.azureSearch, opts.logger);
  }

  /** Builds the search index (and, in hybrid mode, loads the stored vectors) from the database, without calling any model. */
  async load(): Promise<void> {
    await this.loadIndex();
  }

  /** True once the index is loaded and holds at least one passage. */
  get ready(): boolean {
    return this.retriever !== undefined && this.retriever.passages.length > 0;
  }

  /** Number of passages in the search index. */
  get chunkCount(): number {
    return this.retriever?.passages.length ?? 0;
  }

  /** Milliseconds the last index build took. */
  get indexBuildMs(): number {
    return this.retriever?.buildMs ?? 0;
  }

  /** "azure-search" when Azure AI Search is configured, "hybrid" when embeddings are (lexical search plus vectors), else "lexical". */
  get retrievalMode(): 'azure-search' | 'hybrid' | 'lexical' {
    return this.cloud ? 'azure-search' : this.embeddings ? 'hybrid' : 'lexical';
  }

  /** Number of indexed passages that have an embedding vector (0 in lexical mode). */
  get vectorCount(): number {
    return this.vectors?.index.count ?? 0;
  }

  /** Indexes a folder incrementally (see indexDirectory), rebuilds the search index and, in hybrid mode, embeds the new passages. */
  async indexDirectory(
    dir: string,
    onProgress?: IngestProgress,
    options: { exclude?: (relativePath: string) => boolean } = {},
  ): Promise<IngestSummary> {
    const summary = await indexDirectory(this.repo, dir, {
      logger: this.opts.logger,
      onProgress,
      chunkOptions: this.opts.chunkOptions,
      exclude: options.exclude,
    });
    await this.reload();
    if (this.embeddings && this.vectors) await this.embeddings.prune(this.vectors);
    await this.cloud?.push(this.passages);
    return summary;
  }

  /** Stores one Markdown text as a document (for example an expert's answer) and makes it searchable at once. */
  async addDocument(doc: MarkdownDocument): Promise<void> {
    const parsed = parseMarkdown(doc.markdown, doc.source);
    const passages = chunkPassages(parsed.blocks, this.opts.chunkOptions ?? DEFAULT_CHUNK_OPTIONS);
    await this.repo.replaceDocument(
      {
        source: doc.source,
        title: doc.title,
        kind: doc.kind,
        hash: contentHash(Buffer.from(doc.markdown)),
        meta: doc.meta ?? {},
      },
      passages,
    );
    await this.reload();
    // Pushed in the background: the expert's click should not wait for the search service.
    void this.cloud?.push(this.passages);
  }

  /**
   * Rebuilds the in-memory index from the database and, in hybrid mode, embeds the passages that have
   * no vector yet (an embedding failure is logged, not thrown: lexical search works regardless).
   */
  async reload(): Promise<void> {
    await this.loadIndex();
    await this.embedMissing();
  }

  /**
   * In hybrid mode, embeds the indexed passages that have no stored vector yet (incremental: unchanged
   * passages keep theirs) and stores them for every instance; returns how many were embedded. Never
   * throws for an embedding failure. Calls run one after another.
   */
  async embedMissing(): Promise<number> {
    const run = async (): Promise<number> => {
      const embeddings = this.embeddings;
      const vectors = this.vectors;
      const passages = this.retriever?.passages;
      if (!embeddings || !vectors || !passages || embeddings.missing(vectors) === 0) return 0;
      try {
        const outcome = await embeddings.fill(passages, vectors, { embed: true });
        this.useVectors(vectors, outcome.vectors);
        return outcome.embedded;
      } catch (err) {
        this.opts.logger.warn('passage embeddings could not be loaded or stored; lexical search is unaffected', {
          err,
        });
        return 0;
      }
    };
    const next = (this.embedding ?? Promise.resolve(0)).then(run, run);
    this.embedding = next;
    try {
      return await next;
    } finally {
      if (this.embedding === next) this.embedding = undefined;
    }
  }

  /** Swaps in vectors computed for `basis`, unless a reload replaced the index in the meantime. */
  private useVectors(basis: PassageVectors, vectors: PassageVectors): void {
    if (this.vectors !== basis || !this.retriever || !this.embeddings) return;
    this.vectors = vectors;
    this.hybrid = new HybridRetriever(
      this.retriever,
      vectors.index,
      this.embeddings.client,
      this.opts.logger,
      this.cooldown,
      this.opts.hybrid,
    );
  }

  /** Rebuilds the in-memory index (and loads stored vectors) from the database; concurrent calls run one after another, so each sees writes made before it. */
  private async loadIndex(): Promise<void> {
    const run = async (): Promise<void> => {
      const fingerprint = await this.repo.fingerprint();
      const vectorFingerprint = this.embeddings ? await this.embeddings.fingerprint() : '';
      const passages = await this.repo.allPassages();
      const retriever = new LexicalRetriever(passages, this.opts.retrieval ?? DEFAULT_LEXICAL);
      const vectors = this.embeddings ? await this.embeddings.load(passages) : undefined;
      this.retriever = retriever;
      this.vectors = vectors;
      this.hybrid =
        vectors && this.embeddings
          ? new HybridRetriever(
              retriever,
              vectors.index,
              this.embeddings.client,
              this.opts.logger,
              this.cooldown,
              this.opts.hybrid,
            )
          : undefined;
      this.byPosition = new Map(passages.map((p) => [positionKey(p.source, p.ordinal), p]));
      this.fingerprint = fingerprint;
      this.vectorFingerprint = vectorFingerprint;
      this.checkedAt = Date.now();
      this.opts.logger.info('knowledge index loaded', {
        passages: passages.length,
        buildMs: Math.round(retriever.buildMs),
        ...(vectors
          ? { retrieval: 'hybrid', vectors: vectors.index.count, vectorBuildMs: Math.round(vectors.index.buildMs) }
          : {}),
      });
    };
    const next = (this.reloading ?? Promise.resolve()).then(run, run);
    this.reloading = next;
    try {
      await next;
    } finally {
      if (this.reloading === next) this.reloading = undefined;
    }
  }

  /** Reloads when another instance changed the stored index since the last check (checked at most every refresh interval). */
  private async refreshIfStale(): Promise<void> {
    const interval = this.opts.refreshIntervalMs ?? 30_000;
    if (Date.now() - this.checkedAt < interval) return;
    this.checkedAt = Date.now();
    try {
      if ((await this.repo.fingerprint()) !== this.fingerprint) await this.loadIndex();
      else if (this.embeddings && (await this.embeddings.fingerprint()) !== this.vectorFingerprint)
        await this.loadStoredVectors();
    } catch (err) {
      this.opts.logger.warn('knowledge index freshness check failed', { err });
    }
  }

  /** Takes in vectors another instance stored for passages that have none here, without calling the embedding service. */
  private async loadStoredVectors(): Promise<void> {
    const embeddings = this.embeddings;
    const vectors = this.vectors;
    const passages = this.retriever?.passages;
    if (!embeddings || !vectors || !passages) return;
    this.vectorFingerprint = await embeddings.fingerprint();
    if (embeddings.missing(vectors) === 0) return;
    const outcome = await embeddings.fill(passages, vectors, { embed: false });
    if (outcome.loaded > 0) this.useVectors(vectors, outcome.vectors);
  }

  /** The passages to answer from, and the lexical passages that evidence is measured on (the same list in lexical mode). */
  async retrieve(
    question: string,
    opts: { k?: number; userGroups?: string[] },
  ): Promise<{ hits: RetrievalHit[]; lexical: RetrievalHit[] }> {
    await this.refreshIfStale();
    const options = { k: opts.k ?? 5, userGroups: opts.userGroups };
    // Evidence is always measured on the embedded lexical ranking: its scores are what the thresholds were set on.
    const cloudHits = this.cloud ? await this.cloud.search(question, options) : undefined;
    if (cloudHits)
      return { hits: cloudHits, lexical: this.retriever ? this.retriever.searchSync(question, options) : [] };
    if (this.hybrid) return this.hybrid.searchDetailed(question, options);
    const hits = this.retriever ? this.retriever.searchSync(question, options) : [];
    return { hits, lexical: hits };
  }

  /** The lexical retriever over the current index (its term statistics weigh the words of a question). */
  get lexical(): LexicalRetriever | undefined {
    return this.retriever;
  }

  /** The passage at `ordinal` in document `source`, if indexed. */
  passageAt(source: string, ordinal: number): Passage | undefined {
    return this.byPosition.get(positionKey(source, ordinal));
  }

  /** Passages currently indexed (read-only view, for tools). */
  get passages(): readonly Passage[] {
    return this.retriever?.passages ?? [];
  }
}

/** The Azure OpenAI embedding client when an embedding deployment is configured. */
function embeddingClientFor(openAi: AppEnv['openAi'], logger: Logger): EmbeddingClient | undefined {
  if (!openAi?.embeddingDeployment) return undefined;
  return new AzureOpenAiEmbeddingClient(
    { ...openAi, embeddingDeployment: openAi.embeddingDeployment },
    logger,
    openAi.embeddingTimeoutMs ? { queryTimeoutMs: openAi.embeddingTimeoutMs } : {},
  );
}

const positionKey = (source: string, ordinal: number): string => `${source}\u0000${ordinal}`;
