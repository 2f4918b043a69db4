import type { OrgConfig } from '../org-settings';
import { type DirectoryPerson, DirectoryUnavailableError, unitKeyOf } from '../directory/directory-port';
import type { GroupMembership, OrgDirectory } from '../directory/org-directory';
import type { UseCase } from '../intake/use-case';
import type { Logger } from '../observability/logger';
import { type ResolvedApprovers, applicableStages } from './route-use-case';
import type { ApproverBasis, ReviewPerson } from './review-types';
import type { StageConfig } from './routing-rules-schema';

const toReviewPerson = (p: { id: string; name: string }): ReviewPerson => ({ id: p.id, name: p.name });

function provenance(m: {
  source: ApproverBasis['source'];
  fetchedAt?: string;
  error?: string;
}): Pick<ApproverBasis, 'source' | 'fetchedAt' | 'note'> {
  return {
    source: m.source,
    ...(m.fetchedAt ? { fetchedAt: m.fetchedAt } : {}),
    ...(m.error
      ? { note: `the directory failed (${m.error}); its answer from ${m.fetchedAt ?? 'the configuration'} was used` }
      : {}),
  };
}

/** Who decides when nobody else can: the escalation contact, else the first CoE admin. */
function lastResort(org: OrgConfig): ReviewPerson {
  const p = org.review.escalationContact ?? org.admins[0];
  return { id: p.id, name: p.name };
}

/**
 * A configured group's members now, with its backup. A group nobody is in, or one the directory cannot answer for
 * (Graph down with nothing cached and no listed members), falls to the backup, else the escalation contact, so a
 * stage never waits for nobody; the basis then names the group it stands in for (no membership check applies).
 */
async function fromGroup(
  groupId: string,
  directory: OrgDirectory,
  org: OrgConfig,
  basis: Partial<ApproverBasis> & Pick<ApproverBasis, 'kind'>,
  logger?: Logger,
): Promise<ResolvedApprovers> {
  const group = org.groups[groupId];
  const backup = group?.backup ? toReviewPerson(group.backup) : undefined;
  const standIn = backup ?? lastResort(org);
  let membership: GroupMembership;
  try {
    membership = await directory.groupMembers(groupId);
  } catch (err) {
    if (!(err instanceof DirectoryUnavailableError)) throw err;
    logger?.warn('the directory cannot tell who is in a review group; routing to its stand-in', {
      groupId,
      error: err.message,
    });
    const note = `the directory was unavailable (${err.message}); ${standIn.name} decides instead of ${group?.name ?? groupId}`;
    return {
      approvers: [standIn],
      basis: {
        ...basis,
        standInFor: groupId,
        ...(group?.entraGroupId ? { entraGroupId: group.entraGroupId } : {}),
        source: 'config',
        note,
      },
    };
  }
  const entra = membership.entraGroupId ? { entraGroupId: membership.entraGroupId } : {};
  if (membership.members.length > 0)
    return {
      approvers: membership.members.map(toReviewPerson),
      backup,
      basis: { ...basis, groupId, ...entra, ...provenance(membership) },
    };
  return {
    approvers: [standIn],
    basis: {
      ...basis,
      standInFor: groupId,
      ...entra,
      ...provenance(membership),
      note: `${membership.groupName} has no members in the directory; ${standIn.name} decides instead`,
    },
  };
}

/**
 * The submitter's business unit as a key of `byBusinessUnit`. Their department in the directory decides when it has one
 * (an unlisted department gets `default`); the unit the use case states counts only when the directory has none.
 */
async function unitFor(
  submitterId: string,
  stated: string | undefined,
  units: Record<string, string>,
  directory: OrgDirectory,
  logger?: Logger,
): Promise<{ unit: string; unitFrom: ApproverBasis['unitFrom'] }> {
  let department: DirectoryPerson['department'];
  try {
    department = (await directory.person(submitterId)).value?.department;
  } catch (err) {
    logger?.warn('the directory could not tell the submitter’s department; using the business unit of the use case', {
      error: (err as Error).message,
    });
  }
  const listed = (key: string | undefined) => Boolean(key && key !== 'default' && units[key]);
  const fromDirectory = unitKeyOf(department);
  if (fromDirectory)
    return listed(fromDirectory)
      ? { unit: fromDirectory, unitFrom: 'directory' }
      : { unit: 'default', unitFrom: 'default' };
  const fromUseCase = unitKeyOf(stated);
  if (listed(fromUseCase)) return { unit: fromUseCase!, unitFrom: 'use-case' };
  return { unit: 'default', unitFrom: 'default' };
}

/** One stage's approvers as the directory has them now. */
export async function resolveStage(
  stage: StageConfig,
  useCase: Pick<UseCase, 'submitterId' | 'businessUnit'>,
  org: OrgConfig,
  directory: OrgDirectory,
  logger?: Logger,
): Promise<ResolvedApprovers> {
  const approvers = stage.approvers;
  if ('person' in approvers)
    return { approvers: [toReviewPerson(approvers.person)], basis: { kind: 'person', source: 'config' } };
  if ('group' in approvers) return fromGroup(approvers.group, directory, org, { kind: 'group' }, logger);
  if ('byBusinessUnit' in approvers) {
    const { unit, unitFrom } = await unitFor(
      useCase.submitterId,
      useCase.businessUnit,
      approvers.byBusinessUnit,
      directory,
      logger,
    );
    return fromGroup(approvers.byBusinessUnit[unit], directory, org, { kind: 'business-unit', unit, unitFrom }, logger);
  }
  let note: string;
  try {
    const found = await directory.manager(useCase.submitterId);
    if (found.value)
      return { approvers: [toReviewPerson(found.value)], basis: { kind: 'manager', ...provenance(found) } };
    note = 'the submitter has no manager in the directory';
  } catch (err) {
    note = `the directory could not tell the submitter’s manager (${(err as Error).message})`;
  }
  if (approvers.fallback) {
    const resolved = await fromGroup(approvers.fallback, directory, org, { kind: 'manager' }, logger);
    return { ...resolved, basis: { ...resolved.basis, note: [note, resolved.basis.note].filter(Boolean).join('; ') } };
  }
  const standIn = lastResort(org);
  return {
    approvers: [standIn],
    basis: { kind: 'manager', source: 'config', note: `${note}; ${standIn.name} decides instead` },
  };
}

/**
 * The approvers of every stage that applies to the use case, found in the directory before routing (the pure router
 * then places them). Runs outside any database transaction: Graph may be slow or throttle.
 */
export async function resolveRouteApprovers(
  useCase: Pick<UseCase, 'submitterId' | 'businessUnit' | 'facts' | 'tier'>,
  org: OrgConfig,
  directory: OrgDirectory,
  logger?: Logger,
): Promise<Map<string, ResolvedApprovers>> {
  const resolved = new Map<string, ResolvedApprovers>();
  if (useCase.tier === 'prohibited') return resolved;
  for (const { stage } of applicableStages({ ...useCase.facts, tier: useCase.tier }, org)) {
    resolved.set(stage.id, await resolveStage(stage, useCase, org, directory, logger));
  }
  return resolved;
}
