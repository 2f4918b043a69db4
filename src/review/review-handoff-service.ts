import type { ReopenRequest, ReviewHandoff, ReviewStatusLine } from '../intake/review-handoff';
import type { UseCase } from '../intake/use-case';
import {
  type ReviewCore,
  auditCompletion,
  auditReview,
  baseOf,
  machineContext,
  pendingIds,
  startStages,
  syncUseCaseStatus,
  waitingLine,
} from './review-core';
import type { NoticeText } from './review-effects';
import {
  autoRejectOnResubmit,
  autoRejectedReview,
  newReview,
  pendingApprovers,
  reopen,
  resubmit,
  withdraw,
} from './review-machine';
import { reviewCircle } from './review-circle';
import { resolveRouteApprovers } from './resolve-approvers';
import { routeUseCase, stagesConcerning } from './route-use-case';
import type { ReviewState } from './review-types';

/**
 * The intake's ReviewHandoff port: routes submitted use cases (auto-rejecting Prohibited ones), resumes reviews after
 * resubmission, re-opens approved ones, closes withdrawn ones, and answers "where does my submission stand?".
 */
export class ReviewHandoffService implements ReviewHandoff {
  constructor(private readonly core: ReviewCore) {}

  /**
   * Routes a newly submitted use case (once: a repeat call is a no-op), stores the review, moves the use case to
   * "in-review" and sends the first stages' approvers their cards. A Prohibited use case is rejected automatically,
   * the configured group (the AI Ethics Board) is informed and the submitter told why.
   */
  async submitted(useCase: UseCase, options: { confirmationIsLive?: boolean } = {}): Promise<void> {
    const { core } = this;
    const now = core.now();
    const approvers = await resolveRouteApprovers(useCase, core.org, core.people, core.logger);
    const result = await core.db.transaction(async (tx) => {
      const uc = await core.useCases.getForUpdate(useCase.id, tx);
      if (!uc) throw new Error(`Use case ${useCase.code} does not exist, so it cannot be routed for review.`);
      if (await core.reviews.getByUseCase(uc.id, tx)) return undefined;
      if (uc.status !== 'submitted') {
        core.logger.warn('a use case handed to review is not in the submitted status; it was not routed', {
          code: uc.code,
          status: uc.status,
        });
        return undefined;
      }
      const route = routeUseCase(uc, core.org, now, approvers);
      if (route.kind === 'auto-reject') {
        const state = (await core.reviews.insert(
          autoRejectedReview(baseOf(uc, core.org), route.reasons, now),
          [],
          tx,
        ))!;
        await syncUseCaseStatus(core, uc, state, tx);
        await auditReview(
          core,
          state,
          { action: 'review.auto-rejected', comment: route.reasons.join('; '), details: { tier: uc.tier } },
          tx,
        );
        return core.followUp.enqueue(
          tx,
          { topic: 'review.auto-rejected', reviewId: state.id, refreshCopies: false },
          now,
        );
      }
      const fresh = newReview(baseOf(uc, core.org), route.stages, machineContext(core, now));
      const state = (await core.reviews.insert(fresh.state, pendingIds(fresh.state, core.rules), tx))!;
      await syncUseCaseStatus(core, uc, state, tx);
      await auditReview(
        core,
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
      await startStages(core, state, fresh.started, tx);
      const routed = { topic: 'review.routed' as const, reviewId: state.id, started: fresh.started };
      return core.followUp.enqueue(tx, options.confirmationIsLive ? { ...routed, statusCard: false } : routed, now);
    });
    await core.followUp.carryOut(result);
  }

  /**
   * Resumes a review after the submitter made the requested changes: the route is recomputed from the edited answers
   * (stages that now apply are added), approvals are kept or reset per `review.onResubmit`, and open stages restart.
   * A use case that has no review yet (submitted before reviews existed) is routed as a new submission.
   */
  async resubmitted(useCase: UseCase): Promise<void> {
    const { core } = this;
    const now = core.now();
    const mode = core.org.review.onResubmit;
    const approvers = await resolveRouteApprovers(useCase, core.org, core.people, core.logger);
    const result = await core.db.transaction(async (tx) => {
      const uc = await core.useCases.getForUpdate(useCase.id, tx);
      if (!uc) return undefined;
      const current = await core.reviews.getByUseCase(uc.id, tx, true);
      if (!current) return { kind: 'unreviewed' as const };
      if (current.status !== 'changes-requested') {
        core.logger.warn('a resubmission arrived for a review that is not waiting for changes; it was ignored', {
          code: uc.code,
          status: current.status,
        });
        return undefined;
      }
      const route = routeUseCase(uc, core.org, now, approvers);
      const refreshed: ReviewState = { ...current, ...baseOf(uc, core.org) };
      if (route.kind === 'auto-reject') {
        const state = autoRejectOnResubmit(refreshed, route.reasons, machineContext(core, now))!;
        await core.reviews.save(state, current.version, [], tx);
        await syncUseCaseStatus(core, uc, state, tx);
        await auditReview(
          core,
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
        const effect = { topic: 'review.auto-rejected' as const, reviewId: state.id, refreshCopies: true };
        return { kind: 'changed' as const, effectId: await core.followUp.enqueue(tx, effect, now) };
      }
      const configuredAfter = Object.fromEntries(core.org.review.stages.map((s) => [s.id, s.after]));
      const outcome = resubmit(refreshed, route.stages, configuredAfter, mode, machineContext(core, now))!;
      const state = outcome.state;
      await core.reviews.save(state, current.version, pendingIds(state, core.rules), tx);
      await syncUseCaseStatus(core, uc, state, tx);
      const addedApprovers = state.stages
        .filter((s) => outcome.added.includes(s.id))
        .map((s) => ({
          stageId: s.id,
          approvers: s.approvers.map((p) => ({ id: p.id, name: p.name })),
          basis: s.basis,
        }));
      await auditReview(
        core,
        state,
        {
          actorId: uc.submitterId,
          actorName: uc.submitterName,
          action: 'review.resubmitted',
          details: { round: state.round, onResubmit: mode, addedStages: outcome.added, addedApprovers, tier: uc.tier },
        },
        tx,
      );
      await auditCompletion(core, state, outcome.completed, tx);
      await startStages(core, state, outcome.started, tx);
      const added = state.stages.filter((s) => outcome.added.includes(s.id)).map((s) => s.explanation);
      const waiting = waitingLine(state, core.rules);
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
      const effect = { topic: 'review.resubmitted' as const, reviewId: state.id, started: outcome.started, notice };
      return { kind: 'changed' as const, effectId: await core.followUp.enqueue(tx, effect, now) };
    });
    if (!result) return;
    if (result.kind === 'unreviewed') {
      await this.submitted(useCase);
      return;
    }
    await core.followUp.carryOut(result.effectId);
  }

  /**
   * Re-opens an approved review (a material change after approval, or the periodic re-review) and runs it as a
   * resubmission: the use case takes the new answers, facts and tier, the stages the changed facts concern decide again
   * (all of them for `'all'`), stages the new facts now call for are added, and their approvers get cards as usual.
   */
  async reopen(useCase: UseCase, request: ReopenRequest): Promise<boolean> {
    const { core } = this;
    const updated = await core.db.transaction(async (tx) => {
      const uc = await core.useCases.getForUpdate(useCase.id, tx);
      const current = uc && (await core.reviews.getByUseCase(uc.id, tx, true));
      if (!uc || !current || uc.status !== 'approved') return undefined;
      const fields =
        request.changedFacts === 'all'
          ? 'all'
          : [...request.changedFacts, ...(request.tier !== uc.tier ? ['tier'] : [])];
      const redo = fields === 'all' ? 'all' : stagesConcerning(fields, core.org);
      const state = reopen(current, redo);
      if (!state) return undefined;
      await core.reviews.save(state, current.version, [], tx);
      const changed = await core.useCases.updateAnswers(
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
      await auditReview(
        core,
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
    const { core } = this;
    const now = core.now();
    const effectId = await core.db.transaction(async (tx) => {
      const uc = await core.useCases.getForUpdate(useCase.id, tx);
      const current = uc && (await core.reviews.getByUseCase(uc.id, tx, true));
      if (!uc || !current) return undefined;
      const outcome = withdraw(current, machineContext(core, now));
      if (!outcome) return undefined;
      await core.reviews.save(outcome.state, current.version, [], tx);
      if (uc.status !== 'withdrawn') await syncUseCaseStatus(core, uc, outcome.state, tx);
      await auditReview(
        core,
        outcome.state,
        {
          actorId: uc.submitterId,
          actorName: uc.submitterName,
          action: 'review.withdrawn',
          details: { cancelledStages: outcome.cancelled },
        },
        tx,
      );
      return core.followUp.enqueue(tx, { topic: 'review.withdrawn', reviewId: outcome.state.id }, now);
    });
    await core.followUp.carryOut(effectId);
  }

  /** Everyone who is or was an approver of the use case's review; empty before it is routed. */
  async approverIdsOf(useCase: UseCase): Promise<string[]> {
    const state = await this.core.reviews.getByUseCase(useCase.id);
    return state ? [...reviewCircle(state).approverIds] : [];
  }

  /** For "My submissions": the stages in progress and who they are waiting for. */
  async statusLine(useCase: UseCase): Promise<ReviewStatusLine> {
    const state = await this.core.reviews.getByUseCase(useCase.id);
    if (!state) return {};
    const active = state.stages.filter((s) => s.status === 'active');
    if (state.status === 'changes-requested')
      return { stage: active.map((s) => s.name).join(', ') || undefined, pendingApprovers: [] };
    if (state.status !== 'in-review') return {};
    const people = pendingApprovers(state, this.core.rules).flatMap(({ people }) => people.map((p) => p.name));
    return { stage: active.map((s) => s.name).join(', '), pendingApprovers: [...new Set(people)] };
  }
}
