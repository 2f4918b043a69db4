import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from '../../observability/logger';
import { isConnectionError } from '../../store/database';
import { chunkPassages, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunk-passages';
import type { KnowledgeRepository } from '../knowledge-repository';
import { kindOfFile, parseDocument } from './parse-document';

/** Bump when parsing or chunking changes, so every file is re-indexed once with the new rules. */
export const INDEX_FORMAT_VERSION = 'kb-7';

export interface IngestSummary {
  /** Supported files found in the directory. */
  files: number;
  /** Files that were new or changed and are now indexed. */
  indexed: number;
  /** Passages written for those files. */
  chunks: number;
  /** Files left out: unsupported types and files that could not be read. */
  skipped: number;
  unchanged: number;
  removed: number;
  errors: Array<{ file: string; reason: string }>;
}

export type IngestProgress = (p: { done: number; total: number; file: string }) => void;

/** Sources of documents that do not come from files (expert answers) and survive a directory re-index. */
const NOT_FROM_FILES = new Set(['expert-answer']);

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string): Promise<void> => {
    const entries = await fs.readdir(d, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) await visit(full);
      else if (e.isFile()) out.push(full);
    }
  };
  await visit(dir);
  return out;
}

/** The hash that decides whether a file must be re-indexed: its bytes plus the index format version. */
export function contentHash(data: Buffer): string {
  return createHash('sha256').update(INDEX_FORMAT_VERSION).update(data).digest('hex');
}

/**
 * Mirrors a directory into the knowledge base: new and changed files (by content hash) are parsed and
 * chunked, unchanged ones skipped, files that disappeared are removed. A file that cannot be read is
 * reported with a plain reason and skipped (its last good version stays); the rest carry on.
 */
export async function indexDirectory(
  repo: KnowledgeRepository,
  dir: string,
  options: {
    logger: Logger;
    onProgress?: IngestProgress;
    chunkOptions?: ChunkOptions;
    exclude?: (relativePath: string) => boolean;
  },
): Promise<IngestSummary> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) throw new Error(`The folder ${dir} does not exist or is not a folder.`);
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const all = (await listFiles(root)).filter((f) => !options.exclude?.(relative(f)));
  const supported = all.filter((f) => kindOfFile(f) !== undefined);
  const summary: IngestSummary = {
    files: supported.length,
    indexed: 0,
    chunks: 0,
    skipped: all.length - supported.length,
    unchanged: 0,
    removed: 0,
    errors: [],
  };
  const known = await repo.documentHashes();
  const seen = new Set<string>();
  let done = 0;
  for (const file of supported) {
    const source = relative(file);
    seen.add(source);
    try {
      const data = await fs.readFile(file);
      const hash = contentHash(data);
      if (known.get(source)?.hash === hash) {
        summary.unchanged++;
      } else {
        const parsed = await parseDocument(data, source);
        const passages = chunkPassages(parsed.blocks, options.chunkOptions ?? DEFAULT_CHUNK_OPTIONS);
        if (passages.length === 0) throw new Error('no text was found in it');
        await repo.replaceDocument(
          { source, title: parsed.title, kind: parsed.kind, hash, audience: parsed.audience, meta: parsed.meta },
          passages,
        );
        summary.indexed++;
        summary.chunks += passages.length;
      }
    } catch (err) {
      if (isConnectionError(err)) throw err;
      const reason = (err as Error).message || String(err);
      summary.skipped++;
      summary.errors.push({ file: source, reason });
      options.logger.warn('knowledge file skipped', { file: source, reason });
    }
    done++;
    options.onProgress?.({ done, total: supported.length, file: source });
  }
  const gone = [...known.entries()]
    .filter(([source, d]) => !seen.has(source) && !NOT_FROM_FILES.has(d.kind))
    .map(([source]) => source);
  await repo.deleteDocuments(gone);
  summary.removed = gone.length;
  return summary;
}
