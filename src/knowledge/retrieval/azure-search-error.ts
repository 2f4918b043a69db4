export type AzureSearchFailure = 'timeout' | 'rate-limited' | 'unavailable' | 'unauthorized' | 'rejected' | 'failed';

/**
 * A failed call to Azure AI Search. The caller answers from the embedded retriever instead. The
 * message never contains the API key, and the SDK error (whose request carries headers) is not kept.
 */
export class AzureSearchError extends Error {
  constructor(
    readonly reason: AzureSearchFailure,
    message: string,
    readonly status?: number,
    /** Milliseconds the service asked us to wait before trying again (429 and 503 only). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'AzureSearchError';
  }

  /** True when trying the same request again later may succeed. */
  get transient(): boolean {
    return this.reason === 'timeout' || this.reason === 'rate-limited' || this.reason === 'unavailable';
  }
}

/** The parts of the SDK's RestError we read (the class itself is not exported by @azure/search-documents). */
interface RestErrorLike {
  name: 'RestError';
  message: string;
  code?: string;
  statusCode?: number;
  response?: { headers: { get(name: string): string | undefined } };
}

function isRestError(err: unknown): err is RestErrorLike {
  return err instanceof Error && err.name === 'RestError';
}

/** Statuses after which the same request may succeed later. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Reads Retry-After (seconds or an HTTP date) or retry-after-ms from a response, in milliseconds. */
export function retryAfterMs(headers: { get(name: string): string | undefined } | undefined): number | undefined {
  if (!headers) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(headers.get(name));
    if (headers.get(name) && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** The service's own explanation, shortened, without anything from the request. */
function serviceDetail(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}

/**
 * Turns whatever the SDK threw into an AzureSearchError that says what was being done (`action`,
 * for example "The search request"). `timedOut` tells an abort by our own timer from other aborts.
 */
export function toAzureSearchError(err: unknown, action: string, timedOut: boolean): AzureSearchError {
  if (err instanceof AzureSearchError) return err;
  if (timedOut) return new AzureSearchError('timeout', `${action} to Azure AI Search did not finish in time.`);
  if (isRestError(err) && err.statusCode !== undefined) {
    const status = err.statusCode;
    const wait = retryAfterMs(err.response?.headers);
    if (status === 429)
      return new AzureSearchError('rate-limited', `${action} to Azure AI Search was throttled (429).`, status, wait);
    if (status === 401 || status === 403) {
      return new AzureSearchError(
        'unauthorized',
        `${action} to Azure AI Search was refused (${status}); check AZURE_SEARCH_API_KEY.`,
        status,
      );
    }
    if (TRANSIENT_STATUSES.has(status))
      return new AzureSearchError(
        'unavailable',
        `${action} to Azure AI Search failed with status ${status}.`,
        status,
        wait,
      );
    return new AzureSearchError(
      'rejected',
      `${action} to Azure AI Search was rejected with status ${status}: ${serviceDetail(err)}`,
      status,
    );
  }
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code)
    return new AzureSearchError('unavailable', `${action} could not reach Azure AI Search (${code}).`);
  return new AzureSearchError('failed', `${action} to Azure AI Search failed: ${serviceDetail(err)}`);
}

/** Runs `fn` with an abort signal that fires after `timeoutMs`; any failure is thrown as AzureSearchError naming `action`. */
export async function withAzureSearchTimeout<T>(
  action: string,
  timeoutMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return await fn(controller.signal);
  } catch (err) {
    throw toAzureSearchError(err, action, timedOut);
  } finally {
    clearTimeout(timer);
  }
}
