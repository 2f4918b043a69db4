import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DocumentKind, Passage } from '../document-model';

/**
 * One passage as stored in the Azure AI Search index. Optional fields are null rather than absent
 * so that a merge clears a value that a passage no longer has.
 */
export interface PassageSearchDocument {
  /** Index key: see passageKey. */
  id: string;
  /** Database id of the passage (changes when its document is re-indexed). */
  passageId: number;
  source: string;
  title: string;
  section: string;
  content: string;
  kind: DocumentKind;
  /** Group allowed to see the passage; null when everyone may. */
  audience: string | null;
  /** True when the passage has no audience: lets one OData filter express "public, or one of my groups". */
  everyone: boolean;
  anchor: string | null;
  page: number | null;
  pageEnd: number | null;
  ordinal: number;
  start: number | null;
  end: number | null;
  /** Hash of every other field, so a sync sends only passages that changed. */
  contentHash: string;
}

/** Bumped when the mapping changes, so that the next sync rewrites every document. */
const MAPPING_VERSION = 1;

/**
 * The index key of a passage: a hash of its document's source plus its position. Keys may only hold
 * letters, digits, _, - and =, and a path can hold anything, so the source is hashed; the key stays
 * the same while a document is edited, so a re-indexed document overwrites its passages in place.
 */
export function passageKey(passage: Pick<Passage, 'source' | 'ordinal'>): string {
  const source = createHash('sha256').update(passage.source).digest('hex').slice(0, 32);
  return `${source}-${passage.ordinal}`;
}

/** The index document for a passage, with its content hash. */
export function toSearchDocument(p: Passage): PassageSearchDocument {
  const fields: Omit<PassageSearchDocument, 'contentHash'> = {
    id: passageKey(p),
    passageId: p.id,
    source: p.source,
    title: p.title,
    section: p.section,
    content: p.text,
    kind: p.kind,
    audience: p.audience ?? null,
    everyone: p.audience === undefined,
    anchor: p.anchor ?? null,
    page: p.page ?? null,
    pageEnd: p.pageEnd ?? null,
    ordinal: p.ordinal,
    start: p.start ?? null,
    end: p.end ?? null,
  };
  const contentHash = createHash('sha256')
    .update(JSON.stringify([MAPPING_VERSION, fields]))
    .digest('base64url');
  return { ...fields, contentHash };
}

const optionalNumber = z
  .number()
  .int()
  .nullish()
  .transform((v) => v ?? undefined);
const optionalString = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? undefined : v));

/** What a search result must hold to become a Passage; anything else from the service is rejected. */
const searchDocumentSchema = z.object({
  passageId: z.number().int(),
  source: z.string().min(1),
  title: z.string(),
  section: z.string(),
  content: z.string(),
  kind: z.enum(['markdown', 'text', 'html', 'pdf', 'docx', 'expert-answer']),
  audience: z
    .string()
    .nullish()
    .transform((v) => v ?? undefined),
  anchor: optionalString,
  page: optionalNumber,
  pageEnd: optionalNumber,
  ordinal: z.number().int(),
  start: optionalNumber,
  end: optionalNumber,
});

/** Fields a search asks for: everything fromSearchDocument reads. */
export const PASSAGE_SELECT = [
  'passageId',
  'source',
  'title',
  'section',
  'content',
  'kind',
  'audience',
  'anchor',
  'page',
  'pageEnd',
  'ordinal',
  'start',
  'end',
] as const;

/** The Passage stored in an index document, or undefined when the document does not have the expected shape. */
export function fromSearchDocument(doc: unknown): Passage | undefined {
  const parsed = searchDocumentSchema.safeParse(doc);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const passage: Passage = {
    id: d.passageId,
    source: d.source,
    title: d.title,
    section: d.section,
    ordinal: d.ordinal,
    text: d.content,
    kind: d.kind,
  };
  if (d.anchor !== undefined) passage.anchor = d.anchor;
  if (d.page !== undefined) passage.page = d.page;
  if (d.pageEnd !== undefined) passage.pageEnd = d.pageEnd;
  if (d.start !== undefined) passage.start = d.start;
  if (d.end !== undefined) passage.end = d.end;
  if (d.audience !== undefined) passage.audience = d.audience;
  return passage;
}
