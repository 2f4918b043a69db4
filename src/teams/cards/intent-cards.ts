import { type AdaptiveCard, card, commandButton, executeButton, md, text } from '../../cards/card-kit';
import type { IntentDefinition } from '../../intents/intent';

/** The Action.Execute verb of a clarifying question's buttons: `{ intent, text }`, checked again when it arrives. */
export const CHOOSE_INTENT_VERB = 'intent.choose';

/** One short question with a button for each reading of an ambiguous message. */
export function clarifyCard(message: string, options: IntentDefinition[]): AdaptiveCard {
  return card(
    [text('Which of these did you mean?', { weight: 'Bolder' })],
    options.map((o, i) =>
      executeButton(
        o.title,
        CHOOSE_INTENT_VERB,
        { intent: o.id, text: message.slice(0, 500) },
        i === 0 ? { style: 'positive' } : {},
      ),
    ),
    { fallbackText: `Which of these did you mean? ${options.map((o) => o.title).join(' or ')}` },
  );
}

/** The button under an answer about a process, that starts it. */
export function offerCard(intent: IntentDefinition): AdaptiveCard {
  return card(
    [text('Want to do it now?', { isSubtle: true })],
    [commandButton(intent.title, intent.command, 'positive')],
    { fallbackText: `Want to do it now? ${intent.title}` },
  );
}

/** After a refusal: what this person can do instead, as buttons (with the refusal itself when it is not sent as text). */
export function insteadCard(alternatives: IntentDefinition[], refusal?: string): AdaptiveCard {
  return card(
    [...(refusal ? [text(refusal, { weight: 'Bolder' })] : []), text('Here is what you can do:', { isSubtle: true })],
    alternatives.map((d) => commandButton(d.title, d.command)),
    { fallbackText: refusal ?? `Here is what you can do: ${alternatives.map((d) => d.title).join(', ')}` },
  );
}

/** Once a clarifying button is chosen, the question card shows the choice. */
export function choiceMadeCard(intent: IntentDefinition): AdaptiveCard {
  return card([text(md`You chose: **${intent.title}**`, { isSubtle: true })], [], {
    fallbackText: `You chose: ${intent.title}`,
  });
}
