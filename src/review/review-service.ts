import { Directory } from '../directory/directory';
import type { OrgConfig } from '../org-settings';
import type { UseCase, UseCaseStatus } from '../intake/use-case';
import type { UseCaseRepository } from '../intake/use-case-repository';
import { NOT_VISIBLE, maySeeUseCase } from '../intake/use-case-access';
import type { Logger } from '../observability/logger';
import type { AuditEvent, AuditLog } from '../store/audit-log';
import type { Database, Queryable } from '../store/database';
import type { AdaptiveCard } from '../cards/card-kit';
import { auditExportMessages, parseAuditExportCommand } from './audit-export';
import { formatDay, waitingListCard } from './review-cards';
import { type CardPurpose, ReviewDelivery } from './review-delivery';
import {
  type MachineContext,
  type ReviewBase,
  autoRejectOnResubmit,
  autoRejectedReview,
  decide,
  escalate,
  isTimerCurrent,
  newReview,
  pendingApprovers,
  pendingInStage,
  pendingStageFor,
  reopen,
  resubmit,
  withdraw,
} from './review-machine';
import type { CardRef, ReviewNotifier } from './review-notifier';
import { ReviewRepository, type ReviewTimer } from './review-repository';
import type { Decision, ReviewPerson, ReviewRules, ReviewState, StageState } from './review-types';
import { reviewCardFor } from './review-views';
import type { NoticeText } from './review-effects';
import { ReviewFollowUp } from './review-follow-up';
import { reviewCircle } from './review-circle';
import { routeUseCase, stagesConcerning } from './route-use-case';
import { resolveRouteApprovers } from './resolve-approvers';
import { type MembershipCheck, checkMembership } from './decision-membership';
import { OrgDirectory } from '../directory/org-directory';
import type { ReopenRequest } from '../intake/review-handoff';

/** The person acting, as the Teams layer read it from the activity (never from card data). */
export interface ReviewActor {
  aadObjectId?: string;
  name: string;
  tenantId?: string;
}

/** What to answer an approver's card action with: a card (the Universal Actions card response) or a message. */
export type ReviewReply = { kind: 'card'; card: AdaptiveCard } | { kind: 'message'; text: string };

export interface ReviewServiceOptions {
  db: Database;
  org: OrgConfig;
  useCases: UseCaseRepository;
  audit: AuditLog;
  notifier: ReviewNotifier;
  logger: Logger;
  /** Where approvers come from: Entra ID through Microsoft Graph, or the YAML lists (the default). */
  people?: OrgDirectory;
  /** The clock; tests inject one. */
  now?: () => Date;
}

const SYSTEM = 'CoE Assistant';

const REVIEW_TO_USE_CASE_STATUS: Record<ReviewState['status'], UseCaseStatus> = {
  'in-review': 'in-review',
  'changes-requested': 'changes-requested',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};

function baseOf(uc: UseCase): ReviewBase {
  return {
    useCaseId: uc.id,
    useCaseCode: uc.code,
    title: uc.title,
    submitterId: uc.submitterId,
    submitterName: uc.submitterName,
    tier: uc.tier,
    tierReasons: uc.tierReasons,
  };
}

/** A membership check as the audit trail records it, with a sentence saying when a cached answer stood in for Graph. */
function membershipDetails(check: MembershipCheck): Record<string, unknown> {
  const statement =
    check.source === 'cache' && check.error
      ? `Microsoft Graph was unavailable (${check.error}); the membership cached at ${check.fetchedAt} was used.`
      : check.source === 'route'
        ? `The directory was unavailable with nothing cached (${check.error}); the approvers recorded at routing were used.`
        : check.source === 'config' && check.error
          ? `Microsoft Graph was unavailable (${check.error}); the members listed in COE_CONFIG were used.`
          : undefined;
  return { ...check, ...(statement ? { statement } : {}) };
}

function names(people: ReviewPerson[]): string {
  return people.map((p) => p.name).join(', ');
}

/**
 * The ethics and risk review: routes submitted use cases, applies approvers' decisions with server-side authority
 * (identity from the activity, the review version from the card, one transaction with row locks per change),
 * runs reminders and escalations from database timers, and writes every event to the audit trail.
 * Implements the intake's ReviewHandoff port (submitted / resubmitted / withdrawn / statusLine).
 */
export class ReviewService {
  readonly reviews: ReviewRepository;
  readonly rules: ReviewRules;
  private readonly delivery: ReviewDelivery;
  private readonly directory: Directory;
  private readonly people: OrgDirectory;
  private readonly now: () => Date;
  private readonly followUp: ReviewFollowUp;

  constructor(private readonly options: ReviewServiceOptions) {
    this.reviews = new ReviewRepository(options.db);
    this.rules = {
      allowSelfApproval: options.org.review.allowSelfApproval,
      reminderAtFraction: options.org.review.reminderAtFraction,
    };
    this.delivery = new ReviewDelivery(this.reviews, options.notifier, options.audit, this.rules, options.logger);
    this.directory = new Directory(options.org);
    this.people = options.people ?? new OrgDirectory(options.org, undefined, options.logger);
    this.now = options.now ?? (() => new Date());
    this.followUp = new ReviewFollowUp({
      ...options,
      reviews: this.reviews,
      delivery: this.delivery,
      rules: this.rules,
      now: this.now,
    });
  }

  /**
   * Carries out follow-up work (cards, notices) left behind by a process that died or failed after its commit;
   * the review worker calls it. Returns how many entries were handled.
   */
  runPendingEffects(now: Date, olderThanMs?: number): Promise<number> {
    return this.followUp.runPending(now, olderThanMs);
  }

  private ctx(now = this.now()): MachineContext {
    return { rules: this.rules, now };
  }

  private pendingIds(state: ReviewState): string[] {
    return [...new Set(pendingApprovers(state, this.rules).flatMap(({ people }) => people.map((p) => p.id)))];
  }

  private audit(
    state: Pick<ReviewState, 'useCaseCode'>,
    event: Omit<AuditEvent, 'subjectType' | 'subjectId'>,
    tx: Queryable,
  ): Promise<void> {
    return this.options.audit.append(
      { actorName: SYSTEM, ...event, subjectType: 'use-case', subjectId: state.useCaseCode },
      tx,
    );
  }

  private async syncUseCaseStatus(uc: UseCase, state: ReviewState, tx: Queryable): Promise<void> {
    const status = REVIEW_TO_USE_CASE_STATUS[state.status];
    if (uc.status === status) return;
    const updated = await this.options.useCases.setStatus(uc.id, status, uc.version, tx);
    if (!updated) throw new Error(`Use case ${uc.code} changed while its review was being updated; nothing was saved.`);
  }

  private async startStages(state: ReviewState, started: string[], tx: Queryable): Promise<void> {
    const stages = state.stages.filter((s) => started.includes(s.id));
    for (const s of stages) {
      await this.audit(
        state,
        {
          action: 'review.stage-started',
          details: {
            stageId: s.id,
            stage: s.name,
            activation: s.activation,
            dueAt: s.dueAt,
            approvers: s.approvers.map((p) => p.name),
          },
        },
        tx,
      );
    }
    await this.reviews.addTimers(
      stages.flatMap((s) => [
        { reviewId: state.id, stageId: s.id, kind: 'reminder' as const, activation: s.activation, dueAt: s.remindAt! },
        { reviewId: state.id, stageId: s.id, kind: 'escalation' as const, activation: s.activation, dueAt: s.dueAt! },
      ]),
      tx,
    );
  }

  private async auditCompletion(state: ReviewState, completed: string[], tx: Queryable): Promise<void> {
    for (const id of completed) {
      const stage = state.stages.find((s) => s.id === id)!;
      await this.audit(
        state,
        {
          action: 'review.stage-approved',
          details: { stageId: id, stage: stage.name, approvers: stage.approvals.map((a) => a.approverName) },
        },
        tx,
      );
    }
    if (state.status === 'approved' || state.status === 'rejected') {
      await this.audit(state, { action: `review.${state.status}`, details: { version: state.version } }, tx);
    }
  }

  private waitingLine(state: ReviewState): string | undefined {
    const open = pendingApprovers(state, this.rules);
    if (open.length === 0) return undefined;
    return `Now waiting for: ${open.map(({ stage, people }) => `${stage.name} (${names(people) || 'an approver'}, due ${formatDay(stage.dueAt)})`).join('; ')}.`;
  }

  // ---- The intake's ReviewHandoff port -------------------------------------------------------------------------

  /**
   * Routes a newly submitted use case (once: a repeat call is a no-op), stores the review, moves the use case to
   * "in-review" and sends the first stages' approvers their cards. A Prohibited use case is rejected automatically,
   * the configured group (the AI Ethics Board) is informed and the submitter told why.
   */
  async submitted(useCase: UseCase): Promise<void> {
    const now = this.now();
    const approvers = await resolveRouteApprovers(useCase, this.options.org, this.people, this.options.logger);
    const result = await this.options.db.transaction(async (tx) => {
      const uc = await this.options.useCases.getForUpdate(useCase.id, tx);
      if (!uc) throw new Error(`Use case ${useCase.code} does not exist, so it cannot be routed for review.`);
      if (await this.reviews.getByUseCase(uc.id, tx)) return undefined;
      if (uc.status !== 'submitted') {
        this.options.logger.warn('a use case handed to review is not in the submitted status; it was not routed', {
          code: uc.code,
          status: uc.status,
        });
        return undefined;
      }
      const route = routeUseCase(uc, this.options.org, now, approvers);
      if (route.kind === 'auto-reject') {
        const state = (await this.reviews.insert(autoRejectedReview(baseOf(uc), route.reasons, now), [], tx))!;
        await this.syncUseCaseStatus(uc, state, tx);
        await this.audit(
          state,
          { action: 'review.auto-rejected', comment: route.reasons.join('; '), details: { tier: uc.tier } },
          tx,
        );
        return this.followUp.enqueue(
          tx,
          { topic: 'review.auto-rejected', reviewId: state.id, refreshCopies: false },
          now,
        );
      }
      const fresh = newReview(baseOf(uc), route.stages, this.ctx(now));
      const state = (await this.reviews.insert(fresh.state, this.pendingIds(fresh.state), tx))!;
      await this.syncUseCaseStatus(uc, state, tx);
      await this.audit(
        state,
        {
          action: 'review.routed',
          comment: route.stages.map((s) => s.explanation).join('\n'),
          details: {
            tier: uc.tier,
            stages: route.stages.map((s) => ({
              id: s.id,
              name: s.name,
              explanation: s.explanation,
              after: s.after,
              approvers: s.approvers.map((p) => ({ id: p.id, name: p.name })),
              basis: s.basis,
              policy: s.policy,
              slaBusinessDays: s.slaBusinessDays,
            })),
          },
        },
        tx,
      );
      await this.startStages(state, fresh.started, tx);
      return this.followUp.enqueue(tx, { topic: 'review.routed', reviewId: state.id, started: fresh.started }, now);
    });
    await this.followUp.carryOut(result);
  }

  /**
   * Resumes a review after the submitter made the requested changes: the route is recomputed from the edited answers
   * (stages that now apply are added), approvals are kept or reset per `review.onResubmit`, and open stages restart.
   * A use case that has no review yet (submitted before reviews existed) is routed as a new submission.
   */
  async resubmitted(useCase: UseCase): Promise<void> {
    const now = this.now();
    const mode = this.options.org.review.onResubmit;
    const approvers = await resolveRouteApprovers(useCase, this.options.org, this.people, this.options.logger);
    const result = await this.options.db.transaction(async (tx) => {
      const uc = await this.options.useCases.getForUpdate(useCase.id, tx);
      if (!uc) return undefined;
      const current = await this.reviews.getByUseCase(uc.id, tx, true);
      if (!current) return { kind: 'unreviewed' as const };
      if (current.status !== 'changes-requested') {
        this.options.logger.warn(
          'a resubmission arrived for a review that is not waiting for changes; it was ignored',
          { code: uc.code, status: current.status },
        );
        return undefined;
      }
      const route = routeUseCase(uc, this.options.org, now, approvers);
      const refreshed: ReviewState = { ...current, title: uc.title, tier: uc.tier, tierReasons: uc.tierReasons };
      if (route.kind === 'auto-reject') {
        const state = autoRejectOnResubmit(refreshed, route.reasons, this.ctx(now))!;
        await this.reviews.save(state, current.version, [], tx);
        await this.syncUseCaseStatus(uc, state, tx);
        await this.audit(
          state,
          {
            actorId: uc.submitterId,
            actorName: uc.submitterName,
            action: 'review.auto-rejected',
            comment: route.reasons.join('; '),
            details: { tier: uc.tier, onResubmit: true },
          },
          tx,
        );
        return {
          kind: 'changed' as const,
          effectId: await this.followUp.enqueue(
            tx,
            { topic: 'review.auto-rejected', reviewId: state.id, refreshCopies: true },
            now,
          ),
        };
      }
      const configuredAfter = Object.fromEntries(this.options.org.review.stages.map((s) => [s.id, s.after]));
      const outcome = resubmit(refreshed, route.stages, configuredAfter, mode, this.ctx(now))!;
      const state = outcome.state;
      await this.reviews.save(state, current.version, this.pendingIds(state), tx);
      await this.syncUseCaseStatus(uc, state, tx);
      const addedApprovers = state.stages
        .filter((s) => outcome.added.includes(s.id))
        .map((s) => ({
          stageId: s.id,
          approvers: s.approvers.map((p) => ({ id: p.id, name: p.name })),
          basis: s.basis,
        }));
      await this.audit(
        state,
        {
          actorId: uc.submitterId,
          actorName: uc.submitterName,
          action: 'review.resubmitted',
          details: { round: state.round, onResubmit: mode, addedStages: outcome.added, addedApprovers, tier: uc.tier },
        },
        tx,
      );
      await this.auditCompletion(state, outcome.completed, tx);
      await this.startStages(state, outcome.started, tx);
      const added = state.stages.filter((s) => outcome.added.includes(s.id)).map((s) => s.explanation);
      const waiting = this.waitingLine(state);
      const notice: NoticeText = {
        title:
          state.status === 'approved' ? `${state.useCaseCode} is approved` : `Review of ${state.useCaseCode} resumed`,
        lines: [
          mode === 'keep'
            ? 'Approvals already given were kept.'
            : 'All approvals were reset, so every stage reviews it again.',
          ...(added.length ? [`New stages apply after your changes: ${added.join('; ')}.`] : []),
          ...(waiting ? [waiting] : []),
        ],
      };
      return {
        kind: 'changed' as const,
        effectId: await this.followUp.enqueue(
          tx,
          { topic: 'review.resubmitted', reviewId: state.id, started: outcome.started, notice },
          now,
        ),
      };
    });
    if (!result) return;
    if (result.kind === 'unreviewed') {
      await this.submitted(useCase);
      return;
    }
    await this.followUp.carryOut(result.effectId);
  }

  /**
   * Re-opens an approved review (a material change after approval, or the periodic re-review) and runs it as a
   * resubmission: the use case takes the new answers, facts and tier, the stages the changed facts concern decide again
   * (all of them for `'all'`), stages the new facts now call for are added, and their approvers get cards as usual.
   */
  async reopen(useCase: UseCase, request: ReopenRequest): Promise<boolean> {
    const updated = await this.options.db.transaction(async (tx) => {
      const uc = await this.options.useCases.getForUpdate(useCase.id, tx);
      const current = uc && (await this.reviews.getByUseCase(uc.id, tx, true));
      if (!uc || !current || uc.status !== 'approved') return undefined;
      const fields =
        request.changedFacts === 'all'
          ? 'all'
          : [...request.changedFacts, ...(request.tier !== uc.tier ? ['tier'] : [])];
      const redo = fields === 'all' ? 'all' : stagesConcerning(fields, this.options.org);
      const state = reopen(current, redo);
      if (!state) return undefined;
      await this.reviews.save(state, current.version, [], tx);
      const changed = await this.options.useCases.updateAnswers(
        uc.id,
        {
          title: uc.title,
          businessUnit: uc.businessUnit,
          answers: request.answers,
          facts: request.facts,
          tier: request.tier,
          tierReasons: request.tierReasons,
          status: 'changes-requested',
        },
        uc.version,
        tx,
      );
      if (!changed)
        throw new Error(`Use case ${uc.code} changed while its review was being re-opened; nothing was saved.`);
      await this.audit(
        state,
        {
          actorId: request.actorId,
          actorName: request.actorName,
          action: 'review.reopened',
          comment: request.reason,
          details: { changedFacts: request.changedFacts, redoStages: redo, tier: request.tier, previousTier: uc.tier },
        },
        tx,
      );
      return changed;
    });
    if (!updated) return false;
    await this.resubmitted(updated);
    return true;
  }

  /** Closes the review of a withdrawn use case: open stages are cancelled and every sent card shows it. */
  async withdrawn(useCase: UseCase): Promise<void> {
    const now = this.now();
    const effectId = await this.options.db.transaction(async (tx) => {
      const uc = await this.options.useCases.getForUpdate(useCase.id, tx);
      const current = uc && (await this.reviews.getByUseCase(uc.id, tx, true));
      if (!uc || !current) return undefined;
      const outcome = withdraw(current, this.ctx(now));
      if (!outcome) return undefined;
      await this.reviews.save(outcome.state, current.version, [], tx);
      if (uc.status !== 'withdrawn') await this.syncUseCaseStatus(uc, outcome.state, tx);
      await this.audit(
        outcome.state,
        {
          actorId: uc.submitterId,
          actorName: uc.submitterName,
          action: 'review.withdrawn',
          details: { cancelledStages: outcome.cancelled },
        },
        tx,
      );
      return this.followUp.enqueue(tx, { topic: 'review.withdrawn', reviewId: outcome.state.id }, now);
    });
    await this.followUp.carryOut(effectId);
  }

  /** Everyone who is or was an approver of the use case's review; empty before it is routed. */
  async approverIdsOf(useCase: UseCase): Promise<string[]> {
    const state = await this.reviews.getByUseCase(useCase.id);
    return state ? [...reviewCircle(state).approverIds] : [];
  }

  /** The review if `actor` may see it under the visibility rule (submitter, current or past approvers, CoE admins). */
  private async visibleReview(actor: ReviewActor, reviewId: number): Promise<ReviewState | undefined> {
    const state = await this.reviews.get(reviewId);
    return state && maySeeUseCase(actor.aadObjectId, reviewCircle(state), (id) => this.directory.isAdmin(id))
      ? state
      : undefined;
  }

  /** For "My submissions": the stages in progress and who they are waiting for. */
  async statusLine(useCase: UseCase): Promise<{ stage?: string; pendingApprovers?: string[] }> {
    const state = await this.reviews.getByUseCase(useCase.id);
    if (!state) return {};
    const active = state.stages.filter((s) => s.status === 'active');
    if (state.status === 'changes-requested')
      return { stage: active.map((s) => s.name).join(', ') || undefined, pendingApprovers: [] };
    if (state.status !== 'in-review') return {};
    const people = [...new Set(pendingApprovers(state, this.rules).flatMap(({ people }) => people.map((p) => p.name)))];
    return { stage: active.map((s) => s.name).join(', '), pendingApprovers: people };
  }

  // ---- Approvers' actions ------------------------------------------------------------------------------------

  private refuseIdentity(actor: ReviewActor): string | undefined {
    if (!actor.aadObjectId)
      return 'I could not tell who you are from this action, so nothing was changed. Please use Microsoft Teams signed in with your work account.';
    const tenant = this.options.org.organisation.tenantId;
    if (tenant && actor.tenantId !== tenant)
      return 'This review belongs to another organisation, so nothing was changed.';
    return undefined;
  }

  /**
   * Applies Approve / Reject / Request changes from a card. Authority is server-side: the actor comes from the activity,
   * the card only says which review and which version it showed. Returns the card the actor should now see, or a
   * refusal message (nothing changes then).
   */
  async decide(
    actor: ReviewActor,
    input: { reviewId: number; version: number; decision: Decision; comment?: string; cardActivityId?: string },
  ): Promise<ReviewReply> {
    const refusal = this.refuseIdentity(actor);
    if (refusal) return { kind: 'message', text: refusal };
    const personId = actor.aadObjectId!;
    const head = await this.visibleReview(actor, input.reviewId);
    if (!head) return { kind: 'message', text: NOT_VISIBLE };
    const membership = await checkMembership(head, personId, this.rules, this.people, this.options.logger);
    const name = membership?.memberName ?? (await this.people.displayName(personId, actor.name));
    if (membership && !membership.member)
      return this.refuseFormerMember(head, { ...actor, name }, membership, input.cardActivityId);
    const now = this.now();
    const result = await this.options.db.transaction(async (tx) => {
      const uc = (await this.options.useCases.getForUpdate(head.useCaseId, tx))!;
      const current = (await this.reviews.getForUpdate(head.id, tx))!;
      // A withdrawn use case whose review has not been closed yet (the withdrawal is handed over in its own transaction) takes no more decisions.
      const outcome: ReturnType<typeof decide> =
        uc.status === 'withdrawn'
          ? { kind: 'refused', reason: 'closed' }
          : decide(
              current,
              {
                actor: { id: personId, name },
                decision: input.decision,
                comment: input.comment,
                version: input.version,
              },
              this.ctx(now),
            );
      if (outcome.kind !== 'applied') return { outcome, state: current };
      const next = outcome.state;
      if (!(await this.reviews.save(next, current.version, this.pendingIds(next), tx)))
        throw new Error('The review changed while it was locked; nothing was saved.');
      await this.syncUseCaseStatus(uc, next, tx);
      const decided = next.decisions[next.decisions.length - 1];
      await this.audit(
        next,
        {
          actorId: personId,
          actorName: name,
          action: 'review.decided',
          comment: decided.comment,
          activityId: input.cardActivityId,
          details: {
            stageId: decided.stageId,
            decision: decided.decision,
            version: decided.version,
            round: decided.round,
            ...(membership ? { membership: membershipDetails(membership) } : {}),
          },
        },
        tx,
      );
      await this.auditCompletion(next, outcome.completed, tx);
      await this.startStages(next, outcome.started, tx);
      const effectId = await this.followUp.enqueue(
        tx,
        {
          topic: 'review.decided',
          reviewId: next.id,
          started: outcome.started,
          notice: this.decisionNotice(next, outcome.stageId),
        },
        now,
      );
      return { outcome, state: next, effectId };
    });
    const { outcome, state } = result;
    const view = (notice?: string, error?: string): ReviewReply => ({
      kind: 'card',
      card: reviewCardFor(state, personId, this.rules, { notice, error }),
    });
    switch (outcome.kind) {
      case 'applied':
        await this.followUp.carryOut(result.effectId);
        return view('Your decision was recorded.');
      case 'duplicate':
        return view('Your decision was already recorded; nothing else changed.');
      case 'stale':
        return view(
          'This review changed since your card was last updated. Here is the current state; decide again if it still needs you.',
        );
      case 'invalid':
        return view(
          undefined,
          'A comment is required to reject or request changes. Say what the problem is and what would make the use case acceptable.',
        );
      case 'refused':
        switch (outcome.reason) {
          case 'not-approver':
            return {
              kind: 'message',
              text: `You are not an approver of ${state.useCaseCode}, so you cannot decide on it. Nothing was changed.`,
            };
          case 'self-approval':
            return {
              kind: 'message',
              text: `You submitted ${state.useCaseCode}, so you cannot decide on its review. Nothing was changed.`,
            };
          case 'paused':
            return view(
              `${state.useCaseCode} is waiting for the submitter to make changes; decisions resume when it is resubmitted.`,
            );
          case 'closed':
            return view(`${state.useCaseCode} is already closed; no more decisions are needed.`);
          case 'nothing-pending':
            return view('None of your stages needs a decision from you right now.');
        }
    }
  }

  /** Refuses a decision by someone who has left the group their stage was routed to, and records it. */
  private async refuseFormerMember(
    state: ReviewState,
    actor: ReviewActor,
    check: MembershipCheck,
    cardActivityId?: string,
  ): Promise<ReviewReply> {
    await this.audit(
      state,
      {
        actorId: actor.aadObjectId,
        actorName: actor.name,
        action: 'review.decision-refused',
        activityId: cardActivityId,
        details: { reason: 'no-longer-a-member', membership: membershipDetails(check) },
      },
      this.options.db,
    );
    return {
      kind: 'message',
      text: `You are no longer a member of ${check.groupName}, so you cannot decide on ${state.useCaseCode} any more. Nothing was changed. If this is wrong, ask your directory administrator to add you back to the group.`,
    };
  }

  /** What the submitter is told about the latest decision, fixed when the decision commits. */
  private decisionNotice(state: ReviewState, stageId: string): NoticeText {
    const decision = state.decisions[state.decisions.length - 1];
    const stage = state.stages.find((s) => s.id === stageId)!;
    const quoted = decision.comment ? `: "${decision.comment}"` : '.';
    let title: string;
    const lines: string[] = [];
    if (state.status === 'approved') {
      title = `${state.useCaseCode} is approved`;
      lines.push(
        `${decision.approverName} approved ${stage.name}${quoted}`,
        'Every review stage has approved your use case.',
      );
      const conditions = state.stages.flatMap((s) =>
        s.approvals.filter((a) => a.comment).map((a) => `${a.approverName} (${s.name}): "${a.comment}"`),
      );
      if (conditions.length)
        lines.push(`Conditions and comments from approvers, binding on the use case owner: ${conditions.join('; ')}.`);
    } else if (state.status === 'rejected') {
      title = `${state.useCaseCode} was rejected`;
      lines.push(
        `${decision.approverName} rejected it at ${stage.name}${quoted}`,
        `The review has ended. You can discuss the decision with the approver or the CoE lead; a substantially different proposal can be submitted as a new use case that references ${state.useCaseCode}.`,
      );
    } else if (state.status === 'changes-requested') {
      title = `Changes requested on ${state.useCaseCode}`;
      lines.push(
        `${decision.approverName} asked for changes at ${stage.name}${quoted}`,
        `Edit the use case in CoE Assistant and resubmit it. ${this.options.org.review.onResubmit === 'keep' ? 'Approvals already given are kept.' : 'All approvals will be reset when you resubmit.'}`,
      );
    } else {
      title =
        stage.status === 'approved'
          ? `${stage.name} approved ${state.useCaseCode}`
          : `${decision.approverName} approved ${stage.name}`;
      lines.push(`${decision.approverName} approved ${stage.name}${quoted}`);
      const waiting = this.waitingLine(state);
      if (waiting) lines.push(waiting);
    }
    return { title, lines };
  }

  /**
   * The card behind the card's refresh (each viewer gets their own view); a person outside the review's circle gets
   * the plain refusal and nothing of the review. A refresh by an approver is recorded in the
   * audit trail as "viewed", once per review version.
   */
  async view(actor: ReviewActor, reviewId: number, cardActivityId?: string): Promise<ReviewReply> {
    const refusal = this.refuseIdentity(actor);
    if (refusal) return { kind: 'message', text: refusal };
    const state = await this.visibleReview(actor, reviewId);
    if (!state) return { kind: 'message', text: NOT_VISIBLE };
    const personId = actor.aadObjectId!;
    if (pendingStageFor(state, personId, this.rules)) await this.recordView(state, actor, cardActivityId);
    return { kind: 'card', card: reviewCardFor(state, personId, this.rules) };
  }

  private async recordView(state: ReviewState, actor: ReviewActor, cardActivityId?: string): Promise<void> {
    const seen = await this.options.db.query(
      `select 1 from audit_events where subject_type = 'use-case' and subject_id = $1 and action = 'review.viewed' and actor_id = $2 and details->>'version' = $3 limit 1`,
      [state.useCaseCode, actor.aadObjectId!, String(state.version)],
    );
    if (seen.length === 0)
      await this.audit(
        state,
        {
          actorId: actor.aadObjectId,
          actorName: actor.name,
          action: 'review.viewed',
          activityId: cardActivityId,
          details: { version: state.version },
        },
        this.options.db,
      );
  }

  /**
   * The review card for "Open" on the waiting list, for the Teams layer to post: the person's own view in a personal
   * chat, the read-only card elsewhere. Only the submitter, the review's approvers and CoE admins may open it.
   */
  async cardToOpen(
    actor: ReviewActor,
    reviewId: number,
    personal: boolean,
  ): Promise<{ card: AdaptiveCard; state: ReviewState } | { message: string }> {
    const refusal = this.refuseIdentity(actor);
    if (refusal) return { message: refusal };
    const state = await this.visibleReview(actor, reviewId);
    if (!state) return { message: NOT_VISIBLE };
    return { card: reviewCardFor(state, personal ? actor.aadObjectId : undefined, this.rules), state };
  }

  /** Records a copy of the review card that the Teams layer posted itself (for example after "Open"); `recipientId` for a personal chat. */
  async registerPostedCopy(
    state: ReviewState,
    ref: CardRef,
    recipientId: string | undefined,
    purpose: CardPurpose = 'open',
  ): Promise<void> {
    await this.delivery.registerCopy(state, ref, recipientId, purpose);
  }

  /** "What is waiting for me?": the reviews with a decision pending for this person, oldest first. */
  async waitingFor(actor: ReviewActor): Promise<AdaptiveCard> {
    if (!actor.aadObjectId) return waitingListCard([]);
    const states = await this.reviews.listPendingFor(actor.aadObjectId);
    const items = states
      .map((state) => ({ state, stage: pendingStageFor(state, actor.aadObjectId!, this.rules) }))
      .filter((i): i is { state: ReviewState; stage: StageState } => Boolean(i.stage))
      .sort((a, b) => (a.stage.startedAt ?? '').localeCompare(b.stage.startedAt ?? '') || a.state.id - b.state.id);
    return waitingListCard(items);
  }

  /** Admins' "export audit ..." command: the events as fenced CSV or JSON messages, or a sentence saying what went wrong. */
  async exportAudit(actor: ReviewActor, command: string): Promise<string[]> {
    if (!this.directory.isAdmin(actor.aadObjectId)) return ['Only CoE admins can export the audit trail.'];
    const request = parseAuditExportCommand(command);
    if (!request)
      return [
        'Say "export audit UC-0001" or "export audit from 2026-11-01 to 2026-11-30", optionally followed by "as json".',
      ];
    if ('error' in request) return [request.error];
    const events =
      request.kind === 'use-case'
        ? await this.options.audit.list({ subjectType: 'use-case', subjectId: request.code })
        : await this.options.audit.list({ from: request.from, to: request.to });
    const what = request.kind === 'use-case' ? request.code : `${request.fromDay} to ${request.toDay} (UTC)`;
    if (events.length === 0) return [`The audit trail has no events for ${what}.`];
    await this.options.audit.append({
      actorId: actor.aadObjectId,
      actorName: actor.name,
      subjectType: 'audit',
      subjectId: what,
      action: 'audit.exported',
      details: { format: request.format, events: events.length },
    });
    return [
      `Audit trail for ${what}: ${events.length} event${events.length === 1 ? '' : 's'} as ${request.format.toUpperCase()}.`,
      ...auditExportMessages(events, request.format),
    ];
  }

  // ---- Reminders and escalation ------------------------------------------------------------------------------

  /**
   * Handles the oldest due timer, if any, in one transaction: the timer row is claimed with `for update skip locked`,
   * so several instances never handle the same one. Reminders go to the stage's pending approvers; escalation makes the
   * group's backup approver (else the escalation contact, else the CoE admins) an allowed approver of the stage.
   * Returns false when nothing was due.
   */
  /**
   * Routes use cases that were submitted but never reached review (the process died or the database failed between
   * the submission and its hand-off). Safe to run on every instance: `submitted` locks the use case and routes once.
   */
  async routeStranded(now: Date, olderThanMs = 60_000): Promise<number> {
    const stranded = await this.options.db.query<{ id: number }>(
      `select u.id from use_cases u where u.status = 'submitted' and u.submitted_at < $1
         and not exists (select 1 from reviews r where r.use_case_id = u.id) order by u.id limit 20`,
      [new Date(now.getTime() - olderThanMs)],
    );
    for (const { id } of stranded) {
      const uc = await this.options.useCases.get(Number(id));
      if (!uc) continue;
      this.options.logger.warn('routing a submission that never reached review', { code: uc.code });
      await this.submitted(uc);
    }
    return stranded.length;
  }

  async fireNextDueTimer(now: Date): Promise<boolean> {
    const result = await this.options.db.transaction(async (tx) => {
      const timer = await this.reviews.claimDueTimer(now, tx);
      if (!timer) return undefined;
      const head = await this.reviews.get(timer.reviewId, tx);
      if (head) await this.options.useCases.getForUpdate(head.useCaseId, tx);
      const state = head && (await this.reviews.getForUpdate(timer.reviewId, tx));
      if (!state || !isTimerCurrent(state, timer.stageId, timer.activation)) {
        await this.reviews.finishTimer(timer.id, now, 'skipped: the stage is no longer waiting', tx);
        return { timer };
      }
      const stage = state.stages.find((s) => s.id === timer.stageId)!;
      return {
        timer,
        effectId: await (timer.kind === 'reminder'
          ? this.remind(state, stage, timer, now, tx)
          : this.escalateStage(state, stage, timer, now, tx)),
      };
    });
    if (!result) return false;
    await this.followUp.carryOut(result.effectId);
    return true;
  }

  private async remind(state: ReviewState, stage: StageState, timer: ReviewTimer, now: Date, tx: Queryable) {
    const people = pendingInStage(stage, state, this.rules);
    await this.reviews.finishTimer(timer.id, now, people.length ? 'reminded' : 'skipped: nobody pending', tx);
    if (people.length === 0) return undefined;
    await this.audit(
      state,
      {
        action: 'review.reminded',
        details: {
          stageId: stage.id,
          stage: stage.name,
          dueAt: stage.dueAt,
          approvers: people.map((p) => ({ id: p.id, name: p.name })),
        },
      },
      tx,
    );
    const notice = `Reminder: ${stage.name} of ${state.useCaseCode} is waiting for your decision, due ${formatDay(stage.dueAt)}.`;
    return this.followUp.enqueue(
      tx,
      {
        topic: 'review.reminded',
        reviewId: state.id,
        stageId: stage.id,
        people: people.map((p) => ({ id: p.id, name: p.name })),
        notice,
      },
      now,
    );
  }

  private escalationTarget(stage: StageState): ReviewPerson {
    if (stage.backup) return stage.backup;
    const contact = this.options.org.review.escalationContact;
    if (contact) return { id: contact.id, name: contact.name };
    const admin = this.options.org.admins[0];
    return { id: admin.id, name: admin.name };
  }

  private async escalateStage(state: ReviewState, stage: StageState, timer: ReviewTimer, now: Date, tx: Queryable) {
    const to = this.escalationTarget(stage);
    const outcome = escalate(state, stage.id, timer.activation, to)!;
    if (outcome.added && !(await this.reviews.save(outcome.state, state.version, this.pendingIds(outcome.state), tx))) {
      throw new Error('The review changed while it was locked; the escalation was not saved.');
    }
    await this.reviews.finishTimer(timer.id, now, 'escalated', tx);
    await this.audit(
      state,
      {
        action: 'review.escalated',
        details: {
          stageId: stage.id,
          stage: stage.name,
          dueAt: stage.dueAt,
          to: { id: to.id, name: to.name },
          addedAsApprover: outcome.added,
        },
      },
      tx,
    );
    const notice = `Escalated to you: ${stage.name} of ${state.useCaseCode} passed its deadline (${formatDay(stage.dueAt)}). You can decide on it now; the original approvers still can too, and whoever decides first counts.`;
    return this.followUp.enqueue(
      tx,
      {
        topic: 'review.escalated',
        reviewId: state.id,
        stageId: stage.id,
        to: { id: to.id, name: to.name },
        notice,
        refreshCopies: outcome.added,
      },
      now,
    );
  }
}
