import { type AdaptiveCard, card, commandButton, text } from '../../cards/card-kit';

/** What a person sees when a turn fails: a plain sentence and a reference id for support, never a stack trace. */
export function errorCard(options: { message: string; reference: string; retryable?: boolean }): AdaptiveCard {
  return card(
    [
      {
        type: 'TextBlock',
        text: 'Something went wrong',
        weight: 'Bolder',
        size: 'Medium',
        color: 'Attention',
        wrap: true,
      },
      text(options.message),
      text(`Reference: ${options.reference}`, { isSubtle: true, size: 'Small', spacing: 'Small' }),
    ],
    options.retryable ? [] : [commandButton('Show help', 'help')],
    { fallbackText: `Something went wrong: ${options.message}` },
  );
}
