import type { Storage, StoreItems } from 'botbuilder';
import type { Database } from '../store/database';

/** Raised when a write carries an eTag older than the stored one (another turn or instance wrote first). */
export class StaleStateError extends Error {
  constructor(key: string) {
    super(`The saved state for "${key}" changed since it was read (eTag conflict); the newer state was kept.`);
    this.name = 'StaleStateError';
  }
}

interface Row {
  key: string;
  doc: Record<string, unknown>;
  etag: number;
}

/**
 * botbuilder Storage over the project database, so teams-ai turn state survives restarts and is shared
 * by several instances. eTags give optimistic concurrency: a write with a stale eTag fails; "*" or no eTag overwrites.
 */
export class DatabaseBotStorage implements Storage {
  private readonly cache?: Map<string, { doc: Record<string, unknown>; etag: number } | 'absent'>;

  /**
   * With `cacheDocuments` (only safe when this process is the database's sole user, as with embedded PGlite)
   * documents this instance read or wrote are served from memory; writes still go to the database.
   */
  constructor(
    private readonly db: Database,
    options: { cacheDocuments?: boolean; maxCachedDocuments?: number } = {},
  ) {
    if (options.cacheDocuments) this.cache = new Map();
    this.maxCached = options.maxCachedDocuments ?? 20_000;
  }

  private readonly maxCached: number;

  private remember(key: string, entry: { doc: Record<string, unknown>; etag: number } | 'absent'): void {
    if (!this.cache) return;
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value as string);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const items: StoreItems = {};
    const missing = this.cache ? keys.filter((k) => !this.cache!.has(k)) : keys;
    for (const k of keys) {
      const hit = this.cache?.get(k);
      if (hit && hit !== 'absent') items[k] = { ...structuredClone(hit.doc), eTag: String(hit.etag) };
    }
    if (missing.length === 0) return items;
    const rows = await this.db.query<Row>('select key, doc, etag from bot_state where key = any($1::text[])', [
      missing,
    ]);
    for (const r of rows) {
      items[r.key] = { ...r.doc, eTag: String(r.etag) };
      this.remember(r.key, { doc: structuredClone(r.doc), etag: Number(r.etag) });
    }
    for (const k of missing) if (!(k in items)) this.remember(k, 'absent');
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...doc } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
      if (!eTag || eTag === '*') {
        const [row] = await this.db.query<{ etag: number }>(
          `insert into bot_state (key, doc) values ($1, $2)
           on conflict (key) do update set doc = excluded.doc, etag = bot_state.etag + 1, updated_at = now() returning etag`,
          [key, doc],
        );
        this.remember(key, { doc: structuredClone(doc), etag: Number(row.etag) });
        continue;
      }
      const expected = Number(eTag);
      const [updated] = await this.db.query<{ etag: number }>(
        `update bot_state set doc = $2, etag = etag + 1, updated_at = now() where key = $1 and etag = $3 returning etag`,
        [key, doc, Number.isFinite(expected) ? expected : -1],
      );
      if (updated) {
        this.remember(key, { doc: structuredClone(doc), etag: Number(updated.etag) });
        continue;
      }
      const [inserted] = await this.db.query<{ etag: number }>(
        `insert into bot_state (key, doc) values ($1, $2) on conflict (key) do nothing returning etag`,
        [key, doc],
      );
      if (!inserted) {
        this.cache?.delete(key);
        throw new StaleStateError(key);
      }
      this.remember(key, { doc: structuredClone(doc), etag: Number(inserted.etag) });
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const k of keys) this.remember(k, 'absent');
    if (keys.length) await this.db.query('delete from bot_state where key = any($1::text[])', [keys]);
  }
}
