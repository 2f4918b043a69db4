import type { AdaptiveCard } from '../cards/card-kit';
import { reviewCard, type ReviewViewer, MAX_REFRESH_USERS } from './review-cards';
import { pendingApprovers, pendingStageFor } from './review-machine';
import type { ReviewFeedback, ReviewRules, ReviewState, ReviewView } from './review-types';

/** Who should get a personal view of the card: the submitter and everyone with a pending decision (at most 60, Teams' limit). */
export function refreshUserIds(state: ReviewState, rules: ReviewRules): string[] {
  const ids = [state.submitterId, ...pendingApprovers(state, rules).flatMap(({ people }) => people.map((p) => p.id))];
  return [...new Set(ids)].slice(0, MAX_REFRESH_USERS);
}

/** How a person sees the review: approver (with a pending decision), submitter, or observer. */
export function viewerOf(state: ReviewState, personId: string | undefined, rules: ReviewRules): ReviewViewer {
  const stage = personId ? pendingStageFor(state, personId, rules) : undefined;
  if (stage) return { kind: 'approver', stage };
  return personId === state.submitterId ? { kind: 'submitter' } : { kind: 'observer' };
}

/** The review card as `personId` should see it (the read-only base card when `personId` is undefined). */
export function reviewCardFor(
  state: ReviewState,
  personId: string | undefined,
  rules: ReviewRules,
  extra: { notice?: string; feedback?: ReviewFeedback } = {},
): AdaptiveCard {
  return reviewCard(state, {
    viewer: viewerOf(state, personId, rules),
    rules,
    refreshUserIds: refreshUserIds(state, rules),
    ...extra,
  });
}

/** The card for a decision's or a refresh's result: the review as its viewer sees it, the feedback by the buttons. */
export function reviewViewCard(view: ReviewView, rules: ReviewRules): AdaptiveCard {
  return reviewCardFor(view.state, view.viewerId, rules, { feedback: view.feedback });
}
