import type { Database, Queryable } from '../store/database';
import type { DocumentKind, KnowledgeDocument, Passage, PassageDraft } from './document-model';

interface DocumentRow {
  source: string;
  title: string;
  kind: DocumentKind;
  hash: string;
  audience: string | null;
  meta: Record<string, unknown> | string;
}

interface PassageRow {
  id: number | string;
  source: string;
  ordinal: number;
  section: string;
  anchor: string | null;
  page: number | null;
  page_end: number | null;
  start_offset: number | null;
  end_offset: number | null;
  text: string;
  title: string;
  kind: DocumentKind;
  audience: string | null;
}

const asObject = (v: Record<string, unknown> | string): Record<string, unknown> =>
  typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : v;

/** Reads and writes indexed documents and their passages; every bot instance builds its search index from these rows. */
export class KnowledgeRepository {
  constructor(private readonly db: Database) {}

  /** Every document's source and content hash, for incremental re-indexing. */
  async documentHashes(): Promise<Map<string, { hash: string; kind: DocumentKind }>> {
    const rows = await this.db.query<{ source: string; hash: string; kind: DocumentKind }>(
      'select source, hash, kind from knowledge_documents',
    );
    return new Map(rows.map((r) => [r.source, { hash: r.hash, kind: r.kind }]));
  }

  /** One stored document, or undefined. */
  async getDocument(source: string): Promise<KnowledgeDocument | undefined> {
    const [r] = await this.db.query<DocumentRow>(
      'select source, title, kind, hash, audience, meta from knowledge_documents where source = $1',
      [source],
    );
    return r
      ? {
          source: r.source,
          title: r.title,
          kind: r.kind,
          hash: r.hash,
          audience: r.audience ?? undefined,
          meta: asObject(r.meta),
        }
      : undefined;
  }

  /** Replaces a document and all its passages in one transaction, so readers never see half a document. */
  async replaceDocument(doc: KnowledgeDocument, passages: PassageDraft[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('delete from knowledge_documents where source = $1', [doc.source]);
      await tx.query(
        'insert into knowledge_documents (source, title, kind, hash, audience, meta, indexed_at) values ($1, $2, $3, $4, $5, $6::jsonb, now())',
        [doc.source, doc.title, doc.kind, doc.hash, doc.audience ?? null, JSON.stringify(doc.meta)],
      );
      await insertPassages(tx, doc.source, passages);
    });
  }

  /** Removes documents and, through the foreign key, their passages. */
  async deleteDocuments(sources: string[]): Promise<void> {
    if (sources.length === 0) return;
    await this.db.query('delete from knowledge_documents where source = any($1::text[])', [sources]);
  }

  /** All passages with their document's title, kind and audience, in document order. */
  async allPassages(): Promise<Passage[]> {
    const rows = await this.db.query<PassageRow>(
      `select c.id, c.source, c.ordinal, c.section, c.anchor, c.page, c.page_end, c.start_offset, c.end_offset, c.text, d.title, d.kind, d.audience
         from knowledge_chunks c join knowledge_documents d on d.source = c.source
        order by c.source, c.ordinal`,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      source: r.source,
      ordinal: r.ordinal,
      section: r.section,
      anchor: r.anchor ?? undefined,
      page: r.page ?? undefined,
      pageEnd: r.page_end ?? undefined,
      start: r.start_offset ?? undefined,
      end: r.end_offset ?? undefined,
      text: r.text,
      title: r.title,
      kind: r.kind,
      audience: r.audience ?? undefined,
    }));
  }

  /** A cheap fingerprint of the index contents; it changes whenever any instance adds, changes or removes a document. */
  async fingerprint(): Promise<string> {
    const [r] = await this.db.query<{ n: number | string; latest: Date | string | null }>(
      'select count(*) as n, max(indexed_at) as latest from knowledge_documents',
    );
    const latest = r.latest instanceof Date ? r.latest.toISOString() : String(r.latest ?? '');
    return `${r.n}:${latest}`;
  }
}

async function insertPassages(tx: Queryable, source: string, passages: PassageDraft[]): Promise<void> {
  for (let i = 0; i < passages.length; i += 500) {
    const rows = passages.slice(i, i + 500).map((p) => ({
      ordinal: p.ordinal,
      section: p.section,
      anchor: p.anchor ?? null,
      page: p.page ?? null,
      page_end: p.pageEnd ?? null,
      start_offset: p.start ?? null,
      end_offset: p.end ?? null,
      text: p.text,
    }));
    await tx.query(
      `insert into knowledge_chunks (source, ordinal, section, anchor, page, page_end, start_offset, end_offset, text)
       select $1, x.ordinal, x.section, x.anchor, x.page, x.page_end, x.start_offset, x.end_offset, x.text
         from jsonb_to_recordset($2::jsonb) as x(ordinal int, section text, anchor text, page int, page_end int, start_offset int, end_offset int, text text)`,
      [source, JSON.stringify(rows)],
    );
  }
}
