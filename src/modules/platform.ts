import type { AppEnv } from '../config/env';
import type { Directory } from '../directory/directory';
import type { OrgDirectory } from '../directory/org-directory';
import type { Logger } from '../observability/logger';
import type { OrgConfig } from '../org-settings';
import type { AuditLog } from '../store/audit-log';
import type { ConversationDirectory } from '../store/conversation-directory';
import type { Database } from '../store/database';
import type { HttpRouteRegistrar } from '../teams/http-server';
import type { TeamsGateway } from '../teams/outbound/teams-gateway';
import type { RouteRegistrar } from '../teams/teams-app';

/** What every capability module is built from: settings, storage, the audit trail, identity and the way out to Teams. */
export interface Platform {
  env: AppEnv;
  org: OrgConfig;
  db: Database;
  logger: Logger;
  audit: AuditLog;
  conversations: ConversationDirectory;
  gateway: TeamsGateway;
  /** Roles and groups (synchronous checks), built once. */
  directory: Directory;
  /** People, managers and group members with provenance (Graph or the YAML lists), built once. */
  people: OrgDirectory;
}

/** Background work a module runs while the bot is up. */
export interface Worker {
  start(): void;
  stop(): Promise<void>;
}

/** What a capability module hands the composition root: its Teams routes, HTTP routes and background workers. */
export interface ModuleParts {
  routes?: RouteRegistrar;
  httpRoutes?: HttpRouteRegistrar[];
  workers?: Worker[];
}
