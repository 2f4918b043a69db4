import type { AppEnv } from '../config/env';
import type { Logger } from '../observability/logger';
import type { Database } from '../store/database';
import type { Answer } from './answer/answer-types';
import { AzureOpenAiAnswerGenerator, GenerationError, type AnswerGenerator } from './answer/azure-openai-generator';
import type { CitationLinks } from './answer/citations';
import {
  closestOnlyAnswer,
  composeExtractiveAnswer,
  notCoveredAnswer,
  outOfRemitAnswer,
} from './answer/compose-answer';
import { outOfRemitOwner } from './answer/remit';
import type { DocumentLinkSigner } from './documents/document-links';
import { assessEvidence, DEFAULT_EVIDENCE_POLICY, type Evidence, type EvidencePolicy } from './answer/evidence';
import { answersAskedType, askedSentence, missingWords } from './answer/answerability';
import { DEFAULT_EXTRACT, extractSentences, type ChosenSentence } from './answer/extractive-answer';
import { questionType, verdictOf } from './answer/question-type';
import { splitSentences } from './ingest/sentences';
import type { DocumentKind, Passage } from './document-model';
import { chunkPassages, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './ingest/chunk-passages';
import { contentHash, indexDirectory, type IngestProgress, type IngestSummary } from './ingest/index-directory';
import { parseMarkdown } from './ingest/parse-markdown';
import type { AzureSearchSettings } from '../config/azure-search-env';
import { CloudSearch } from './cloud-search';
import { EmbeddingRepository } from './embedding-repository';
import { KnowledgeRepository } from './knowledge-repository';
import { PassageEmbeddings, type PassageVectors } from './passage-embeddings';
import { AzureOpenAiEmbeddingClient, type EmbeddingClient } from './retrieval/embedding-client';
import { EmbeddingCooldown, HybridRetriever, DEFAULT_HYBRID, type HybridOptions } from './retrieval/hybrid-retriever';
import { DEFAULT_LEXICAL, LexicalRetriever, type LexicalOptions } from './retrieval/lexical-retriever';
import { visibleTo, type RetrievalHit } from './retrieval/retriever';
import { recordUnanswered } from './feedback/feedback-store';

export type { Answer } from './answer/answer-types';
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

export interface AskOptions {
  userGroups?: string[];
  userId?: string;
  /** Store the question as a knowledge gap when it is not covered (default true). */
  recordGaps?: boolean;
  /** With a model that can stream: called with the answer text so far while it is written (the finished answer is still returned). */
  onText?: (textSoFar: string) => void;
}

/** The answer plus what led to it, for the eval and for diagnostics. */
export interface AnswerTrace {
  answer: Answer;
  hits: RetrievalHit[];
  evidence: Evidence;
}

/**
 * Grounded answers from the CoE knowledge base: indexes documents into the database, keeps an
 * in-memory search index built from the stored passages, and answers with citations (extractively,
 * or with Azure OpenAI when configured), saying so when the knowledge base does not cover a question.
 */
export class KnowledgeService {
  private readonly repo: KnowledgeRepository;
  private readonly generator?: AnswerGenerator;
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

  private constructor(private readonly opts: KnowledgeServiceOptions) {
    this.repo = new KnowledgeRepository(opts.db);
    this.generator =
      opts.generator ?? (opts.openAi ? new AzureOpenAiAnswerGenerator(opts.openAi, opts.logger) : undefined);
    const embedder = opts.embedder ?? embeddingClientFor(opts.openAi, opts.logger);
    if (embedder) this.embeddings = new PassageEmbeddings(new EmbeddingRepository(opts.db), embedder, opts.logger);
    this.cooldown = new EmbeddingCooldown(opts.hybrid?.cooldownMs ?? DEFAULT_HYBRID.cooldownMs);
    if (opts.azureSearch) this.cloud = new CloudSearch(opts.azureSearch, opts.logger);
  }

  /** Creates the service and builds the search index (and, in hybrid mode, loads the stored vectors) from the database, without calling any model. */
  static async create(opts: KnowledgeServiceOptions): Promise<KnowledgeService> {
    const service = new KnowledgeService(opts);
    await service.loadIndex();
    return service;
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
  async addDocument(doc: {
    source: string;
    title: string;
    markdown: string;
    kind: DocumentKind;
    meta?: Record<string, unknown>;
  }): Promise<void> {
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

  /** The best passages for a question that this user may see. */
  async search(question: string, opts: { k?: number; userGroups?: string[] } = {}): Promise<RetrievalHit[]> {
    return (await this.retrieve(question, opts)).hits;
  }

  /** The passages to answer from, and the lexical passages that evidence is measured on (the same list in lexical mode). */
  private async retrieve(
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

  /** Answers a question from the knowledge base with numbered citations. */
  async ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    return (await this.explain(question, opts)).answer;
  }

  /** Like `ask`, but also returns the passages and the evidence assessment behind the answer. */
  async explain(question: string, opts: AskOptions = {}): Promise<AnswerTrace> {
    const q = question.trim().slice(0, 2000);
    if (!q)
      return {
        answer: { ...notCoveredAnswer(), text: 'Please type a question.' },
        hits: [],
        evidence: assessEvidence('', [], () => undefined, 1),
      };
    const { hits, lexical } = await this.retrieve(q, { k: 5, userGroups: opts.userGroups });
    const retriever = this.retriever;
    const idf = (t: string): number | undefined => retriever?.termStats(t)?.idf;
    const maxIdf = retriever?.index.maxIdf ?? 1;
    const policy = this.opts.evidencePolicy ?? DEFAULT_EVIDENCE_POLICY;
    // A message of several sentences ("how do I get money for a pilot? my team wants to try ...") is
    // judged by its question; the other sentences are context that the documents need not cover.
    const ask = askedSentence(q);
    const whole = assessEvidence(q, lexical, idf, maxIdf, policy);
    const evidence = whole.covered || ask === q ? whole : assessEvidence(ask, lexical, idf, maxIdf, policy);
    const owner = outOfRemitOwner(ask, idf);
    if (owner) return { answer: outOfRemitAnswer(owner), hits, evidence: { ...evidence, covered: false } };
    if (!evidence.covered) {
      if (opts.recordGaps !== false) await this.recordGap(q, opts.userId);
      return { answer: notCoveredAnswer(missingWords(ask, idf)), hits, evidence };
    }
    const links: CitationLinks = {
      publicBaseUrl: this.opts.publicBaseUrl,
      signRestricted:
        opts.userId && this.opts.documentLinks ? this.opts.documentLinks.forPerson(opts.userId) : undefined,
    };
    const extractive = (): Answer => {
      const context = this.withContinuations(hits, opts.userGroups);
      const chosen = extractSentences(ask, context, idf, maxIdf);
      const lead = chosen.find((c) => c.lead);
      if (lead && !answersAskedType(ask, chosen, idf, maxIdf)) {
        const p = context[lead.hit].passage;
        return closestOnlyAnswer(lead.text, [p.title, p.section.split(' > ').pop()].filter(Boolean).join(' — '));
      }
      if (lead) this.followReference(ask, context, chosen, lead, opts.userGroups, idf, maxIdf);
      const verdict =
        lead && questionType(ask) === 'yes-no'
          ? verdictOf(chosen.filter((c) => c.hit === lead.hit).map((c) => c.text))
          : undefined;
      return composeExtractiveAnswer(chosen.length ? chosen : leadSentences(hits[0].passage.text), context, links, {
        verdict,
      });
    };
    if (!this.generator) return { answer: extractive(), hits, evidence };
    try {
      const answer =
        opts.onText && this.generator.generateStream
          ? await this.generator.generateStream(q, hits, links, opts.onText)
          : await this.generator.generate(q, hits, links);
      if (!answer.grounded && opts.recordGaps !== false) await this.recordGap(q, opts.userId);
      return { answer, hits, evidence };
    } catch (err) {
      this.opts.logger.warn('answer generation failed; using the extractive answer', { err });
      return { answer: { ...extractive(), note: fallbackNote(err) }, hits, evidence };
    }
  }

  /**
   * An answer quoted from a short entry that points to the full rules ("... See data classification and
   * privacy.") also quotes the referenced document: its best sentence for the question joins the answer
   * with its own citation, so the person sees the rule and where it lives.
   */
  private followReference(
    question: string,
    context: RetrievalHit[],
    chosen: ChosenSentence[],
    lead: ChosenSentence,
    userGroups: readonly string[] | undefined,
    idf: (t: string) => number | undefined,
    maxIdf: number,
  ): void {
    const from = context[lead.hit].passage;
    const ref = /(?:^|\s)See (?:the )?([^.]{3,80}?)(?: playbook)?\.(?:\s|$)/.exec(from.text)?.[1]?.toLowerCase();
    if (!ref || !this.retriever) return;
    const target = this.retriever.passages.find(
      (p) => p.source !== from.source && p.title.toLowerCase().startsWith(ref),
    );
    if (
      !target ||
      context.some((h) => h.passage.source === target.source && chosen.some((c) => c.hit === context.indexOf(h)))
    )
      return;
    const best = this.retriever
      .searchSync(question, { k: 40, userGroups })
      .find((h) => h.passage.source === target.source);
    if (!best) return;
    const picked = extractSentences(question, [best], idf, maxIdf, {
      ...DEFAULT_EXTRACT,
      maxSentences: 1,
      maxChars: 400,
    }).find((c) => c.lead);
    if (!picked) return;
    context.push(best);
    chosen.push({ ...picked, hit: context.length - 1, lead: false });
  }

  /**
   * The retrieved passages with, right after each of the best two, the passage that continues it (the
   * next passage of the same section), so an answer can quote the sentence that follows across a
   * passage boundary: a section's figures often sit in the part after the one that matched.
   */
  private withContinuations(hits: RetrievalHit[], userGroups: readonly string[] | undefined): RetrievalHit[] {
    const present = new Set(hits.map((h) => h.passage.id));
    const out: RetrievalHit[] = [];
    hits.forEach((h, i) => {
      out.push(h);
      if (i >= CONTINUED_HITS) return;
      const next = this.byPosition.get(positionKey(h.passage.source, h.passage.ordinal + 1));
      if (!next || present.has(next.id) || next.section !== h.passage.section || !visibleTo(next, userGroups)) return;
      present.add(next.id);
      out.push({ passage: next, score: h.score });
    });
    return out;
  }

  private async recordGap(question: string, userId: string | undefined): Promise<void> {
    try {
      await recordUnanswered(this.opts.db, { question, userId });
    } catch (err) {
      this.opts.logger.warn('could not record an unanswered question', { err });
    }
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

/** How many of the best passages may bring the passage that continues them into the answer's context. */
const CONTINUED_HITS = 2;

const positionKey = (source: string, ordinal: number): string => `${source}\u0000${ordinal}`;

/** The first sentences of a passage, quoted when no single sentence matches the question's words (they matched its headings). */
function leadSentences(text: string): ChosenSentence[] {
  const out: ChosenSentence[] = [];
  let chars = 0;
  for (const [position, s] of splitSentences(text).entries()) {
    if (out.length >= 2 || (out.length > 0 && chars + s.text.length > 400)) break;
    out.push({ text: s.text, hit: 0, position });
    chars += s.text.length;
  }
  return out;
}

/** A short remark telling the person why the answer is quoted rather than written by the model. */
function fallbackNote(err: unknown): string {
  const reason = err instanceof GenerationError ? err.reason : 'failed';
  if (reason === 'rate-limited')
    return 'The AI model is busy right now, so this answer quotes the knowledge base directly.';
  if (reason === 'timeout') return 'The AI model took too long, so this answer quotes the knowledge base directly.';
  return 'The AI model is unavailable right now, so this answer quotes the knowledge base directly.';
}
