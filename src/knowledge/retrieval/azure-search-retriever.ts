import type { SearchClient, SearchOptions as AzureSearchOptions } from '@azure/search-documents';
import type { Logger } from '../../observability/logger';
import { createPassageSearchClient } from './azure-search-clients';
import type { AzureSearchSettings } from '../../config/azure-search-env';
import { fromSearchDocument, PASSAGE_SELECT, type PassageSearchDocument } from './azure-search-document';
import { withAzureSearchTimeout, type AzureSearchError } from './azure-search-error';
import { audienceFilter } from './azure-search-filter';
import { visibleTo, type RetrievalHit, type Retriever, type SearchOptions } from './retriever';

/** Most passages one search returns (the semantic ranker re-ranks at most 50). */
export const MAX_AZURE_SEARCH_K = 50;

/** Longest question text sent to the service. */
const MAX_QUERY_CHARS = 1000;

/** The semantic ranker accepts a wait of at least 700 ms; below that budget the default applies. */
const MIN_SEMANTIC_WAIT_MS = 700;

/**
 * A question as plain words for the simple query syntax: the characters that syntax treats as
 * operators (+ | " * ( ) \ and a leading -) are replaced by spaces, so a question is never read as a query.
 */
export function toQueryText(question: string): string {
  return question
    .replace(/[+|"*()\\]/g, ' ')
    .replace(/(^|\s)-+/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_CHARS);
}

/**
 * Finds passages with Azure AI Search: BM25 over title, section and content (English analyzer), or
 * the semantic ranker when a semantic configuration is set. The audience filter runs in the service;
 * hits are checked again here. Any failure, including the timeout, is thrown as AzureSearchError so
 * the caller can answer from the embedded retriever instead.
 */
export class AzureSearchRetriever implements Retriever {
  readonly name = 'azure-search';
  private readonly client: SearchClient<PassageSearchDocument>;

  constructor(
    private readonly settings: AzureSearchSettings,
    private readonly logger: Logger,
    client?: SearchClient<PassageSearchDocument>,
  ) {
    this.client = client ?? createPassageSearchClient(settings);
  }

  /** The best passages for `query` that someone in `userGroups` may see, best first; throws AzureSearchError. */
  async search(query: string, options: SearchOptions = {}): Promise<RetrievalHit[]> {
    const text = toQueryText(query);
    if (!text) return [];
    const k = Math.min(MAX_AZURE_SEARCH_K, Math.max(1, Math.floor(options.k ?? 5)));
    const semantic = this.settings.semanticConfiguration;
    const timeoutMs = this.settings.timeoutMs;
    const t0 = performance.now();
    const request: AzureSearchOptions<PassageSearchDocument> = {
      top: k,
      filter: audienceFilter(options.userGroups),
      select: [...PASSAGE_SELECT],
      searchFields: ['title', 'section', 'content'],
      searchMode: 'any',
      ...(semantic
        ? {
            queryType: 'semantic' as const,
            semanticSearchOptions: {
              configurationName: semantic,
              errorMode: 'partial' as const,
              ...(timeoutMs >= 2 * MIN_SEMANTIC_WAIT_MS ? { maxWaitInMilliseconds: Math.floor(timeoutMs / 2) } : {}),
            },
          }
        : { queryType: 'simple' as const }),
    };
    const hits: RetrievalHit[] = [];
    let dropped = 0;
    try {
      await withAzureSearchTimeout('The search request', timeoutMs, async (abortSignal) => {
        const res = await this.client.search(text, { ...request, abortSignal });
        for await (const r of res.results) {
          const passage = fromSearchDocument(r.document);
          if (!passage || !visibleTo(passage, options.userGroups)) {
            dropped++;
            continue;
          }
          hits.push({ passage, score: r.rerankerScore ?? r.score });
          if (hits.length >= k) break;
        }
      });
    } catch (err) {
      const error = err as AzureSearchError;
      this.logger.debug('azure search query failed', {
        reason: error.reason,
        status: error.status,
        ms: Math.round(performance.now() - t0),
      });
      throw error;
    }
    if (dropped > 0)
      this.logger.warn(
        'azure search returned passages that were malformed or outside the audience; they were dropped',
        { dropped, indexName: this.settings.indexName },
      );
    this.logger.debug('azure search query', {
      hits: hits.length,
      semantic: Boolean(semantic),
      ms: Math.round(performance.now() - t0),
    });
    return hits;
  }
}
