import { DirectoryUnavailableError, type LookupSource } from '../directory/directory-port';
import type { OrgDirectory } from '../directory/org-directory';
import type { Logger } from '../observability/logger';
import { pendingStageFor } from './review-machine';
import type { ReviewRules, ReviewState } from './review-types';

/**
 * Whether an approver is still in the group their stage was routed to, checked when they decide. `source` says what
 * answered: the directory just now, its cache (Graph failed: `error` says why), the YAML lists, or, with nothing else
 * left, the approvers recorded at routing (`route`).
 */
export interface MembershipCheck {
  stageId: string;
  groupId: string;
  groupName: string;
  entraGroupId?: string;
  member: boolean;
  /** The person's name as the group's member list has it (the directory's display name). */
  memberName?: string;
  source: LookupSource | 'route';
  fetchedAt?: string;
  error?: string;
}

/**
 * Checks the person against the current members of the group behind the stage waiting for them. Undefined when no
 * group decides that stage (a named person, the manager) or the person stands in through escalation.
 */
export async function checkMembership(
  state: ReviewState,
  personId: string,
  rules: ReviewRules,
  people: OrgDirectory,
  logger?: Logger,
): Promise<MembershipCheck | undefined> {
  const stage = pendingStageFor(state, personId, rules);
  const groupId = stage?.basis?.groupId;
  if (
    !stage ||
    !groupId ||
    stage.escalatedTo.some((p) => p.id === personId) ||
    !stage.approvers.some((p) => p.id === personId)
  )
    return undefined;
  try {
    const m = await people.groupMembers(groupId, 'fresh');
    const found = m.members.find((p) => p.id === personId);
    return {
      stageId: stage.id,
      groupId,
      groupName: m.groupName,
      ...(m.entraGroupId ? { entraGroupId: m.entraGroupId } : {}),
      member: Boolean(found),
      ...(found ? { memberName: found.name } : {}),
      source: m.source,
      ...(m.fetchedAt ? { fetchedAt: m.fetchedAt } : {}),
      ...(m.error ? { error: m.error } : {}),
    };
  } catch (err) {
    if (!(err instanceof DirectoryUnavailableError)) {
      logger?.warn('the group of a review stage cannot be checked; the approvers recorded at routing apply', {
        stageId: stage.id,
        groupId,
        error: (err as Error).message,
      });
    }
    return {
      stageId: stage.id,
      groupId,
      groupName: groupId,
      member: true,
      source: 'route',
      error: (err as Error).message,
    };
  }
}
