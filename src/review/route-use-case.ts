import type { OrgConfig } from '../org-settings';
import { conditionFields, matchCondition } from '../intake/conditions';
import type { UseCase } from '../intake/use-case';
import type { UseCaseFacts } from '../intake/use-case-facts';
import { addBusinessDays } from './business-days';
import type { ApproverBasis, ReviewPerson, Route, RoutedStage } from './review-types';
import type { StageConfig } from './routing-rules-schema';

function person(p: { id: string; name: string }): ReviewPerson {
  return { id: p.id, name: p.name };
}

function uniqueById(people: ReviewPerson[]): ReviewPerson[] {
  const seen = new Set<string>();
  return people.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}

/** A stage's approvers as found in the directory before routing (see resolve-approvers.ts). */
export interface ResolvedApprovers {
  approvers: ReviewPerson[];
  backup?: ReviewPerson;
  basis: ApproverBasis;
}

/**
 * The people who decide a stage, and its backup, from the configured lists alone: the group's listed members or the
 * single person. Stages routed by manager or business unit, and Entra groups, need the directory (resolve-approvers.ts).
 */
export function resolveApprovers(stage: StageConfig, org: OrgConfig): ResolvedApprovers {
  if ('person' in stage.approvers)
    return { approvers: [person(stage.approvers.person)], basis: { kind: 'person', source: 'config' } };
  if (!('group' in stage.approvers))
    throw new Error(`Review stage "${stage.id}" routes by manager or business unit, which needs the directory.`);
  const group = org.groups[stage.approvers.group];
  if (!group)
    throw new Error(`Review stage "${stage.id}" names group "${stage.approvers.group}", which is not defined.`);
  return {
    approvers: uniqueById(group.members.map(person)),
    backup: group.backup ? person(group.backup) : undefined,
    basis: { kind: 'group', groupId: stage.approvers.group, source: 'config' },
  };
}

/** "Privacy review because: personal data (Personal data)": the stage, the rule's reason and the facts that triggered it. */
export function explainStage(stage: StageConfig, matched: string[]): string {
  const facts = [...new Set(matched)];
  return `${stage.name} because: ${stage.because}${facts.length ? ` (${facts.join(', ')})` : ''}`;
}

/** The configured stages that apply to these facts (the tier counts as a fact), each with the facts that made it apply. */
export function applicableStages(
  facts: UseCaseFacts,
  org: OrgConfig,
): Array<{ stage: StageConfig; matched: string[] }> {
  return org.review.stages.flatMap((stage) => {
    const matched = matchCondition(stage.when, facts);
    return matched ? [{ stage, matched }] : [];
  });
}

/**
 * Computes a use case's review route once, at submission: the stages whose `when` holds for its facts and tier,
 * their approvers, policy, explanation and ordering (a stage waits only for the `after` stages that apply), and the
 * SLA due date of the stages that start straight away. Prohibited use cases are not routed: they are rejected.
 * `resolved` holds the approvers found in the directory beforehand, by stage id; the others come from the lists.
 */
export function routeUseCase(
  useCase: Pick<UseCase, 'facts' | 'tier' | 'tierReasons'>,
  org: OrgConfig,
  now: Date = new Date(),
  resolved: ReadonlyMap<string, ResolvedApprovers> = new Map(),
): Route {
  if (useCase.tier === 'prohibited') {
    return {
      kind: 'auto-reject',
      reasons: useCase.tierReasons.length ? useCase.tierReasons : ['The use case is in the Prohibited risk tier'],
    };
  }
  const hits = applicableStages({ ...useCase.facts, tier: useCase.tier }, org);
  const ids = new Set(hits.map((h) => h.stage.id));
  const stages = hits.map(({ stage, matched }): RoutedStage => {
    const after = stage.after.filter((id) => ids.has(id));
    return {
      id: stage.id,
      name: stage.name,
      explanation: explainStage(stage, matched),
      after,
      ...(resolved.get(stage.id) ?? resolveApprovers(stage, org)),
      policy: stage.policy,
      slaBusinessDays: stage.slaBusinessDays,
      ...(after.length === 0 ? { dueAt: addBusinessDays(now, stage.slaBusinessDays).toISOString() } : {}),
    };
  });
  return { kind: 'review', stages };
}

/** The ids of configured stages whose rule looks at any of `fields` (a changed fact concerns those stages). */
export function stagesConcerning(fields: string[], org: OrgConfig): string[] {
  return org.review.stages
    .filter((stage) => conditionFields(stage.when).some((f) => fields.includes(f)))
    .map((s) => s.id);
}
