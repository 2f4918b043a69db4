/** Adaptive Cards of the review (plain JSON): the review card in its three views, notices to submitters, the waiting list. */
import { label } from '../intake/use-case-facts';
import { type AdaptiveCard, type CardElement, card, executeButton, facts, heading, md, text } from '../cards/card-kit';
import { REVIEW_CARD_IDS, caseEssentials, collapsedSections, stageFocus } from './review-case-card';
import { pendingInStage } from './review-machine';
import type { ReviewFeedback, ReviewRules, ReviewState, ReviewStatus, StageState } from './review-types';

/** Universal Action verbs of the review card. */
export const REVIEW_VERBS = {
  approve: 'review.approve',
  reject: 'review.reject',
  requestChanges: 'review.requestChanges',
  refresh: 'review.refresh',
  open: 'review.open',
} as const;

/** The longest decision comment: the card's comment box and the server's check both use it. */
export const REVIEW_COMMENT_MAX_LENGTH = 2000;

/** Teams shows a user-specific view to at most 60 people per card. */
export const MAX_REFRESH_USERS = 60;

const MAX_WAITING_ROWS = 20;

const STATUS_LABELS: Record<ReviewStatus, string> = {
  'in-review': 'In review',
  'changes-requested': 'Changes requested: waiting for the submitter',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn by the submitter',
};

/** Who is looking at a review card: an approver with a decision to make on `stage`, the submitter, or anyone else. */
export type ReviewViewer = { kind: 'approver'; stage: StageState } | { kind: 'submitter' } | { kind: 'observer' };

/** A short date such as "Tue 3 Nov 2026" (UTC). */
export function formatDay(iso: string | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** One line on where a stage stands, e.g. "Waiting for Alex Wilber, Adele Vance (1 of 2 approvals) · due Tue 3 Nov 2026". */
export function stageStatusLine(stage: StageState, state: ReviewState, rules: ReviewRules): string {
  const approvedBy = stage.approvals.map((a) => a.approverName).join(', ');
  switch (stage.status) {
    case 'approved':
      return `Approved by ${approvedBy || 'earlier approvals'}`;
    case 'rejected': {
      const by = [...state.decisions].reverse().find((d) => d.stageId === stage.id && d.decision === 'reject');
      return `Rejected${by ? ` by ${by.approverName}` : ''}`;
    }
    case 'cancelled':
      return 'Cancelled';
    case 'waiting': {
      const names = stage.after.map((id) => state.stages.find((s) => s.id === id)?.name ?? id);
      return names.length ? `Starts after ${names.join(', ')}` : 'Not started';
    }
    case 'active': {
      if (state.status === 'changes-requested') return 'Paused while the submitter makes changes';
      const people = pendingInStage(stage, state, rules).map((p) => p.name);
      const progress =
        stage.policy.type === 'quorum'
          ? ` (${stage.approvals.length} of ${stage.policy.n} approvals)`
          : stage.policy.type === 'all' && stage.approvals.length
            ? ` (approved so far by ${approvedBy})`
            : '';
      return `Waiting for ${people.join(', ') || 'an approver'}${progress} · due ${formatDay(stage.dueAt)}`;
    }
  }
}

function stagesBlock(state: ReviewState, rules: ReviewRules): CardElement[] {
  if (state.stages.length === 0) return [];
  return [
    text('Review stages', { weight: 'Bolder', spacing: 'Medium' }),
    ...state.stages.flatMap((s) => [
      text(md`**${s.name}**: ${stageStatusLine(s, state, rules)}`, { spacing: 'Small' }),
      text(s.explanation, { isSubtle: true, size: 'Small', spacing: 'None' }),
    ]),
  ];
}

function decisionBlock(state: ReviewState, stage: StageState): CardElement[] {
  return [
    {
      type: 'Container',
      style: 'accent',
      spacing: 'Medium',
      items: [
        text(md`**Your decision: ${stage.name}**`),
        text(
          'Approve, reject, or send it back to the submitter. Conditions on an approval go in the comment; a comment is required to reject or request changes.',
          { isSubtle: true, size: 'Small', spacing: 'None' },
        ),
        ...stageFocus(state, stage.id),
        {
          type: 'Input.Text',
          id: 'comment',
          label: 'Comment',
          isMultiline: true,
          maxLength: REVIEW_COMMENT_MAX_LENGTH,
          placeholder: 'What should the submitter know?',
        },
      ],
    },
  ];
}

/** What the person's last action came to, last in the body so it sits right above the buttons they just used. */
function feedbackBlock(feedback: ReviewFeedback | undefined): CardElement[] {
  if (!feedback) return [];
  const error = feedback.tone === 'error';
  return [
    text(feedback.text, {
      id: REVIEW_CARD_IDS.feedback,
      weight: 'Bolder',
      color: error ? 'Attention' : 'Good',
      spacing: 'Medium',
    }),
  ];
}

/**
 * The review card. Everyone sees the use case, its tier, the essentials of the case (the rest of the submission and
 * the decisions behind toggles) and each stage with its reason and status; an approver with a pending decision also
 * gets a comment box and Approve / Request changes / Reject, which carry only the review id and version, and the
 * feedback on their last action right above those buttons. While the review is open the card refreshes itself for
 * `refreshUserIds` (Entra object ids).
 */
export function reviewCard(
  state: ReviewState,
  options: {
    viewer: ReviewViewer;
    rules: ReviewRules;
    refreshUserIds: string[];
    notice?: string;
    feedback?: ReviewFeedback;
  },
): AdaptiveCard {
  const { viewer } = options;
  const body: CardElement[] = [
    heading(`${state.useCaseCode}: ${state.title}`, {
      subtle: `Ethics and risk review · submitted by ${state.submitterName}`,
    }),
    ...(options.notice ? [text(options.notice, { weight: 'Bolder', color: 'Accent' })] : []),
    facts([
      ['Status', STATUS_LABELS[state.status]],
      ['Risk tier', label(state.tier)],
      ...(state.tierReasons.length
        ? ([['Tier reasons', state.tierReasons.join('; ')]] as Array<[string, string]>)
        : []),
    ]),
    ...(state.autoRejectReasons
      ? [text(`Rejected automatically at submission: ${state.autoRejectReasons.join('; ')}.`, { color: 'Attention' })]
      : []),
    ...caseEssentials(state),
    ...stagesBlock(state, options.rules),
    ...collapsedSections(state, formatDay),
    ...(viewer.kind === 'submitter'
      ? [
          text('You submitted this use case. I will tell you about every decision.', {
            isSubtle: true,
            spacing: 'Medium',
          }),
        ]
      : []),
    ...(viewer.kind === 'approver' ? decisionBlock(state, viewer.stage) : []),
    ...feedbackBlock(options.feedback),
  ];
  const data = { reviewId: state.id, version: state.version };
  const actions =
    viewer.kind === 'approver'
      ? [
          executeButton('Approve', REVIEW_VERBS.approve, data, { style: 'positive' }),
          executeButton('Request changes', REVIEW_VERBS.requestChanges, data),
          executeButton('Reject', REVIEW_VERBS.reject, data, { style: 'destructive' }),
        ]
      : [];
  const open = state.status === 'in-review' || state.status === 'changes-requested';
  const extra = open
    ? {
        refresh: {
          action: executeButton('Refresh', REVIEW_VERBS.refresh, { reviewId: state.id }),
          userIds: options.refreshUserIds.slice(0, MAX_REFRESH_USERS),
        },
      }
    : {};
  return card(body, actions, extra);
}

/** A short card for the submitter (or a group) about something that happened to a review. */
export function reviewNoticeCard(state: ReviewState, title: string, lines: string[], rules: ReviewRules): AdaptiveCard {
  return card([
    heading(title, { subtle: `${state.useCaseCode}: ${state.title}` }),
    ...lines.map((l) => text(l)),
    ...stagesBlock(state, rules),
  ]);
}

/** The list behind "what is waiting for me?": one row per review, oldest first, each with an Open button. */
export function waitingListCard(items: Array<{ state: ReviewState; stage: StageState }>): AdaptiveCard {
  if (items.length === 0)
    return card([heading('Nothing is waiting for you'), text('No review needs your decision right now.')]);
  return card([
    heading('Waiting for your decision', {
      subtle: `${items.length} review${items.length === 1 ? '' : 's'}, oldest first`,
    }),
    ...items.slice(0, MAX_WAITING_ROWS).map(({ state, stage }) => ({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        text(md`**${state.useCaseCode}: ${state.title}**`),
        text(
          `${stage.name} · ${label(state.tier)} tier · waiting since ${formatDay(stage.startedAt)} · due ${formatDay(stage.dueAt)}`,
          { isSubtle: true, spacing: 'None', size: 'Small' },
        ),
        {
          type: 'ActionSet',
          actions: [executeButton(`Open ${state.useCaseCode}`, REVIEW_VERBS.open, { reviewId: state.id })],
        },
      ],
    })),
    ...(items.length > MAX_WAITING_ROWS
      ? [text(`${items.length - MAX_WAITING_ROWS} more are not shown; decide on the oldest first.`, { isSubtle: true })]
      : []),
  ]);
}
