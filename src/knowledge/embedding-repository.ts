import type { Database } from '../store/database';

/** Hashes per lookup statement, and vectors per insert statement (a 1,536-dimension vector is about 8 KB of base64). */
const LOOKUP_CHUNK = 2_000;
const INSERT_CHUNK = 200;

/** Encodes a vector as little-endian float32 bytes, the same on every machine. */
export function encodeVector(v: Float32Array): Buffer {
  const out = Buffer.allocUnsafe(v.length * 4);
  for (let i = 0; i < v.length; i++) out.writeFloatLE(v[i], i * 4);
  return out;
}

/** Decodes little-endian float32 bytes (a Buffer from node-postgres, a Uint8Array from PGlite). */
export function decodeVector(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * Stored passage embeddings (table knowledge_embeddings), keyed by model and the hash of the embedded
 * text. Every instance reads and writes the same rows, so a passage is embedded once for all of them.
 */
export class EmbeddingRepository {
  constructor(private readonly db: Database) {}

  /** The stored vectors of `model` for these text hashes (hashes without a vector are absent from the map). */
  async load(model: string, hashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    const unique = [...new Set(hashes)];
    for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
      const rows = await this.db.query<{ text_hash: string; vector: Uint8Array }>(
        'select text_hash, vector from knowledge_embeddings where model = $1 and text_hash = any($2::text[])',
        [model, unique.slice(i, i + LOOKUP_CHUNK)],
      );
      for (const r of rows) out.set(r.text_hash, decodeVector(r.vector));
    }
    return out;
  }

  /** Stores vectors; a vector already stored for the same text is replaced (another instance may have written it meanwhile). */
  async save(model: string, entries: ReadonlyArray<{ hash: string; vector: Float32Array }>): Promise<void> {
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      const rows = entries
        .slice(i, i + INSERT_CHUNK)
        .map((e) => ({ h: e.hash, d: e.vector.length, v: encodeVector(e.vector).toString('base64') }));
      await this.db.query(
        `insert into knowledge_embeddings (model, text_hash, dims, vector)
         select $1, x.h, x.d, decode(x.v, 'base64') from jsonb_to_recordset($2::jsonb) as x(h text, d int, v text)
         on conflict (model, text_hash) do update set dims = excluded.dims, vector = excluded.vector, created_at = now()`,
        [model, JSON.stringify(rows)],
      );
    }
  }

  /** Changes whenever any instance stores vectors of `model`, so other instances know to load them. */
  async fingerprint(model: string): Promise<string> {
    const [r] = await this.db.query<{ n: number | string; latest: Date | string | null }>(
      'select count(*) as n, max(created_at) as latest from knowledge_embeddings where model = $1',
      [model],
    );
    const latest = r.latest instanceof Date ? r.latest.toISOString() : String(r.latest ?? '');
    return `${r.n}:${latest}`;
  }

  /**
   * Deletes vectors of `model` that no current passage uses and that are older than `graceDays`; the grace
   * keeps vectors another instance has just stored for documents this one has not loaded yet.
   */
  async prune(model: string, inUse: readonly string[], graceDays: number): Promise<number> {
    const rows = await this.db.query<{ text_hash: string }>(
      `delete from knowledge_embeddings
        where model = $1 and created_at < now() - make_interval(days => $3::int) and not (text_hash = any($2::text[]))
        returning text_hash`,
      [model, [...new Set(inUse)], graceDays],
    );
    return rows.length;
  }
}
