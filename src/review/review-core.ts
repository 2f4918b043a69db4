/** What every job of the review shares (stores, settings, clock, outbox) and the steps they all take inside a change. */
import type { Directory } from '../directory/directory';
import type { OrgConfig } from '../org-settings';
import type { OrgDirectory } from '../directory/org-directory';
import type { UseCase, UseCaseStatus } from '../intake/use-case';
import type { UseCaseRepository } from '../intake/use-case-repository';
import type { Logger } from '../observability/logger';
import type { AuditEvent, AuditLog } from '../store/audit-log';
import type { Database, Queryable } from '../store/database';
import { formatDay } from './review-cards';
import { caseOf } from './review-case';
import type { ReviewDelivery } from './review-delivery';
import type { ReviewFollowUp } from './review-follow-up';
import { pendingApprovers } from './review-machine';
import type { ReviewRepository } from './review-repository';
import type { MachineContext, ReviewBase, ReviewRules, ReviewState } from './review-types';

/** The parts the hand-off, the decisions and the scheduler are built from (assembled once by ReviewService). */
export interface ReviewCore {
  db: Database;
  org: OrgConfig;
  useCases: UseCaseRepository;
  audit: AuditLog;
  logger: Logger;
  reviews: ReviewRepository;
  rules: ReviewRules;
  people: OrgDirectory;
  directory: Directory;
  delivery: ReviewDelivery;
  followUp: ReviewFollowUp;
  now: () => Date;
}

const SYSTEM = 'CoE Assistant';

const REVIEW_TO_USE_CASE_STATUS: Record<ReviewState['status'], UseCaseStatus> = {
  'in-review': 'in-review',
  'changes-requested': 'changes-requested',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};

/** What identifies a use case in its review. */
export function baseOf(uc: UseCase, org: OrgConfig): ReviewBase {
  return {
    case: caseOf(uc, org.review),
    useCaseId: uc.id,
    useCaseCode: uc.code,
    title: uc.title,
    submitterId: uc.submitterId,
    submitterName: uc.submitterName,
    tier: uc.tier,
    tierReasons: uc.tierReasons,
  };
}

export function machineContext(core: ReviewCore, now = core.now()): MachineContext {
  return { rules: core.rules, now };
}

/** Everyone with a decision pending, as the repository indexes them for "what is waiting for me?". */
export function pendingIds(state: ReviewState, rules: ReviewRules): string[] {
  return [...new Set(pendingApprovers(state, rules).flatMap(({ people }) => people.map((p) => p.id)))];
}

/** Appends an event about the review's use case to the audit trail (by the assistant unless an actor is given). */
export function auditReview(
  core: ReviewCore,
  state: Pick<ReviewState, 'useCaseCode'>,
  event: Omit<AuditEvent, 'subjectType' | 'subjectId'>,
  tx: Queryable,
): Promise<void> {
  return core.audit.append({ actorName: SYSTEM, ...event, subjectType: 'use-case', subjectId: state.useCaseCode }, tx);
}

/** Moves the use case to the status its review implies, refusing if it changed since it was locked. */
export async function syncUseCaseStatus(core: ReviewCore, uc: UseCase, state: ReviewState, tx: Queryable) {
  const status = REVIEW_TO_USE_CASE_STATUS[state.status];
  if (uc.status === status) return;
  const updated = await core.useCases.setStatus(uc.id, status, uc.version, tx);
  if (!updated) throw new Error(`Use case ${uc.code} changed while its review was being updated; nothing was saved.`);
}

/** Records the stages that just started and sets their reminder and escalation timers. */
export async function startStages(core: ReviewCore, state: ReviewState, started: string[], tx: Queryable) {
  const stages = state.stages.filter((s) => started.includes(s.id));
  for (const s of stages) {
    const approvers = s.approvers.map((p) => p.name);
    const details = { stageId: s.id, stage: s.name, activation: s.activation, dueAt: s.dueAt, approvers };
    await auditReview(core, state, { action: 'review.stage-started', details }, tx);
  }
  await core.reviews.addTimers(
    stages.flatMap((s) => [
      { reviewId: state.id, stageId: s.id, kind: 'reminder' as const, activation: s.activation, dueAt: s.remindAt! },
      { reviewId: state.id, stageId: s.id, kind: 'escalation' as const, activation: s.activation, dueAt: s.dueAt! },
    ]),
    tx,
  );
}

/** Records the stages that just approved, and the review's end when it ended. */
export async function auditCompletion(core: ReviewCore, state: ReviewState, completed: string[], tx: Queryable) {
  for (const id of completed) {
    const stage = state.stages.find((s) => s.id === id)!;
    const details = { stageId: id, stage: stage.name, approvers: stage.approvals.map((a) => a.approverName) };
    await auditReview(core, state, { action: 'review.stage-approved', details }, tx);
  }
  if (state.status === 'approved' || state.status === 'rejected') {
    await auditReview(core, state, { action: `review.${state.status}`, details: { version: state.version } }, tx);
  }
}

/** "Now waiting for: …" naming each open stage, its pending approvers and its due day; undefined when none. */
export function waitingLine(state: ReviewState, rules: ReviewRules): string | undefined {
  const open = pendingApprovers(state, rules);
  if (open.length === 0) return undefined;
  const names = (people: Array<{ name: string }>) => people.map((p) => p.name).join(', ');
  return `Now waiting for: ${open.map(({ stage, people }) => `${stage.name} (${names(people) || 'an approver'}, due ${formatDay(stage.dueAt)})`).join('; ')}.`;
}
