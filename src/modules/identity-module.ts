import type { DirectorySettings } from '../config/directory-env';
import type { Logger } from '../observability/logger';
import type { Queryable } from '../store/database';
import { createOrgDirectory } from '../directory/create-directory';
import { Directory } from '../directory/directory';
import type { PeopleSettings } from '../directory/people-settings';
import type { Worker } from './platform';

/**
 * Identity, built once for the whole bot: the people directory (Microsoft Graph behind the shared cache, or the YAML
 * lists) and the roles and groups every capability checks, with Entra group members kept in memory when Graph is on.
 */
export function createIdentityModule(options: {
  settings: DirectorySettings;
  people: PeopleSettings;
  db: Queryable;
  logger: Logger;
}) {
  const found = createOrgDirectory({
    settings: options.settings,
    org: options.people,
    db: options.db,
    logger: options.logger,
  });
  const workers: Worker[] = [found.refresher, found.snapshot].filter((w) => w !== undefined);
  return { people: found.people, directory: new Directory(options.people, found.snapshot), workers };
}
