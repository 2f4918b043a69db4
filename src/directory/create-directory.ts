import type { DirectorySettings } from '../config/directory-env';
import type { PeopleSettings } from './people-settings';
import type { Logger } from '../observability/logger';
import type { Queryable } from '../store/database';
import { CachedDirectory, DirectoryRefresher } from './cached-directory';
import { GraphDirectory } from './graph-directory';
import { ClientCredentialsTokenProvider, ManagedIdentityTokenProvider, type TokenProvider } from './graph-token';
import { GroupSnapshot } from './group-snapshot';
import { OrgDirectory } from './org-directory';

/** The token provider for the configured credential. */
export function tokenProviderFor(
  credential: Extract<DirectorySettings, { mode: 'graph' }>['credential'],
  fetchImpl?: typeof fetch,
): TokenProvider {
  return credential.kind === 'client-credentials'
    ? new ClientCredentialsTokenProvider({ ...credential, fetch: fetchImpl })
    : new ManagedIdentityTokenProvider({
        endpoint: credential.endpoint,
        identityHeader: credential.identityHeader,
        clientId: credential.clientId,
        fetch: fetchImpl,
      });
}

/**
 * The organisation directory for the settings: the YAML lists, or Microsoft Graph behind the shared database cache
 * with its background refresher (started by the caller).
 */
export function createOrgDirectory(options: {
  settings: DirectorySettings;
  org: PeopleSettings;
  db: Queryable;
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => Date;
}): {
  people: OrgDirectory;
  cache?: CachedDirectory;
  refresher?: DirectoryRefresher;
  /** Entra group members in memory for the synchronous checks (experts, knowledge audiences). */
  snapshot?: GroupSnapshot;
} {
  const { settings, org, db, logger } = options;
  if (settings.mode === 'yaml') return { people: new OrgDirectory(org, undefined, logger) };
  const log = logger.child({ component: 'directory' });
  const graph = new GraphDirectory({
    tokens: tokenProviderFor(settings.credential, options.fetch),
    baseUrl: settings.baseUrl,
    fetch: options.fetch,
    logger: log,
  });
  const cache = new CachedDirectory({ db, source: graph, ttlMs: settings.cacheTtlMs, logger: log, now: options.now });
  const people = new OrgDirectory(org, cache, log);
  return {
    people,
    cache,
    refresher: new DirectoryRefresher(cache, settings.refreshIntervalMs, log),
    snapshot: new GroupSnapshot(org, people, settings.refreshIntervalMs, log),
  };
}
