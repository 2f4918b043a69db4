/**
 * The case on the review card: the essentials every reviewer needs (problem, users affected, data and classification,
 * model and hosting, pilot cost against the funding limits), the rest of the submission and the decision history
 * behind toggles, so the card stays short until someone asks for more.
 */
import { type CardElement, facts, md, text } from '../cards/card-kit';
import type { CaseAnswer, DecisionRecord, ReviewCase, ReviewState, Decision } from './review-types';

/** Element ids on the review card, for the toggles and for tests and E2E journeys. */
export const REVIEW_CARD_IDS = {
  case: 'review-case',
  cost: 'review-cost',
  fullSubmission: 'review-full-submission',
  history: 'review-history',
  feedback: 'review-feedback',
} as const;

/** The answers shown up front, in this order; everything else is under "Show full submission". */
const ESSENTIAL_IDS = [
  'problem',
  'affected',
  'scale',
  'dataClassification',
  'personalData',
  'hosting',
  'model',
  'pilotCostUsd',
];
const PROBLEM_PREVIEW_CHARS = 400;

const DECISION_VERBS: Record<Decision, string> = {
  approve: 'approved',
  reject: 'rejected',
  'request-changes': 'requested changes to',
};

function answersById(c: ReviewCase): Map<string, CaseAnswer> {
  return new Map(c.sections.flatMap((s) => s.answers).map((a) => [a.id, a]));
}

function preview(value: string): string {
  return value.length > PROBLEM_PREVIEW_CHARS ? `${value.slice(0, PROBLEM_PREVIEW_CHARS - 1).trimEnd()}…` : value;
}

/** The essentials block; empty for reviews stored before the card carried the case. */
export function caseEssentials(state: ReviewState): CardElement[] {
  const c = state.case;
  if (!c) return [];
  const a = answersById(c);
  const value = (id: string) => a.get(id)?.value ?? '—';
  // Parts left unanswered are dropped rather than shown as a dash in the middle of a line.
  const line = (...parts: string[]) => parts.filter((p) => p && !p.endsWith('—')).join(' · ') || '—';
  const cost = c.cost;
  return [
    {
      type: 'Container',
      id: REVIEW_CARD_IDS.case,
      spacing: 'Medium',
      items: [
        text('Problem', { weight: 'Bolder' }),
        text(preview(value('problem')), { spacing: 'None' }),
        facts([
          ['Users affected', line(value('affected'), value('scale'))],
          ['Data', line(value('dataClassification'), `personal data: ${value('personalData')}`)],
          ['Model and hosting', line(value('model'), value('hosting'))],
        ]),
        ...(cost
          ? [
              text(`Pilot cost: ${cost.amount}${cost.verdict ? `, ${cost.verdict}` : ''}`, {
                id: REVIEW_CARD_IDS.cost,
                spacing: 'Small',
                ...(cost.overLimit ? { color: 'Attention', weight: 'Bolder' } : {}),
              }),
            ]
          : []),
      ],
    },
  ];
}

/**
 * What the approver's stage checks beyond the essentials: the other answers its routing rule looks at (for example
 * "Customer-facing" for a legal stage routed on customers or customer-facing use).
 */
export function stageFocus(state: ReviewState, stageId: string): CardElement[] {
  const c = state.case;
  const ids = (c?.focus?.[stageId] ?? []).filter((id) => !ESSENTIAL_IDS.includes(id));
  const a = c ? answersById(c) : new Map<string, CaseAnswer>();
  const pairs = ids.flatMap((id) => {
    const answer = a.get(id);
    return answer ? [[answer.label, answer.value] as [string, string]] : [];
  });
  if (pairs.length === 0) return [];
  return [text('What your stage checks', { weight: 'Bolder', size: 'Small', spacing: 'Small' }), facts(pairs)];
}

function decisionLine(d: DecisionRecord, state: ReviewState, day: (iso: string) => string): string {
  const stage = state.stages.find((s) => s.id === d.stageId)?.name ?? d.stageId;
  return `${d.approverName} ${DECISION_VERBS[d.decision]} ${stage}${d.comment ? `: "${d.comment}"` : ''} (${day(d.at)})`;
}

function toggle(title: string, target: string): CardElement {
  return { type: 'Action.ToggleVisibility', title, targetElements: [target] };
}

/**
 * "Show full submission" and "History" toggles with their hidden sections: every answer not shown up front, by
 * wizard step, and the last ten decisions.
 */
export function collapsedSections(state: ReviewState, day: (iso: string) => string): CardElement[] {
  const shown = new Set(ESSENTIAL_IDS);
  const rest = (state.case?.sections ?? [])
    .map((s) => ({ title: s.title, answers: s.answers.filter((a) => !shown.has(a.id)) }))
    .filter((s) => s.answers.length > 0);
  const recent = state.decisions.slice(-10);
  const actions = [
    ...(rest.length ? [toggle('Show full submission', REVIEW_CARD_IDS.fullSubmission)] : []),
    ...(recent.length ? [toggle(`History (${recent.length})`, REVIEW_CARD_IDS.history)] : []),
  ];
  if (actions.length === 0) return [];
  return [
    { type: 'ActionSet', spacing: 'Medium', actions },
    ...(rest.length
      ? [
          {
            type: 'Container',
            id: REVIEW_CARD_IDS.fullSubmission,
            isVisible: false,
            items: rest.flatMap((s) => [
              text(md`**${s.title}**`, { spacing: 'Medium' }),
              facts(s.answers.map((a) => [a.label, a.value] as [string, string])),
            ]),
          },
        ]
      : []),
    ...(recent.length
      ? [
          {
            type: 'Container',
            id: REVIEW_CARD_IDS.history,
            isVisible: false,
            items: recent.map((d) => text(decisionLine(d, state, day), { spacing: 'Small', size: 'Small' })),
          },
        ]
      : []),
  ];
}
