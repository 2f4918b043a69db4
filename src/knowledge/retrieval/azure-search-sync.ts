import { setTimeout as sleep } from 'node:timers/promises';
import { IndexDocumentsBatch, type SearchClient, type SearchIndexClient } from '@azure/search-documents';
import type { Logger } from '../../observability/logger';
import type { Passage } from '../document-model';
import { createPassageSearchClient, createSearchIndexClient } from './azure-search-clients';
import type { AzureSearchSettings } from '../../config/azure-search-env';
import { toSearchDocument, type PassageSearchDocument } from './azure-search-document';
import { AzureSearchError, toAzureSearchError, withAzureSearchTimeout } from './azure-search-error';
import { keyAfterFilter } from './azure-search-filter';
import { ensurePassageIndex, type IndexState } from './azure-search-index';

export interface IndexSyncTuning {
  /** Documents per indexing request (the service accepts at most 1000). */
  maxBatchDocs: number;
  /** Serialised bytes per indexing request (the service accepts at most 16 MB). */
  maxBatchBytes: number;
  /** Tries per request when the service is throttling or briefly unavailable (429, 503, timeouts). */
  maxAttempts: number;
  /** First wait between tries when the service gives no Retry-After; doubles each time, with jitter. */
  baseRetryDelayMs: number;
  /** Upper bound on any wait between tries, including one asked for by Retry-After. */
  maxRetryDelayMs: number;
  /** How long one request may take. */
  requestTimeoutMs: number;
}

export const DEFAULT_INDEX_SYNC_TUNING: IndexSyncTuning = {
  maxBatchDocs: 1000,
  maxBatchBytes: 15 * 1024 * 1024,
  maxAttempts: 5,
  baseRetryDelayMs: 500,
  maxRetryDelayMs: 30_000,
  requestTimeoutMs: 60_000,
};

/** What a sync did. `failed` documents could not be written or deleted and are retried by the next sync. */
export interface IndexSyncReport {
  index: IndexState;
  uploaded: number;
  deleted: number;
  unchanged: number;
  failed: number;
  /** Indexing requests sent, retries included. */
  requests: number;
  /** Up to 20 per-document errors, for the log. */
  failures: Array<{ key: string; message: string }>;
  ms: number;
}

/** Per-document statuses of a partly failed batch (207) that the service says may succeed if sent again. */
const RETRYABLE_DOCUMENT_STATUSES = new Set([409, 422, 429, 503]);

/** Page size when listing the keys and hashes already in the index. */
const LIST_PAGE = 1000;

type Action =
  { kind: 'upload'; doc: PassageSearchDocument; bytes: number } | { kind: 'delete'; key: string; bytes: number };

const keyOf = (a: Action): string => (a.kind === 'upload' ? a.doc.id : a.key);

/**
 * Keeps an Azure AI Search index equal to the passages stored in the database: creates the index when
 * needed, uploads new and changed passages (compared by content hash, so an unchanged knowledge base
 * sends nothing) and deletes documents whose passage is gone, so removed files stop appearing in answers.
 */
export class AzureSearchIndexSync {
  private readonly tuning: IndexSyncTuning;
  private readonly search: SearchClient<PassageSearchDocument>;
  private readonly indexes: SearchIndexClient;
  private running?: Promise<unknown>;

  constructor(
    private readonly settings: AzureSearchSettings,
    private readonly logger: Logger,
    tuning: Partial<IndexSyncTuning> = {},
    clients: { search?: SearchClient<PassageSearchDocument>; indexes?: SearchIndexClient } = {},
  ) {
    this.tuning = { ...DEFAULT_INDEX_SYNC_TUNING, ...tuning };
    this.search = clients.search ?? createPassageSearchClient(settings);
    this.indexes = clients.indexes ?? createSearchIndexClient(settings);
  }

  /**
   * Makes the index match `passages` (normally `KnowledgeService.passages`). Calls run one after
   * another. An empty list does not empty a filled index unless `allowEmpty` is set, so a database
   * that failed to load cannot wipe the search service. Throws AzureSearchError when the service
   * cannot be used at all; documents that fail one by one are counted in the report instead.
   */
  sync(passages: readonly Passage[], options: { allowEmpty?: boolean } = {}): Promise<IndexSyncReport> {
    const run = (): Promise<IndexSyncReport> => this.runSync(passages, options.allowEmpty ?? false);
    const next = (this.running ?? Promise.resolve()).then(run, run);
    this.running = next;
    const clear = (): void => {
      if (this.running === next) this.running = undefined;
    };
    next.then(clear, clear);
    return next;
  }

  private async runSync(passages: readonly Passage[], allowEmpty: boolean): Promise<IndexSyncReport> {
    const t0 = performance.now();
    const index = await this.withRetries('The index definition request', (timeoutMs) =>
      ensurePassageIndex(this.indexes, this.settings, { timeoutMs }),
    );
    const wanted = new Map(passages.map((p) => toSearchDocument(p)).map((d) => [d.id, d]));
    const existing = await this.listHashes();
    if (wanted.size === 0 && existing.size > 0 && !allowEmpty) {
      throw new AzureSearchError(
        'rejected',
        `The knowledge base has no passages, so the sync refused to delete all ${existing.size} documents of the Azure AI Search index "${this.settings.indexName}".`,
      );
    }
    const uploads: Action[] = [];
    for (const doc of wanted.values()) {
      if (existing.get(doc.id) !== doc.contentHash)
        uploads.push({ kind: 'upload', doc, bytes: Buffer.byteLength(JSON.stringify(doc)) + 40 });
    }
    const deletes: Action[] = [...existing.keys()]
      .filter((key) => !wanted.has(key))
      .map((key) => ({ kind: 'delete', key, bytes: key.length + 40 }));
    const report: IndexSyncReport = {
      index,
      uploaded: 0,
      deleted: 0,
      unchanged: wanted.size - uploads.length,
      failed: 0,
      requests: 0,
      failures: [],
      ms: 0,
    };
    for (const batch of this.batches(uploads)) await this.send(batch, report);
    for (const batch of this.batches(deletes)) await this.send(batch, report);
    report.ms = Math.round(performance.now() - t0);
    const summary = {
      index: report.index,
      uploaded: report.uploaded,
      deleted: report.deleted,
      unchanged: report.unchanged,
      failed: report.failed,
      requests: report.requests,
      ms: report.ms,
    };
    if (report.failed > 0)
      this.logger.warn('azure search sync left documents unsynced', {
        ...summary,
        indexName: this.settings.indexName,
        failures: report.failures.slice(0, 5),
      });
    else this.logger.info('azure search sync finished', { ...summary, indexName: this.settings.indexName });
    return report;
  }

  /** Key and content hash of every document in the index, read in key order (keyset paging has no skip limit). */
  private async listHashes(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let after: string | undefined;
    for (;;) {
      const page = await this.withRetries('The request listing indexed documents', async (timeoutMs) => {
        const rows: Array<{ id: string; contentHash: string }> = [];
        await withAzureSearchTimeout('The request listing indexed documents', timeoutMs, async (abortSignal) => {
          const res = await this.search.search('*', {
            filter: after === undefined ? undefined : keyAfterFilter(after),
            orderBy: ['id asc'],
            top: LIST_PAGE,
            select: ['id', 'contentHash'],
            abortSignal,
          });
          for await (const r of res.results) {
            rows.push({ id: String(r.document.id), contentHash: String(r.document.contentHash ?? '') });
            if (rows.length >= LIST_PAGE) break;
          }
        });
        return rows;
      });
      for (const row of page) out.set(row.id, row.contentHash);
      if (page.length < LIST_PAGE) return out;
      after = page[page.length - 1].id;
    }
  }

  /** Groups actions into requests within the document and byte limits. */
  private *batches(actions: Action[]): Generator<Action[]> {
    let batch: Action[] = [];
    let bytes = 0;
    for (const a of actions) {
      if (
        batch.length > 0 &&
        (batch.length >= this.tuning.maxBatchDocs || bytes + a.bytes > this.tuning.maxBatchBytes)
      ) {
        yield batch;
        batch = [];
        bytes = 0;
      }
      batch.push(a);
      bytes += a.bytes;
    }
    if (batch.length > 0) yield batch;
  }

  /**
   * Sends one batch; documents the service reports as temporarily failed are sent again (up to
   * maxAttempts in all), a batch refused as too large (413) is split in two.
   */
  private async send(batch: Action[], report: IndexSyncReport): Promise<void> {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      let results: Array<{ key: string; succeeded: boolean; statusCode: number; errorMessage?: string }>;
      try {
        results = await this.withRetries('The indexing request', (timeoutMs) => {
          report.requests++;
          return withAzureSearchTimeout(
            'The indexing request',
            timeoutMs,
            async (abortSignal) => (await this.search.indexDocuments(toBatch(pending), { abortSignal })).results,
          );
        });
      } catch (err) {
        if (err instanceof AzureSearchError && err.status === 413 && pending.length > 1) {
          const half = Math.ceil(pending.length / 2);
          await this.send(pending.slice(0, half), report);
          await this.send(pending.slice(half), report);
          return;
        }
        if (err instanceof AzureSearchError && err.status === 413) {
          this.fail(report, keyOf(pending[0]), 'The document is larger than Azure AI Search accepts in one request.');
          return;
        }
        throw err;
      }
      const byKey = new Map(pending.map((a) => [keyOf(a), a]));
      const again: Action[] = [];
      for (const r of results) {
        const action = byKey.get(r.key);
        if (!action) continue;
        byKey.delete(r.key);
        if (r.succeeded) {
          if (action.kind === 'upload') report.uploaded++;
          else report.deleted++;
        } else if (RETRYABLE_DOCUMENT_STATUSES.has(r.statusCode) && attempt < this.tuning.maxAttempts) {
          again.push(action);
        } else {
          this.fail(report, r.key, r.errorMessage ?? `The service answered ${r.statusCode}.`);
        }
      }
      for (const key of byKey.keys()) this.fail(report, key, 'The service did not report a result for this document.');
      if (again.length > 0) await sleep(this.backoff(attempt, undefined));
      pending = again;
    }
  }

  private fail(report: IndexSyncReport, key: string, message: string): void {
    report.failed++;
    if (report.failures.length < 20) report.failures.push({ key, message });
  }

  /** Tries `fn` up to maxAttempts times while it fails transiently, waiting as the service asks (capped). */
  private async withRetries<T>(action: string, fn: (timeoutMs: number) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(this.tuning.requestTimeoutMs);
      } catch (err) {
        const e = toAzureSearchError(err, action, false);
        if (!e.transient || attempt >= this.tuning.maxAttempts) throw e;
        const wait = this.backoff(attempt, e.retryAfterMs);
        this.logger.debug('azure search request will be retried', {
          reason: e.reason,
          status: e.status,
          attempt,
          waitMs: wait,
        });
        await sleep(wait);
      }
    }
  }

  /** Wait before try number attempt + 1: Retry-After when given, else exponential with jitter; never above maxRetryDelayMs. */
  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    const { baseRetryDelayMs, maxRetryDelayMs } = this.tuning;
    const wait = retryAfterMs ?? baseRetryDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
    return Math.min(maxRetryDelayMs, Math.max(0, Math.round(wait)));
  }
}

function toBatch(actions: Action[]): IndexDocumentsBatch<PassageSearchDocument> {
  const batch = new IndexDocumentsBatch<PassageSearchDocument>();
  const uploads = actions.flatMap((a) => (a.kind === 'upload' ? [a.doc] : []));
  const deletes = actions.flatMap((a) => (a.kind === 'delete' ? [a.key] : []));
  if (uploads.length > 0) batch.mergeOrUpload(uploads);
  if (deletes.length > 0) batch.delete('id', deletes);
  return batch;
}
