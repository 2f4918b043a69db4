import { AzureOpenAI, APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { z } from 'zod';
import type { AppEnv } from '../../config/env';
import type { Logger } from '../../observability/logger';

/** Turns texts into embedding vectors; `model` names the vector space, so vectors of different models are never mixed. */
export interface EmbeddingClient {
  readonly model: string;
  /**
   * Embeds passages in batches; `onBatch` receives each batch's vectors (by position in `texts`) as
   * soon as it arrives, so the work done so far is kept when a later batch fails. Throws EmbeddingError.
   */
  embedPassages(
    texts: readonly string[],
    onBatch: (offset: number, vectors: Float32Array[]) => Promise<void>,
  ): Promise<void>;
  /** Embeds a question with a short timeout and no retries: a slow answer is worth less than a lexical one. Throws EmbeddingError. */
  embedQuery(text: string): Promise<Float32Array>;
}

/** Why embeddings are not available. */
export class EmbeddingError extends Error {
  constructor(
    readonly reason: 'rate-limited' | 'timeout' | 'failed' | 'invalid-response',
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddingError';
  }
}

export interface EmbeddingTuning {
  /** Texts per request. */
  batchSize: number;
  /** Requests in flight at once while indexing. */
  concurrency: number;
  /** Time limit of one request while indexing. */
  indexTimeoutMs: number;
  /** Time limit of a question's embedding. */
  queryTimeoutMs: number;
  /** Retries of an indexing request after a rate limit (429), a server error or a timeout. */
  maxRetries: number;
  /** A Retry-After longer than this is not waited for: the batch fails and is retried on the next index run. */
  maxRetryWaitMs: number;
  /** Longer texts are cut to this many characters (embedding models accept about 8,000 tokens). */
  maxInputChars: number;
}

export const DEFAULT_EMBEDDING_TUNING: EmbeddingTuning = {
  batchSize: 16,
  concurrency: 2,
  indexTimeoutMs: 30_000,
  queryTimeoutMs: 2_000,
  maxRetries: 3,
  maxRetryWaitMs: 20_000,
  maxInputChars: 8_000,
};

const embeddingResponse = z.object({
  data: z
    .array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number().finite()).min(1) }))
    .min(1),
});

/**
 * Embeddings from an Azure OpenAI embedding deployment (the `openai` package's AzureOpenAI client,
 * `embeddings.create`). Indexing requests are batched, run a few at a time, and retried a limited
 * number of times, waiting as long as a 429's Retry-After asks; question requests are not retried.
 */
export class AzureOpenAiEmbeddingClient implements EmbeddingClient {
  readonly model: string;
  private readonly client: AzureOpenAI;
  private readonly tuning: EmbeddingTuning;

  constructor(
    settings: Pick<NonNullable<AppEnv['openAi']>, 'endpoint' | 'apiKey' | 'apiVersion'> & {
      embeddingDeployment: string;
    },
    private readonly logger: Logger,
    tuning: Partial<EmbeddingTuning> = {},
  ) {
    this.tuning = { ...DEFAULT_EMBEDDING_TUNING, ...tuning };
    this.model = settings.embeddingDeployment;
    this.client = new AzureOpenAI({
      endpoint: settings.endpoint.replace(/\/+$/, ''),
      apiKey: settings.apiKey,
      deployment: settings.embeddingDeployment,
      apiVersion: settings.apiVersion,
      timeout: this.tuning.indexTimeoutMs,
      maxRetries: 0,
    });
  }

  async embedPassages(
    texts: readonly string[],
    onBatch: (offset: number, vectors: Float32Array[]) => Promise<void>,
  ): Promise<void> {
    const size = Math.max(1, this.tuning.batchSize);
    const offsets = Array.from({ length: Math.ceil(texts.length / size) }, (_, i) => i * size);
    let next = 0;
    let failure: unknown;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < offsets.length) {
        const offset = offsets[next++];
        try {
          const vectors = await this.request(
            texts.slice(offset, offset + size),
            this.tuning.indexTimeoutMs,
            this.tuning.maxRetries,
          );
          await onBatch(offset, vectors);
        } catch (err) {
          failure ??= err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.tuning.concurrency, offsets.length)) }, worker));
    if (failure !== undefined) throw failure;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.request([text], this.tuning.queryTimeoutMs, 0);
    return vector;
  }

  private async request(texts: string[], timeoutMs: number, retries: number): Promise<Float32Array[]> {
    const input = texts.map(
      (t) =>
        (t.length > this.tuning.maxInputChars ? t.slice(0, this.tuning.maxInputChars) : t)
          .replace(/\s+/g, ' ')
          .trim() || '-',
    );
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.client.embeddings.create(
          { model: this.model, input },
          { timeout: timeoutMs, maxRetries: 0 },
        );
        return parseEmbeddings(res, input.length);
      } catch (err) {
        const failure = toEmbeddingError(err);
        const wait = attempt < retries ? retryDelay(err, attempt, this.tuning.maxRetryWaitMs) : undefined;
        if (wait === undefined) throw failure;
        this.logger.warn('embedding request will be retried', {
          reason: failure.reason,
          status: (err as APIError)?.status,
          attempt: attempt + 1,
          waitMs: Math.round(wait),
        });
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

/** The vectors of a response in input order; throws EmbeddingError when the response is not what was asked for. */
function parseEmbeddings(res: unknown, expected: number): Float32Array[] {
  const parsed = embeddingResponse.safeParse(res);
  if (!parsed.success)
    throw new EmbeddingError('invalid-response', 'The embedding service returned a response without usable vectors.');
  const out: Array<Float32Array | undefined> = new Array(expected);
  for (const d of parsed.data.data) if (d.index < expected) out[d.index] = Float32Array.from(d.embedding);
  const dims = out[0]?.length;
  if (out.some((v) => v === undefined || v.length !== dims)) {
    throw new EmbeddingError(
      'invalid-response',
      `The embedding service returned ${parsed.data.data.length} vectors of mixed or missing sizes for ${expected} texts.`,
    );
  }
  return out as Float32Array[];
}

function toEmbeddingError(err: unknown): EmbeddingError {
  if (err instanceof EmbeddingError) return err;
  if (err instanceof APIConnectionTimeoutError)
    return new EmbeddingError('timeout', 'The embedding service did not answer in time.');
  if (err instanceof APIError && err.status === 429)
    return new EmbeddingError('rate-limited', 'The embedding service is receiving too many requests.');
  if (err instanceof APIError && err.status !== undefined)
    return new EmbeddingError('failed', `The embedding request failed with status ${err.status}.`);
  if (err instanceof APIConnectionError)
    return new EmbeddingError('failed', 'The embedding service could not be reached.');
  return new EmbeddingError('failed', `The embedding request failed (${(err as Error)?.message ?? String(err)}).`);
}

/**
 * How long to wait before retrying a failed request, or undefined when it should not be retried:
 * client errors other than 408/409/429 are final, and so is a Retry-After longer than `maxWaitMs`.
 */
function retryDelay(err: unknown, attempt: number, maxWaitMs: number): number | undefined {
  const retryable =
    err instanceof APIConnectionError ||
    (err instanceof APIError &&
      (err.status === 408 || err.status === 409 || err.status === 429 || (err.status ?? 0) >= 500));
  if (!retryable) return undefined;
  const asked = err instanceof APIError ? retryAfterMs(err.headers) : undefined;
  if (asked !== undefined) return asked <= maxWaitMs ? asked : undefined;
  return Math.min(maxWaitMs, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.25);
}

/** The wait a response asks for in `retry-after-ms` or `retry-after` (seconds or an HTTP date), in milliseconds. */
export function retryAfterMs(
  headers: Record<string, string | null | undefined> | undefined,
  now = Date.now(),
): number | undefined {
  const ms = Number(headers?.['retry-after-ms']);
  if (headers?.['retry-after-ms'] && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
