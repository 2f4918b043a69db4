/** Small typed builders for Adaptive Card 1.5 JSON, shared by every capability's cards; plain JSON, no bot-framework types, so the domain can use them. */

export type CardElement = Record<string, unknown>;
export type CardAction = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: { action: CardAction; userIds?: string[] };
  msteams?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A full-width Adaptive Card 1.5 with the given body and actions. */
export function card(body: CardElement[], actions: CardAction[] = [], extra: Partial<AdaptiveCard> = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    ...extra,
  };
}

export function heading(text: string, options: { subtle?: string; icon?: string } = {}): CardElement {
  return {
    type: 'Container',
    style: 'emphasis',
    bleed: true,
    items: [
      { type: 'TextBlock', text, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
      ...(options.subtle ? [{ type: 'TextBlock', text: options.subtle, isSubtle: true, spacing: 'None', wrap: true }] : []),
    ],
  };
}

export function text(value: string, options: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

export function facts(pairs: Array<[string, string]>): CardElement {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value: value || '—' })) };
}

/** A button that behaves as if the user had typed `command` (works in every Teams scope). */
export function commandButton(title: string, command: string, style?: 'positive' | 'destructive'): CardAction {
  return { type: 'Action.Submit', title, ...(style ? { style } : {}), data: { msteams: { type: 'imBack', value: command } } };
}

/** A Universal Action (Action.Execute) carrying a verb and data; Teams answers with an `adaptiveCard/action` invoke. */
export function executeButton(title: string, verb: string, data: Record<string, unknown> = {}, options: { style?: 'positive' | 'destructive'; associatedInputs?: 'auto' | 'none' } = {}): CardAction {
  return { type: 'Action.Execute', title, verb, data, ...(options.style ? { style: options.style } : {}), ...(options.associatedInputs ? { associatedInputs: options.associatedInputs } : {}) };
}

export function openUrlButton(title: string, url: string): CardAction {
  return { type: 'Action.OpenUrl', title, url };
}
