import { AzureKeyCredential, SearchClient, SearchIndexClient, type SearchClientOptions } from '@azure/search-documents';
import { isLoopbackUrl, type AzureSearchSettings } from '../../config/azure-search-env';
import type { PassageSearchDocument } from './azure-search-document';

/**
 * SDK options shared by our clients. The SDK's own retries are off: it would wait as long as any
 * Retry-After header says, with no upper bound, so queries fall back at once and the index sync
 * retries itself with a capped wait. Plain http is allowed only for a service on this machine.
 */
function clientOptions(settings: AzureSearchSettings): SearchClientOptions {
  return {
    retryOptions: { maxRetries: 0 },
    allowInsecureConnection: isLoopbackUrl(settings.endpoint),
    userAgentOptions: { userAgentPrefix: 'coe-assistant' },
  };
}

/** A query and document client for the passage index, authenticated with the API key. */
export function createPassageSearchClient(settings: AzureSearchSettings): SearchClient<PassageSearchDocument> {
  return new SearchClient<PassageSearchDocument>(
    settings.endpoint,
    settings.indexName,
    new AzureKeyCredential(settings.apiKey),
    clientOptions(settings),
  );
}

/** A client for index definitions (create and update the passage index). */
export function createSearchIndexClient(settings: AzureSearchSettings): SearchIndexClient {
  return new SearchIndexClient(settings.endpoint, new AzureKeyCredential(settings.apiKey), clientOptions(settings));
}
