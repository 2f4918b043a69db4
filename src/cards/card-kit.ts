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

/**
 * Markdown that is allowed to format: text we wrote ourselves, or playbook and announcement content authored by CoE
 * staff. Anything else reaching a card is user-provided and is escaped. Build it with `md` (our markup around
 * escaped values) or `trustedMarkdown` (a whole trusted string), never from user text.
 */
export class Markdown {
  constructor(readonly source: string) {}
}

/** Text for a card: a plain string is shown exactly as written (escaped); a `Markdown` value formats. */
export type CardText = string | Markdown;

/**
 * Escapes a string for an Adaptive Card TextBlock or FactSet, whose text is read as markdown: emphasis, code, links
 * (`[x](y)`), autolinks (`<https://…>`), and headings, quotes or lists at the start of a line all become literal
 * characters (a `#` or `>` inside a line means nothing, so "Draft #3" stays as it is). Teams honours backslash
 * escapes, so the person sees exactly what was typed.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/([\\`*_~[\]<])/g, '\\$1')
    .replace(/^(\s*)([#>])/gm, '$1\\$2')
    .replace(
      /^(\s*)([-+]|\d+[.)])(?=\s|$)/gm,
      (_m, space: string, marker: string) =>
        `${space}${marker.length === 1 ? `\\${marker}` : `${marker.slice(0, -1)}\\${marker.slice(-1)}`}`,
    );
}

/** Markdown from a trusted author (the playbooks, CoE staff's announcement body): passed through unescaped. */
export function trustedMarkdown(value: string): Markdown {
  return new Markdown(value);
}

/** Our own markup with values inserted: strings and numbers are escaped, `Markdown` values are kept as they are. */
export function md(strings: TemplateStringsArray, ...values: Array<string | number | Markdown>): Markdown {
  let out = strings[0];
  values.forEach((v, i) => {
    out += (v instanceof Markdown ? v.source : escapeMarkdown(String(v))) + strings[i + 1];
  });
  return new Markdown(out);
}

/** The card text for a value: escaped unless it is trusted `Markdown`. */
export function cardText(value: CardText): string {
  return value instanceof Markdown ? value.source : escapeMarkdown(value);
}

/**
 * A fenced code block for a message (CSV or JSON exports). Backtick runs inside are broken up with a zero-width
 * space, so no value (a question containing ``` for example) can close the fence and turn the rest into markdown.
 */
export function codeBlock(body: string, language = ''): string {
  return '```' + language + '\n' + body.replace(/`(?=`)/g, '`\u200b') + '\n```';
}

export function heading(title: CardText, options: { subtle?: CardText; icon?: string } = {}): CardElement {
  return {
    type: 'Container',
    style: 'emphasis',
    bleed: true,
    items: [
      { type: 'TextBlock', text: cardText(title), size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
      ...(options.subtle
        ? [{ type: 'TextBlock', text: cardText(options.subtle), isSubtle: true, spacing: 'None', wrap: true }]
        : []),
    ],
  };
}

/** A wrapping TextBlock. A plain string is escaped (shown as typed); pass `md`/`trustedMarkdown` to format. */
export function text(value: CardText, options: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: cardText(value), wrap: true, ...options };
}

/** A FactSet; titles and values are escaped unless given as `Markdown`. */
export function facts(pairs: Array<[CardText, CardText]>): CardElement {
  return {
    type: 'FactSet',
    facts: pairs.map(([title, value]) => ({
      title: cardText(title),
      value: value instanceof Markdown ? value.source || '—' : value ? escapeMarkdown(value) : '—',
    })),
  };
}

/** A button that behaves as if the user had typed `command` (works in every Teams scope). */
export function commandButton(title: string, command: string, style?: 'positive' | 'destructive'): CardAction {
  return {
    type: 'Action.Submit',
    title,
    ...(style ? { style } : {}),
    data: { msteams: { type: 'imBack', value: command } },
  };
}

/** A Universal Action (Action.Execute) carrying a verb and data; Teams answers with an `adaptiveCard/action` invoke. */
export function executeButton(
  title: string,
  verb: string,
  data: Record<string, unknown> = {},
  options: { style?: 'positive' | 'destructive'; associatedInputs?: 'auto' | 'none' } = {},
): CardAction {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data,
    ...(options.style ? { style: options.style } : {}),
    ...(options.associatedInputs ? { associatedInputs: options.associatedInputs } : {}),
  };
}

export function openUrlButton(title: string, url: string): CardAction {
  return { type: 'Action.OpenUrl', title, url };
}
