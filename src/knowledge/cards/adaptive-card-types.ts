import {
  type CardAction as KitAction,
  type CardElement as KitElement,
  card,
  escapeMarkdown,
} from '../../cards/card-kit';
/** The subset of Adaptive Card 1.5 that the knowledge cards use, typed so builders cannot misspell an element. */

export type TextSize = 'small' | 'default' | 'medium' | 'large' | 'extraLarge';
export type TextWeight = 'lighter' | 'default' | 'bolder';
export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';
export type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large' | 'extraLarge' | 'padding';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: TextSize;
  weight?: TextWeight;
  color?: TextColor;
  isSubtle?: boolean;
  spacing?: Spacing;
  separator?: boolean;
  maxLines?: number;
}

export interface FactSet {
  type: 'FactSet';
  facts: Array<{ title: string; value: string }>;
  spacing?: Spacing;
}

export interface InputText {
  type: 'Input.Text';
  id: string;
  label?: string;
  placeholder?: string;
  isMultiline?: boolean;
  isRequired?: boolean;
  errorMessage?: string;
  maxLength?: number;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  spacing?: Spacing;
  separator?: boolean;
}

export type CardElement = TextBlock | FactSet | InputText | Container;

export interface ActionExecute {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data?: Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
  associatedInputs?: 'auto' | 'none';
}

export interface ActionOpenUrl {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type CardAction = ActionExecute | ActionOpenUrl;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  fallbackText?: string;
}

/** Wraps elements and actions in a version 1.5 card. */
export function adaptiveCard(body: CardElement[], actions: CardAction[] = [], fallbackText?: string): AdaptiveCard {
  return card(
    body as unknown as KitElement[],
    actions as unknown as KitAction[],
    fallbackText ? { fallbackText } : {},
  ) as unknown as AdaptiveCard;
}

/** Card text is Markdown: keep user-written text from turning into links, headings or lists (the card kit's escaping). */
export const plainText = escapeMarkdown;
