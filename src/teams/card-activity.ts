import { type Activity, ActivityTypes, CardFactory } from 'botbuilder';

/**
 * The one way a card becomes a message: an Adaptive Card attachment on a message activity, with optional extras
 * (a notification summary, text and mention entities). Without a summary of its own, the card's one-line
 * `fallbackText` is the summary Teams shows in notifications and chat previews (instead of "Send a card").
 */
export function cardActivity(card: object, extra: Partial<Activity> = {}): Partial<Activity> {
  const fallback = (card as { fallbackText?: unknown }).fallbackText;
  const summary = typeof fallback === 'string' && fallback ? { summary: fallback } : {};
  return { type: ActivityTypes.Message, ...summary, ...extra, attachments: [CardFactory.adaptiveCard(card)] };
}
