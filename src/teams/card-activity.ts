import { type Activity, ActivityTypes, CardFactory } from 'botbuilder';

/**
 * The one way a card becomes a message: an Adaptive Card attachment on a message activity, with optional extras
 * (a notification summary, text and mention entities).
 */
export function cardActivity(card: object, extra: Partial<Activity> = {}): Partial<Activity> {
  return { type: ActivityTypes.Message, ...extra, attachments: [CardFactory.adaptiveCard(card)] };
}
