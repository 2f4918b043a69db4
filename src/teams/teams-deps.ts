import type { AnnouncementService } from '../announcements/announcement-service';
import type { AppEnv } from '../config/env';
import type { Directory } from '../directory/directory';
import type { OrgConfig } from '../org-settings';
import type { Logger } from '../observability/logger';
import type { AuditLog } from '../store/audit-log';
import type { ConversationDirectory } from '../store/conversation-directory';
import type { Database } from '../store/database';
import type { IntakeService } from '../intake/intake-service';
import type { ReviewService } from '../review/review-service';
import type { IntentRegistry } from '../intents/intent-registry';
import type { IntentRouter } from '../intents/intent-router';
import type { PortfolioService } from '../portfolio/portfolio-service';
import type { PortfolioFollowUps } from '../portfolio/portfolio-follow-ups';
import type { IncidentService } from '../portfolio/incidents/incident-service';
import type { TeamsGateway } from './outbound/teams-gateway';

/** Everything the Teams layer's routes need: configuration, storage and the domain services. */
export interface TeamsDeps {
  env: AppEnv;
  org: OrgConfig;
  directory: Directory;
  db: Database;
  logger: Logger;
  audit: AuditLog;
  conversations: ConversationDirectory;
  /** The one way to send outside a user's turn. */
  gateway: TeamsGateway;
  intake: IntakeService;
  review: ReviewService;
  announcements: AnnouncementService;
  /** The registered intents and the router that picks one for a message. */
  intents: { registry: IntentRegistry; router: IntentRouter };
  portfolio: PortfolioService;
  portfolioFollowUps: PortfolioFollowUps;
  incidents: IncidentService;
}
