import {
  type AdaptiveCard,
  type CardElement,
  card,
  commandButton,
  executeButton,
  heading,
  md,
  text,
} from '../../cards/card-kit';
import type { KnowledgeGap } from './knowledge-gaps';

/** Action.Execute verbs of the gap card; the data carries the chosen gap's normalised question (`key`) only. */
export const GAP_VERBS = {
  answer: 'coe.gap.answer',
  playbooks: 'coe.gap.playbooks',
  dismiss: 'coe.gap.dismiss',
} as const;

/** At most this many gaps on the card (the CSV has them all), and this many recently answered ones. */
export const GAPS_SHOWN = 8;
const ANSWERED_SHOWN = 5;

/** What the last click did, shown right above the list's closing buttons. */
export interface GapFeedback {
  tone: 'good' | 'warning';
  text: string;
}

function ask(n: number, word: string): string {
  return `${n} ${word}`;
}

/** One gap: the question, how often and how it failed, and the thumbs-down comments. */
function gapItem(gap: KnowledgeGap, withExperts: boolean): CardElement {
  const how = [
    gap.unanswered ? ask(gap.unanswered, 'not covered') : undefined,
    gap.dislikes ? ask(gap.dislikes, 'thumbs down') : undefined,
  ].filter(Boolean);
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      text(md`**${gap.total}×** ${gap.question}`),
      text(`${how.join(', ')}${withExperts ? ' · with the CoE experts' : ''}`, {
        isSubtle: true,
        size: 'Small',
        spacing: 'None',
      }),
      ...gap.comments.map((c) => text(`“${c}”`, { isSubtle: true, spacing: 'Small' })),
    ],
  };
}

/** The id of the input naming the gap the card's buttons act on. */
export const GAP_INPUT_ID = 'key';

/**
 * Which gap the buttons act on: the first open one unless another is chosen. The buttons are the card's own
 * actions: every host sends those (the Agents Playground ignores Action.Execute in a body ActionSet).
 */
function gapPicker(gaps: KnowledgeGap[]): CardElement {
  return {
    type: 'Input.ChoiceSet',
    id: GAP_INPUT_ID,
    label: 'Question to act on',
    style: 'compact',
    separator: true,
    spacing: 'Medium',
    value: gaps[0].normalizedQuestion,
    choices: gaps.map((g) => ({
      title: g.question.length > 90 ? `${g.question.slice(0, 89)}…` : g.question,
      value: g.normalizedQuestion,
    })),
  };
}

/**
 * The CoE admins' knowledge gaps: the open questions the playbooks did not answer well, most frequent first, each
 * with its thumbs-down comments, and three buttons for the chosen question: Answer (sends it to the CoE experts through
 * Ask the CoE; the answer comes back to this chat), Add to playbooks (on the writing backlog) and Dismiss. A question an expert has
 * answered, or that was dismissed or put on the backlog, leaves the list until someone asks it again.
 */
export function knowledgeGapsCard(
  gaps: KnowledgeGap[],
  options: {
    withExperts?: ReadonlySet<string>;
    /** Questions an expert answered since they were asked: off the list, behind a collapsed "Answered" section. */
    answered?: KnowledgeGap[];
    feedback?: GapFeedback;
    csvOffered?: boolean;
  } = {},
): AdaptiveCard {
  const shown = gaps.slice(0, GAPS_SHOWN);
  const answered = (options.answered ?? []).slice(0, ANSWERED_SHOWN);
  const body: CardElement[] = [
    heading('Knowledge gaps', { subtle: 'Most frequent unanswered or thumbs-down questions' }),
    ...(shown.length
      ? shown.map((g) => gapItem(g, options.withExperts?.has(g.normalizedQuestion) ?? false))
      : [text('No open gaps: every unanswered or thumbs-down question has been dealt with.', { spacing: 'Medium' })]),
    ...(gaps.length > shown.length
      ? [text(`${gaps.length - shown.length} more in the CSV.`, { isSubtle: true, size: 'Small' })]
      : []),
    ...(answered.length
      ? [
          {
            type: 'ActionSet',
            separator: true,
            spacing: 'Medium',
            actions: [
              {
                type: 'Action.ToggleVisibility',
                title: `Answered by the experts (${answered.length})`,
                targetElements: ['answered'],
              },
            ],
          },
          {
            type: 'Container',
            id: 'answered',
            isVisible: false,
            items: answered.map((g) => text(g.question, { isSubtle: true, size: 'Small', spacing: 'Small' })),
          },
        ]
      : []),
  ];
  if (shown.length) body.push(gapPicker(shown));
  if (options.feedback)
    body.push({
      type: 'Container',
      id: 'feedback',
      style: options.feedback.tone === 'good' ? 'good' : 'warning',
      separator: true,
      spacing: 'Medium',
      items: [text(options.feedback.text)],
    });
  const count = gaps.length === 1 ? '1 open question' : `${gaps.length} open questions`;
  const actions = [
    ...(shown.length
      ? [
          executeButton('Answer', GAP_VERBS.answer, {}, { style: 'positive' }),
          executeButton('Add to playbooks', GAP_VERBS.playbooks, {}),
          executeButton('Dismiss', GAP_VERBS.dismiss, {}),
        ]
      : []),
    ...(options.csvOffered === false ? [] : [commandButton('As CSV', 'knowledge gaps csv')]),
  ];
  return card(body, actions, {
    fallbackText: `Knowledge gaps: ${count}${shown[0] ? `, most asked: ${shown[0].question}` : ''}`.slice(0, 150),
  });
}
