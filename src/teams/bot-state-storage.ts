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
  constructor(private readonly db: Database) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const rows = await this.db.query<Row>('select key, doc, etag from bot_state where key = any($1::text[])', [keys]);
    const items: StoreItems = {};
    for (const r of rows) items[r.key] = { ...r.doc, eTag: String(r.etag) };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...doc } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
      if (!eTag || eTag === '*') {
        await this.db.query(
          `insert into bot_state (key, doc) values ($1, $2)
           on conflict (key) do update set doc = excluded.doc, etag = bot_state.etag + 1, updated_at = now()`,
          [key, doc],
        );
        continue;
      }
      const expected = Number(eTag);
      const updated = await this.db.query(`update bot_state set doc = $2, etag = etag + 1, updated_at = now() where key = $1 and etag = $3 returning key`, [
        key,
        doc,
        Number.isFinite(expected) ? expected : -1,
      ]);
      if (updated.length === 1) continue;
      const inserted = await this.db.query(`insert into bot_state (key, doc) values ($1, $2) on conflict (key) do nothing returning key`, [key, doc]);
      if (inserted.length === 0) throw new StaleStateError(key);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length) await this.db.query('delete from bot_state where key = any($1::text[])', [keys]);
  }
}
