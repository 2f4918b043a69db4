import type { UseCaseCircle } from '../intake/use-case-access';
import type { ReviewState } from './review-types';

/**
 * The people a review belongs to, for the visibility rule: the submitter, every approver of every stage (including
 * people it was escalated to) and everyone who ever decided on it, in any round.
 */
export function reviewCircle(state: ReviewState): UseCaseCircle {
  const ids = new Set<string>();
  for (const s of state.stages) {
    for (const p of [...s.approvers, ...s.escalatedTo]) ids.add(p.id);
    for (const a of s.approvals) ids.add(a.approverId);
  }
  for (const d of state.decisions) ids.add(d.approverId);
  return { submitterId: state.submitterId, approverIds: ids };
}
