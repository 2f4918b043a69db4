import type { AppEnv } from '../config/env';
import type { AzureSearchSettings } from '../config/azure-search-env';
import type { Logger } from '../observability/logger';
import type { Database } from '../store/database';
import { AnswerPipeline, type AnswerTrace, type AskOptions } from './answer/answer-pipeline';
import type { Answer } from './answer/answer-types';
import { AzureOpenAiAnswerGenerator, type AnswerGenerator } from './answer/azure-openai-generator';
import type { EvidencePolicy } from './answer/evidence';
import type { DocumentLinkSigner } from './documents/document-links';
import type { Passage } from './document-model';
import type { ChunkOptions } from './ingest/chunk-passages';
import type { IngestProgress, IngestSummary } from './ingest/index-directory';
import { KnowledgeIndex, type MarkdownDocument } from './knowledge-index';
import type { EmbeddingClient } from './retrieval/embedding-client';
import type { HybridOptions } from './retrieval/hybrid-retriever';
import type { LexicalOptions } from './retrieval/lexical-retriever';
import type { RetrievalHit } from './retrieval/retriever';

export type { Answer } from './answer/answer-types';
export type { AnswerTrace, AskOptions } from './answer/answer-pipeline';
export type { IngestSummary } from './ingest/index-directory';

export interface KnowledgeServiceOptions {
  db: Database;
  logger: Logger;
  openAi?: AppEnv['openAi'];
  /** Base URL under which the Teams layer serves playbook files; citations then link to `${publicBaseUrl}/playbooks/<file>#<anchor>`. */
  publicBaseUrl?: string;
  /** Signs short-lived links to restricted documents for the person who asked; without it they are cited without a link. */
  documentLinks?: DocumentLinkSigner;
  /** A generator to use instead of the one built from `openAi` (tests, other model hosts). */
  generator?: AnswerGenerator;
  /**
   * An embedding client to use instead of the one built from `openAi.embeddingDeployment` (tests, other
   * model hosts). With either, retrieval is the hybrid of lexical search and embeddings; without, lexical.
   */
  embedder?: EmbeddingClient;
  hybrid?: Partial<HybridOptions>;
  /** Azure AI Search as the first place to look (the embedded retriever remains the fallback); this instance pushes what it ingests. */
  azureSearch?: AzureSearchSettings;
  chunkOptions?: ChunkOptions;
  retrieval?: LexicalOptions;
  evidencePolicy?: EvidencePolicy;
  /** How often `ask` checks whether another instance changed the index (milliseconds, default 30 s). */
  refreshIntervalMs?: number;
}

/**
 * Grounded answers from the CoE knowledge base: the index manager (knowledge-index.ts: ingestion, the in-memory
 * search index, vectors, cloud search) and the answer pipeline (answer/answer-pipeline.ts: evidence, extractive or
 * model answers, citations, gaps) behind one entry point for the bot, the CLI and the eval.
 */
export class KnowledgeService {
  private readonly index: KnowledgeIndex;
  private readonly pipeline: AnswerPipeline;

  private constructor(opts: KnowledgeServiceOptions) {
    this.index = new KnowledgeIndex(opts);
    this.pipeline = new AnswerPipeline(this.index, {
      ...opts,
      generator: opts.generator ?? (opts.openAi ? new AzureOpenAiAnswerGenerator(opts.openAi, opts.logger) : undefined),
    });
  }

  /** Creates the service and builds the search index (and, in hybrid mode, loads the stored vectors) from the database, without calling any model. */
  static async create(opts: KnowledgeServiceOptions): Promise<KnowledgeService> {
    const service = new KnowledgeService(opts);
    await service.index.load();
    return service;
  }

  /** True once the index is loaded and holds at least one passage. */
  get ready(): boolean {
    return this.index.ready;
  }

  /** Number of passages in the search index. */
  get chunkCount(): number {
    return this.index.chunkCount;
  }

  /** Milliseconds the last index build took. */
  get indexBuildMs(): number {
    return this.index.indexBuildMs;
  }

  /** "azure-search" when Azure AI Search is configured, "hybrid" when embeddings are (lexical search plus vectors), else "lexical". */
  get retrievalMode(): 'azure-search' | 'hybrid' | 'lexical' {
    return this.index.retrievalMode;
  }

  /** Number of indexed passages that have an embedding vector (0 in lexical mode). */
  get vectorCount(): number {
    return this.index.vectorCount;
  }

  /** Passages currently indexed (read-only view, for tools). */
  get passages(): readonly Passage[] {
    return this.index.passages;
  }

  /** Indexes a folder incrementally (see indexDirectory), rebuilds the search index and, in hybrid mode, embeds the new passages. */
  indexDirectory(
    dir: string,
    onProgress?: IngestProgress,
    options: { exclude?: (relativePath: string) => boolean } = {},
  ): Promise<IngestSummary> {
    return this.index.indexDirectory(dir, onProgress, options);
  }

  /** Stores one Markdown text as a document (for example an expert's answer) and makes it searchable at once. */
  addDocument(doc: MarkdownDocument): Promise<void> {
    return this.index.addDocument(doc);
  }

  /** Rebuilds the in-memory index from the database and, in hybrid mode, embeds the passages that have no vector yet. */
  reload(): Promise<void> {
    return this.index.reload();
  }

  /** In hybrid mode, embeds the indexed passages that have no stored vector yet; returns how many were embedded. */
  embedMissing(): Promise<number> {
    return this.index.embedMissing();
  }

  /** The best passages for a question that this user may see. */
  async search(question: string, opts: { k?: number; userGroups?: string[] } = {}): Promise<RetrievalHit[]> {
    return (await this.index.retrieve(question, opts)).hits;
  }

  /** Answers a question from the knowledge base with numbered citations. */
  async ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    return (await this.pipeline.explain(question, opts)).answer;
  }

  /** Like `ask`, but also returns the passages and the evidence assessment behind the answer. */
  explain(question: string, opts: AskOptions = {}): Promise<AnswerTrace> {
    return this.pipeline.explain(question, opts);
  }
}
