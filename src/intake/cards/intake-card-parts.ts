import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  card,
  executeButton,
  md,
  text,
} from '../../cards/card-kit';
import type { TierResult } from '../risk-tier';
import type { Notice } from '../intake-outcome';
import { type RiskTier, label } from '../use-case-facts';

/**
 * An Adaptive Card 1.5 root for intake cards. Unlike card-kit's `card()` it adds no `msteams` property:
 * the official 1.5 schema does not allow it on the card, and every intake card must validate against that schema.
 * Every card says in one plain line what it is (`fallbackText`, also the chat preview and notification text).
 */
export function intakeCardRoot(
  body: CardElement[],
  actions: CardAction[] = [],
  extra: { fallbackText: string; refresh?: AdaptiveCard['refresh'] },
): AdaptiveCard {
  return card(body, actions, {
    ...(extra.refresh ? { refresh: extra.refresh } : {}),
    fallbackText: plainPreview(extra.fallbackText),
  });
}

/** One line for chat previews and notifications: no markdown, no line breaks, at most 150 characters. */
export function plainPreview(textValue: string): string {
  const flat = textValue
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > 150 ? `${flat.slice(0, 149)}…` : flat;
}

/**
 * An Action.Execute button with an Action.Submit fallback carrying the same data plus `verb`,
 * for hosts without Universal Actions.
 */
export function intakeButton(
  title: string,
  verb: string,
  data: Record<string, unknown>,
  options: { style?: 'positive' | 'destructive'; associatedInputs?: 'auto' | 'none' } = {},
): CardAction {
  const fallback = {
    type: 'Action.Submit',
    title,
    data: { ...data, verb },
    ...(options.style ? { style: options.style } : {}),
    ...(options.associatedInputs ? { associatedInputs: options.associatedInputs } : {}),
  };
  return { ...executeButton(title, verb, data, options), fallback };
}

/** A row of buttons inside the card body. */
export function actionSet(actions: CardAction[], options: Record<string, unknown> = {}): CardElement {
  return { type: 'ActionSet', actions, ...options };
}

const NOTICE_STYLE: Record<Notice['tone'], string> = { info: 'accent', good: 'good', warning: 'warning' };

/** A coloured box with a short message. */
export function noticeBox(notice: Notice): CardElement {
  return { type: 'Container', style: NOTICE_STYLE[notice.tone], items: [text(notice.text)], spacing: 'Medium' };
}

const TIER_STYLE: Record<RiskTier, string> = {
  prohibited: 'attention',
  high: 'warning',
  limited: 'accent',
  minimal: 'good',
};

/** The tier with every reason, e.g. "High because:" followed by the matching rules. */
export function tierBox(result: TierResult, heading: string): CardElement {
  return {
    type: 'Container',
    style: TIER_STYLE[result.tier],
    spacing: 'Medium',
    items: [
      text(md`**${heading}: ${label(result.tier)}** because:`),
      ...result.reasons.map((r) => text(`• ${r}`, { spacing: 'Small' })),
    ],
  };
}

/** The explanation shown as soon as a prohibited practice is ticked (playbooks/risk-tiers.md, Prohibited tier). */
export function prohibitedWarning(practices: string[]): CardElement {
  return {
    type: 'Container',
    style: 'attention',
    spacing: 'Medium',
    items: [
      text(md`**Prohibited practice:** ${practices.join('; ')}`),
      text(
        'The EU AI Act prohibits this practice and the organisation will not do it. A use case that involves it is Prohibited: it is rejected automatically at submission and the AI Ethics Board is informed, with no appeal through the review process.',
      ),
      text(
        'If you ticked it by mistake, choose "None of these" instead. Otherwise, please talk to the CoE before going further.',
        { spacing: 'Small' },
      ),
    ],
  };
}

export { formatWhen } from '../card-dates';

/** A message placed right above the buttons, where the person's eyes are after clicking one. */
export function feedbackBox(notice: Notice): CardElement {
  return { ...noticeBox(notice), id: 'feedback', separator: true };
}
