import type { Queryable } from '../store/database';
import { type ReviewCore, auditReview, pendingIds } from './review-core';
import { formatDay } from './review-cards';
import type { ReviewHandoffService } from './review-handoff-service';
import { escalate, isTimerCurrent, pendingInStage } from './review-machine';
import type { ReviewTimer } from './review-repository';
import type { ReviewPerson, ReviewState, StageState } from './review-types';

/**
 * The review's clock work, driven by the review worker: reminders and escalations from database timers, and routing
 * submissions that never reached review. Safe on every instance (timers are claimed with `for update skip locked`).
 */
export class ReviewScheduler {
  constructor(
    private readonly core: ReviewCore,
    private readonly handoff: Pick<ReviewHandoffService, 'submitted'>,
  ) {}

  /**
   * Routes use cases that were submitted but never reached review (the process died or the database failed between
   * the submission and its hand-off). Safe to run on every instance: `submitted` locks the use case and routes once.
   */
  async routeStranded(now: Date, olderThanMs = 60_000): Promise<number> {
    const submitted = await this.core.useCases.listSubmittedBefore(new Date(now.getTime() - olderThanMs));
    let routed = 0;
    for (const uc of submitted) {
      if (await this.core.reviews.getByUseCase(uc.id)) continue;
      this.core.logger.warn('routing a submission that never reached review', { code: uc.code });
      await this.handoff.submitted(uc);
      routed++;
    }
    return routed;
  }

  /**
   * Handles the oldest due timer, if any, in one transaction: the timer row is claimed with `for update skip locked`,
   * so several instances never handle the same one. Reminders go to the stage's pending approvers; escalation makes the
   * group's backup approver (else the escalation contact, else the CoE admins) an allowed approver of the stage.
   * Returns false when nothing was due.
   */
  async fireNextDueTimer(now: Date): Promise<boolean> {
    const { core } = this;
    const result = await core.db.transaction(async (tx) => {
      const timer = await core.reviews.claimDueTimer(now, tx);
      if (!timer) return undefined;
      const head = await core.reviews.get(timer.reviewId, tx);
      if (head) await core.useCases.getForUpdate(head.useCaseId, tx);
      const state = head && (await core.reviews.getForUpdate(timer.reviewId, tx));
      if (!state || !isTimerCurrent(state, timer.stageId, timer.activation)) {
        await core.reviews.finishTimer(timer.id, now, 'skipped: the stage is no longer waiting', tx);
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
    await core.followUp.carryOut(result.effectId);
    return true;
  }

  private async remind(state: ReviewState, stage: StageState, timer: ReviewTimer, now: Date, tx: Queryable) {
    const { core } = this;
    const people = pendingInStage(stage, state, core.rules);
    await core.reviews.finishTimer(timer.id, now, people.length ? 'reminded' : 'skipped: nobody pending', tx);
    if (people.length === 0) return undefined;
    const approvers = people.map((p) => ({ id: p.id, name: p.name }));
    await auditReview(
      core,
      state,
      { action: 'review.reminded', details: { stageId: stage.id, stage: stage.name, dueAt: stage.dueAt, approvers } },
      tx,
    );
    const notice = `Reminder: ${stage.name} of ${state.useCaseCode} is waiting for your decision, due ${formatDay(stage.dueAt)}.`;
    return core.followUp.enqueue(
      tx,
      { topic: 'review.reminded', reviewId: state.id, stageId: stage.id, people: approvers, notice },
      now,
    );
  }

  private escalationTarget(stage: StageState): ReviewPerson {
    if (stage.backup) return stage.backup;
    const contact = this.core.org.review.escalationContact;
    if (contact) return { id: contact.id, name: contact.name };
    const admin = this.core.org.admins[0];
    return { id: admin.id, name: admin.name };
  }

  private async escalateStage(state: ReviewState, stage: StageState, timer: ReviewTimer, now: Date, tx: Queryable) {
    const { core } = this;
    const to = this.escalationTarget(stage);
    const outcome = escalate(state, stage.id, timer.activation, to)!;
    if (
      outcome.added &&
      !(await core.reviews.save(outcome.state, state.version, pendingIds(outcome.state, core.rules), tx))
    ) {
      throw new Error('The review changed while it was locked; the escalation was not saved.');
    }
    await core.reviews.finishTimer(timer.id, now, 'escalated', tx);
    await auditReview(
      core,
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
    return core.followUp.enqueue(
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
