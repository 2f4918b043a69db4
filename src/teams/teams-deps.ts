import type { AppEnv } from '../config/env';
import type { Directory } from '../directory/directory';
import type { OrgConfig } from '../org-settings';
import type { Logger } from '../observability/logger';
import type { ConversationDirectory } from '../store/conversation-directory';
import type { IntentRegistry } from '../intents/intent-registry';
import type { IntentRouter } from '../intents/intent-router';
import type { TeamsGateway } from './outbound/teams-gateway';

/**
 * What every Teams route shares: settings, who is who, the logger, the conversation references and the way out to
 * Teams. A capability's own services reach its routes from its module (src/modules/), not through here.
 */
export interface TeamsDeps {
  env: AppEnv;
  org: OrgConfig;
  directory: Directory;
  logger: Logger;
  conversations: ConversationDirectory;
  /** The one way to send outside a user's turn. */
  gateway: TeamsGateway;
  /** The registered intents and the router that picks one for a message. */
  intents: { registry: IntentRegistry; router: IntentRouter };
}
