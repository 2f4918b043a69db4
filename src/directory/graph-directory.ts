import type { Logger } from '../observability/logger';
import { type DirectoryPerson, type DirectoryPort, DirectoryUnavailableError } from './directory-port';
import type { TokenProvider } from './graph-token';

/** The Graph user fields the directory reads. */
const USER_FIELDS = 'id,displayName,mail,userPrincipalName,department';

interface GraphUser {
  '@odata.type'?: string;
  id?: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  department?: string | null;
}

export interface GraphDirectoryOptions {
  tokens: TokenProvider;
  /** `https://graph.microsoft.com/v1.0` unless a sovereign cloud or a test server is used. */
  baseUrl?: string;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Attempts per request when Graph throttles (429) or is unavailable (503, 504, network errors). */
  maxAttempts?: number;
  /** A Retry-After longer than this is not waited for: the request fails and the caller uses its cache. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

function toPerson(u: GraphUser): DirectoryPerson | undefined {
  if (!u.id) return undefined;
  return {
    id: u.id,
    name: u.displayName || u.mail || u.userPrincipalName || u.id,
    ...(u.mail || u.userPrincipalName ? { email: (u.mail || u.userPrincipalName)! } : {}),
    ...(u.department ? { department: u.department } : {}),
  };
}

/** Seconds or an HTTP date, as Graph sends it in Retry-After; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * The directory on Microsoft Graph with an app-only token: `/users/{id}`, `/groups/{id}/transitiveMembers` (nested
 * groups flattened, every `@odata.nextLink` page followed, only users kept) and `/users/{id}/manager`. Throttling (429)
 * and unavailability (503) are retried after the Retry-After Graph sends, or with a growing back-off without one.
 */
export class GraphDirectory implements DirectoryPort {
  readonly kind = 'graph' as const;
  private readonly baseUrl: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GraphDirectoryOptions) {
    this.baseUrl = (options.baseUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, '');
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async person(id: string): Promise<DirectoryPerson | undefined> {
    const user = await this.get<GraphUser>(`/users/${encodeURIComponent(id)}?$select=${USER_FIELDS}`);
    return user && toPerson(user);
  }

  async groupMembers(groupId: string): Promise<DirectoryPerson[]> {
    const people: DirectoryPerson[] = [];
    const seen = new Set<string>();
    let next: string | undefined =
      `/groups/${encodeURIComponent(groupId)}/transitiveMembers?$select=${USER_FIELDS}&$top=999`;
    let pages = 0;
    while (next) {
      const page: { value?: GraphUser[]; '@odata.nextLink'?: string } | undefined = await this.get(next);
      if (!page) return [];
      for (const item of page.value ?? []) {
        if (item['@odata.type'] && item['@odata.type'] !== '#microsoft.graph.user') continue;
        const p = toPerson(item);
        if (p && !seen.has(p.id)) {
          seen.add(p.id);
          people.push(p);
        }
      }
      next = page['@odata.nextLink'];
      if (++pages > 1000)
        throw new DirectoryUnavailableError(`Group ${groupId} has more than 1000 pages of members; stopped reading.`);
    }
    return people;
  }

  async manager(personId: string): Promise<DirectoryPerson | undefined> {
    const user = await this.get<GraphUser>(`/users/${encodeURIComponent(personId)}/manager?$select=${USER_FIELDS}`);
    return user && toPerson(user);
  }

  /** GET with retries; a 404 is undefined (no such user, group or manager). `pathOrUrl` may be a full nextLink. */
  private async get<T>(pathOrUrl: string): Promise<T | undefined> {
    const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    const maxAttempts = this.options.maxAttempts ?? 4;
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      let res: Response | undefined;
      let failure: string;
      try {
        const token = await this.options.tokens.token();
        res = await (this.options.fetch ?? fetch)(url, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        if (res.ok) return (await res.json()) as T;
        if (res.status === 404) return undefined;
        if (res.status === 401 && !refreshedToken) {
          refreshedToken = true;
          this.options.tokens.invalidate();
          attempt -= 1;
          continue;
        }
        failure = `HTTP ${res.status}`;
        if (!RETRYABLE.has(res.status))
          throw new DirectoryUnavailableError(
            `Microsoft Graph refused the request (${failure}${res.status === 403 ? ': the bot identity lacks GroupMember.Read.All or User.Read.All' : ''}).`,
            res.status,
          );
      } catch (err) {
        if (err instanceof DirectoryUnavailableError && (err.status === undefined || !RETRYABLE.has(err.status)))
          throw err;
        failure = (err as Error).message;
      }
      const wait = retryAfterMs(res?.headers.get('retry-after') ?? null) ?? Math.min(8_000, 500 * 2 ** (attempt - 1));
      if (attempt >= maxAttempts || wait > (this.options.maxRetryAfterMs ?? 30_000)) {
        throw new DirectoryUnavailableError(
          `Microsoft Graph is not answering (${failure} after ${attempt} attempt${attempt === 1 ? '' : 's'}).`,
          res?.status,
        );
      }
      this.options.logger?.warn('Microsoft Graph asked us to wait; retrying', {
        status: res?.status,
        failure,
        waitMs: wait,
        attempt,
      });
      await this.sleep(wait);
    }
  }
}
