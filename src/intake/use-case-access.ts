/**
 * The one visibility rule for a use case and its review: who may see its title, answers, review card, decisions and
 * history. Every read path (card refresh, Open, View, "status of UC-0042", exports) asks this function, so a person
 * outside the circle gets the same plain refusal everywhere and learns nothing, not even whether the case exists.
 */

/** The people a use case belongs to: its submitter and every approver its review has had (current and past rounds). */
export interface UseCaseCircle {
  submitterId: string;
  approverIds: Iterable<string>;
}

/** The refusal every read path gives a person outside the circle, or for a case that does not exist. */
export const NOT_VISIBLE =
  'I cannot find a use case or review of yours with that id. Only its submitter, its approvers and CoE admins can see it.';

/** True when `personId` may see the use case: its submitter, a current or past approver, or a CoE admin. */
export function maySeeUseCase(
  personId: string | undefined,
  circle: UseCaseCircle,
  isAdmin: (id: string) => boolean,
): boolean {
  if (!personId) return false;
  if (personId === circle.submitterId || isAdmin(personId)) return true;
  for (const id of circle.approverIds) if (id === personId) return true;
  return false;
}
