import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from '../observability/logger';
import { type Refusal, refusalText } from '../runtime/outcome';
import { turnLogger } from './turn-helpers';
import { answerCardAction } from './invoke-response';

/**
 * The one way a capability's refusal reaches the person: its plain sentence, as the message answer of an
 * Action.Execute (the card stays as it was) or as a chat message. Logged at info with its code. Returns the sentence,
 * so an Action.Execute handler can return it (teams-ai sends nothing more once the invoke is answered).
 */
export async function replyWithRefusal(
  context: TurnContext,
  refusal: Refusal,
  logger: Logger,
  what = 'request',
): Promise<string> {
  const message = refusalText(refusal);
  turnLogger(context, logger).info(`${what} refused`, { code: refusal.code });
  const a = context.activity;
  if (a.type === ActivityTypes.Invoke && a.name === 'adaptiveCard/action') {
    await answerCardAction(context, message);
  } else if (a.type === ActivityTypes.Message) {
    await context.sendActivity({ type: ActivityTypes.Message, text: message });
  }
  return message;
}
