import { announcementIntents } from '../announcements/announcement-intents';
import { intakeIntents } from '../intake/intake-intents';
import { ADMIN_ONLY } from '../intake/intake-service';
import { knowledgeIntents } from '../knowledge/knowledge-intents';
import { reviewIntents } from '../review/review-intents';
import { assistantIntents } from './assistant-intents';
import { IntentRegistry } from './intent-registry';

/** Every capability's intents in one registry; the announcement categories come from the CoE configuration. */
export function buildIntentRegistry(options: { categories: readonly string[] }): IntentRegistry {
  return new IntentRegistry([
    ...assistantIntents(),
    ...intakeIntents({ adminOnlyRefusal: ADMIN_ONLY }),
    ...reviewIntents(),
    ...announcementIntents({ categories: options.categories }),
    ...knowledgeIntents(),
  ]);
}
