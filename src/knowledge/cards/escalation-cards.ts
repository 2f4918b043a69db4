import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  card,
  escapeMarkdown as plainText,
} from '../../cards/card-kit';
import { ANSWER_INPUT_ID, ANSWER_MAX_LENGTH, ESCALATION_VERBS } from './escalation-verbs';

const heading = (text: string): CardElement => ({
  type: 'TextBlock',
  text,
  size: 'medium',
  weight: 'bolder',
  wrap: true,
});
const quote = (text: string): CardElement => ({
  type: 'Container',
  style: 'emphasis',
  items: [{ type: 'TextBlock', text: plainText(text), wrap: true }],
});

/** A version 1.5 card from the card kit, with the text Teams shows where the card cannot be rendered. */
const adaptiveCard = (body: CardElement[], actions: CardAction[], fallbackText: string): AdaptiveCard =>
  card(body, actions, { fallbackText });

/** The card posted in the experts' channel: the question, who asked, a field for the answer and "Send answer". */
export function expertQuestionCard(input: {
  escalationId: string;
  question: string;
  askerName: string;
  askedAt?: Date;
}): AdaptiveCard {
  return adaptiveCard(
    [
      heading('A question for the CoE experts'),
      {
        type: 'TextBlock',
        text: `${plainText(input.askerName)} asked this and the knowledge base has no answer:`,
        wrap: true,
        isSubtle: true,
      },
      quote(input.question),
      ...(input.askedAt
        ? [
            {
              type: 'FactSet',
              facts: [{ title: 'Asked', value: input.askedAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' }],
            } as CardElement,
          ]
        : []),
      {
        type: 'Input.Text',
        id: ANSWER_INPUT_ID,
        label: 'Your answer',
        placeholder: 'Write the answer the person will receive',
        isMultiline: true,
        isRequired: true,
        errorMessage: 'Please write an answer before sending.',
        maxLength: ANSWER_MAX_LENGTH,
      },
    ],
    [
      {
        type: 'Action.Execute',
        title: 'Send answer',
        verb: ESCALATION_VERBS.answer,
        data: { escalationId: input.escalationId },
        style: 'positive',
      },
    ],
    `Question from ${input.askerName}: ${input.question}`,
  );
}

/** Replaces the expert card once answered: shows the answer, and "Add to knowledge base" until it has been added. */
export function escalationAnsweredCard(input: {
  escalationId: string;
  question: string;
  askerName: string;
  answer: string;
  expertName: string;
  addedToKnowledgeBase?: boolean;
}): AdaptiveCard {
  return adaptiveCard(
    [
      heading('Answered'),
      { type: 'TextBlock', text: `Question from ${plainText(input.askerName)}:`, wrap: true, isSubtle: true },
      quote(input.question),
      {
        type: 'TextBlock',
        text: `Answer from ${plainText(input.expertName)}:`,
        wrap: true,
        isSubtle: true,
        spacing: 'medium',
      },
      { type: 'TextBlock', text: plainText(input.answer), wrap: true },
      ...(input.addedToKnowledgeBase
        ? [
            {
              type: 'TextBlock',
              text: 'Added to the knowledge base.',
              color: 'good',
              wrap: true,
              spacing: 'medium',
            } as CardElement,
          ]
        : []),
    ],
    input.addedToKnowledgeBase
      ? []
      : [
          {
            type: 'Action.Execute',
            title: 'Add to knowledge base',
            verb: ESCALATION_VERBS.addToKnowledgeBase,
            data: { escalationId: input.escalationId },
          },
        ],
    `${input.expertName} answered: ${input.answer}`,
  );
}

/** The card the asker receives with the expert's answer. */
export function expertAnswerForAskerCard(input: {
  question: string;
  answer: string;
  expertName: string;
}): AdaptiveCard {
  return adaptiveCard(
    [
      heading('The CoE experts answered your question'),
      quote(input.question),
      { type: 'TextBlock', text: plainText(input.answer), wrap: true, spacing: 'medium' },
      {
        type: 'TextBlock',
        text: `Answered by ${plainText(input.expertName)}`,
        isSubtle: true,
        size: 'small',
        wrap: true,
      },
    ],
    [],
    `${input.expertName} answered your question: ${input.answer}`,
  );
}

/** The answer card when the knowledge base does not cover a question, offering "Ask the CoE". */
export function notCoveredCard(input: { question: string; text?: string }): AdaptiveCard {
  const said = input.text ?? "I couldn't find this in the CoE knowledge base, so I won't guess.";
  // The composed refusal usually says already where the experts' answer goes; the card never says it twice.
  const offer = /answer comes back to you here/i.test(said)
    ? []
    : [
        {
          type: 'TextBlock' as const,
          text: 'The CoE experts can answer it. Their answer comes back to you here.',
          wrap: true,
          isSubtle: true,
        },
      ];
  return adaptiveCard(
    [{ type: 'TextBlock', text: plainText(said), wrap: true }, ...offer],
    [
      {
        type: 'Action.Execute',
        title: 'Ask the CoE',
        verb: ESCALATION_VERBS.create,
        data: { question: input.question },
      },
    ],
    "This isn't covered by the knowledge base yet. Ask the CoE experts.",
  );
}
