import type { AzureSearchSettings } from '../config/azure-search-env';
import type { Logger } from '../observability/logger';
import type { Passage } from './document-model';
import { AzureSearchError } from './retrieval/azure-search-error';
import { AzureSearchRetriever } from './retrieval/azure-search-retriever';
import { AzureSearchIndexSync, type IndexSyncReport } from './retrieval/azure-search-sync';
import type { RetrievalHit, SearchOptions } from './retrieval/retriever';

/** How long searches skip the service after it failed, so an outage costs one timeout, not one per question. */
const COOLDOWN_MS = 30_000;

/**
 * Azure AI Search as the first place to look for passages, for organisations that outgrow one instance's
 * memory. The database stays the source of truth: the instance that ingests pushes the stored passages
 * to the search index. A failing or lagging service never loses a question: the caller answers from the
 * embedded retriever instead.
 */
export class CloudSearch {
  private readonly retriever: AzureSearchRetriever;
  private readonly indexSync: AzureSearchIndexSync;
  private failedUntil = 0;

  constructor(
    settings: AzureSearchSettings,
    private readonly logger: Logger,
    parts: { retriever?: AzureSearchRetriever; indexSync?: AzureSearchIndexSync } = {},
  ) {
    this.retriever = parts.retriever ?? new AzureSearchRetriever(settings, logger);
    this.indexSync = parts.indexSync ?? new AzureSearchIndexSync(settings, logger);
  }

  /** The service's passages for a question, or undefined when it failed or found nothing (then ask the embedded retriever). */
  async search(question: string, options: SearchOptions): Promise<RetrievalHit[] | undefined> {
    if (Date.now() < this.failedUntil) return undefined;
    try {
      const hits = await this.retriever.search(question, options);
      return hits.length ? hits : undefined;
    } catch (err) {
      if (!(err instanceof AzureSearchError)) throw err;
      this.failedUntil = Date.now() + COOLDOWN_MS;
      this.logger.warn('Azure AI Search failed; answering from the embedded index for a while', {
        err,
        reason: err.reason,
      });
      return undefined;
    }
  }

  /**
   * Brings the search index in line with the stored passages (uploads changed ones, deletes removed ones;
   * pushes run one after another). Never throws: a failure is logged and the next ingestion tries again.
   */
  async push(passages: readonly Passage[]): Promise<IndexSyncReport | undefined> {
    try {
      const report = await this.indexSync.sync(passages);
      this.logger.info('Azure AI Search index synchronised', { ...report });
      return report;
    } catch (err) {
      this.logger.warn(
        'the Azure AI Search index could not be synchronised; searches use what it holds, or the embedded index',
        { err },
      );
      return undefined;
    }
  }
}
