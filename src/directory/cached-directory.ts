import type { Logger } from '../observability/logger';
import { PeriodicTask } from '../runtime/periodic-task';
import type { Queryable } from '../store/database';
import { type DirectoryPerson, type DirectoryPort, DirectoryUnavailableError, type Lookup } from './directory-port';

/** How fresh an answer must be: `cached` accepts one younger than the TTL; `fresh` asks the directory first. */
export type Freshness = 'cached' | 'fresh';

interface Row {
  key: string;
  value: unknown;
  fetched_at: Date | string;
}

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/**
 * A directory (Microsoft Graph) behind a cache kept in the database, so every bot instance shares it: an answer younger
 * than the TTL is served from the table, an older one is fetched again, and when the directory fails the last answer
 * is served with the failure stated (`source: 'cache'`, `error`). `refreshDue` keeps used entries current in the
 * background, one instance per entry.
 */
export class CachedDirectory {
  private readonly now: () => Date;

  constructor(
    private readonly options: { db: Queryable; source: DirectoryPort; ttlMs: number; logger: Logger; now?: () => Date },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  get kind(): DirectoryPort['kind'] {
    return this.options.source.kind;
  }

  groupMembers(groupId: string, freshness: Freshness = 'cached'): Promise<Lookup<DirectoryPerson[]>> {
    return this.lookup(`group:${groupId.toLowerCase()}`, freshness);
  }

  manager(personId: string, freshness: Freshness = 'cached'): Promise<Lookup<DirectoryPerson | undefined>> {
    return this.lookup(`manager:${personId.toLowerCase()}`, freshness);
  }

  person(personId: string, freshness: Freshness = 'cached'): Promise<Lookup<DirectoryPerson | undefined>> {
    return this.lookup(`person:${personId.toLowerCase()}`, freshness);
  }

  /** Asks the directory for the value behind a cache key. */
  private fetch(key: string): Promise<unknown> {
    const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const source = this.options.source;
    if (kind === 'group') return source.groupMembers(id);
    if (kind === 'manager') return source.manager(id).then((m) => m ?? null);
    return source.person(id).then((p) => p ?? null);
  }

  private async lookup<T>(key: string, freshness: Freshness): Promise<Lookup<T>> {
    const [cached] = await this.options.db.query<Row>(
      `update directory_cache set used_at = $2 where key = $1 returning key, value, fetched_at`,
      [key, this.now()],
    );
    const age = cached ? this.now().getTime() - new Date(cached.fetched_at).getTime() : Infinity;
    if (cached && freshness === 'cached' && age < this.options.ttlMs) {
      return { value: (cached.value ?? undefined) as T, source: 'cache', fetchedAt: iso(cached.fetched_at) };
    }
    try {
      const value = await this.fetch(key);
      const fetchedAt = await this.store(key, value);
      return { value: (value ?? undefined) as T, source: 'directory', fetchedAt };
    } catch (err) {
      if (!(err instanceof DirectoryUnavailableError) || !cached) throw err;
      await this.recordError(key, err);
      this.options.logger.warn('the directory is unavailable; using the cached answer', {
        key,
        fetchedAt: iso(cached.fetched_at),
        error: err.message,
      });
      return {
        value: (cached.value ?? undefined) as T,
        source: 'cache',
        fetchedAt: iso(cached.fetched_at),
        error: err.message,
      };
    }
  }

  private async store(key: string, value: unknown): Promise<string> {
    const now = this.now();
    await this.options.db.query(
      `insert into directory_cache (key, value, fetched_at, used_at) values ($1, $2::jsonb, $3, $3)
       on conflict (key) do update set value = excluded.value, fetched_at = excluded.fetched_at, refresh_claimed_until = null, last_error = null, last_error_at = null
       where directory_cache.fetched_at <= excluded.fetched_at`,
      [key, JSON.stringify(value ?? null), now],
    );
    return now.toISOString();
  }

  private async recordError(key: string, err: Error): Promise<void> {
    await this.options.db.query(
      `update directory_cache set last_error = $2, last_error_at = $3, refresh_claimed_until = null where key = $1`,
      [key, err.message.slice(0, 500), this.now()],
    );
  }

  /**
   * Background refresh: re-fetches up to `limit` entries used within the last day whose answer is older than
   * `refreshAtFraction` of the TTL, so readers rarely wait for Graph. Each entry is claimed for a minute first, so two
   * instances never refresh the same one. Entries unused for a week are dropped. Returns how many were refreshed.
   */
  async refreshDue(limit = 50, refreshAtFraction = 0.75): Promise<number> {
    const now = this.now();
    const staleBefore = new Date(now.getTime() - this.options.ttlMs * refreshAtFraction);
    await this.options.db.query(`delete from directory_cache where used_at < $1`, [
      new Date(now.getTime() - 7 * 86_400_000),
    ]);
    const claimed = await this.options.db.query<{ key: string }>(
      `update directory_cache set refresh_claimed_until = $3
        where key in (select key from directory_cache
                       where fetched_at < $1 and used_at > $2 and (refresh_claimed_until is null or refresh_claimed_until < $4)
                       order by fetched_at limit $5 for update skip locked)
        returning key`,
      [staleBefore, new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 60_000), now, limit],
    );
    let refreshed = 0;
    for (const { key } of claimed) {
      try {
        await this.store(key, await this.fetch(key));
        refreshed += 1;
      } catch (err) {
        await this.recordError(key, err as Error);
        this.options.logger.warn('refreshing a directory entry failed; the cached answer stays', {
          key,
          error: (err as Error).message,
        });
        if (err instanceof DirectoryUnavailableError && (err.status === 429 || err.status === undefined)) break;
      }
    }
    return refreshed;
  }
}

/** Runs `CachedDirectory.refreshDue` every `intervalMs` (0: never), never two rounds at once in one process. */
export class DirectoryRefresher {
  private readonly loop: PeriodicTask;

  constructor(cache: CachedDirectory, intervalMs: number, logger: Logger) {
    this.loop = new PeriodicTask(
      () => cache.refreshDue(),
      intervalMs,
      (err) => logger.error('the directory refresher failed; it will try again', { err }),
    );
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
