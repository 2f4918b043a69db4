import type { Actor } from '../directory/actor';
import { NOT_VISIBLE, maySeeUseCase } from '../intake/use-case-access';
import { type Outcome, type Refusal, ok, refuse } from '../runtime/outcome';
import { type MembershipCheck, checkMembership } from './decision-membership';
import { decisionNotice, membershipDetails } from './decision-notice';
import {
  type ReviewCore,
  auditCompletion,
  auditReview,
  machineContext,
  pendingIds,
  startStages,
  syncUseCaseStatus,
  waitingLine,
} from './review-core';
import type { CardPurpose } from './review-delivery';
import { decide, pendingStageFor } from './review-machine';
import type { CardRef } from './review-notifier';
import { reviewCircle } from './review-circle';
import type { DecideOutcome, Decision, ReviewFeedback, ReviewState, ReviewView, StageState } from './review-types';

export interface DecisionInput {
  reviewId: number;
  version: number;
  decision: Decision;
  comment?: string;
  cardActivityId?: string;
}

const info = (text: string): ReviewFeedback => ({ tone: 'info', text });

/** What the approver reads next to the buttons after a decision that did not apply (or did), or a refusal. */
function feedbackFor(outcome: DecideOutcome, state: ReviewState): ReviewFeedback | Refusal {
  switch (outcome.kind) {
    case 'applied':
      return info('Your decision was recorded.');
    case 'duplicate':
      return info('Your decision was already recorded; nothing else changed.');
    case 'stale':
      return info(
        'This review changed since your card was last updated. Here is the current state; decide again if it still needs you.',
      );
    case 'invalid':
      return {
        tone: 'error',
        text: 'A comment is required to reject or request changes. Say what the problem is and what would make the use case acceptable.',
      };
    case 'refused':
      switch (outcome.reason) {
        case 'not-approver':
          return refuse(
            'forbidden',
            `You are not an approver of ${state.useCaseCode}, so you cannot decide on it. Nothing was changed.`,
          );
        case 'self-approval':
          return refuse(
            'forbidden',
            `You submitted ${state.useCaseCode}, so you cannot decide on its review. Nothing was changed.`,
          );
        case 'paused':
          return info(
            `${state.useCaseCode} is waiting for the submitter to make changes; decisions resume when it is resubmitted.`,
          );
        case 'closed':
          return info(`${state.useCaseCode} is already closed; no more decisions are needed.`);
        case 'nothing-pending':
          return info('None of your stages needs a decision from you right now.');
      }
  }
}

/**
 * Approvers' side of the review: decisions with server-side authority (identity from the activity, the review version
 * from the card, one transaction with row locks), the personal view behind a card's refresh, "Open" and the waiting
 * list. Results are domain values (a ReviewView or a refusal); the Teams layer renders them.
 */
export class ReviewDecisions {
  constructor(private readonly core: ReviewCore) {}

  /**
   * Applies Approve / Reject / Request changes from a card. Returns the review as the actor should now see it, with
   * feedback for the bottom of the card, or a refusal (nothing changes then).
   */
  async decide(actor: Actor, input: DecisionInput): Promise<Outcome<ReviewView>> {
    const { core } = this;
    const refusal = this.refuseIdentity(actor);
    if (refusal) return refusal;
    const personId = actor.aadObjectId!;
    const head = await this.visibleReview(actor, input.reviewId);
    if (!head) return refuse('not-found', NOT_VISIBLE);
    const membership = await checkMembership(head, personId, core.rules, core.people, core.logger);
    const name = membership?.memberName ?? (await core.people.displayName(personId, actor.name));
    if (membership && !membership.member)
      return this.refuseFormerMember(head, { ...actor, name }, membership, input.cardActivityId);
    const now = core.now();
    const result = await core.db.transaction(async (tx) => {
      const uc = (await core.useCases.getForUpdate(head.useCaseId, tx))!;
      const current = (await core.reviews.getForUpdate(head.id, tx))!;
      // A withdrawn use case whose review has not been closed yet (the withdrawal is handed over in its own transaction) takes no more decisions.
      const outcome: DecideOutcome =
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
              machineContext(core, now),
            );
      if (outcome.kind !== 'applied') return { outcome, state: current };
      const next = outcome.state;
      if (!(await core.reviews.save(next, current.version, pendingIds(next, core.rules), tx)))
        throw new Error('The review changed while it was locked; nothing was saved.');
      await syncUseCaseStatus(core, uc, next, tx);
      const decided = next.decisions[next.decisions.length - 1];
      await auditReview(
        core,
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
      await auditCompletion(core, next, outcome.completed, tx);
      await startStages(core, next, outcome.started, tx);
      const notice = decisionNotice(next, outcome.stageId, core.org.review.onResubmit, waitingLine(next, core.rules));
      const effect = { topic: 'review.decided' as const, reviewId: next.id, started: outcome.started, notice };
      return { outcome, state: next, effectId: await core.followUp.enqueue(tx, effect, now) };
    });
    if (result.outcome.kind === 'applied') await core.followUp.carryOut(result.effectId);
    const feedback = feedbackFor(result.outcome, result.state);
    if ('ok' in feedback) return feedback;
    return ok({ state: result.state, viewerId: personId, feedback });
  }

  /** Refuses a decision by someone who has left the group their stage was routed to, and records it. */
  private async refuseFormerMember(
    state: ReviewState,
    actor: Actor,
    check: MembershipCheck,
    cardActivityId?: string,
  ): Promise<Refusal> {
    await auditReview(
      this.core,
      state,
      {
        actorId: actor.aadObjectId,
        actorName: actor.name,
        action: 'review.decision-refused',
        activityId: cardActivityId,
        details: { reason: 'no-longer-a-member', membership: membershipDetails(check) },
      },
      this.core.db,
    );
    return refuse(
      'forbidden',
      `You are no longer a member of ${check.groupName}, so you cannot decide on ${state.useCaseCode} any more. Nothing was changed. If this is wrong, ask your directory administrator to add you back to the group.`,
    );
  }

  /**
   * The view behind the card's refresh (each viewer gets their own); a person outside the review's circle gets the
   * plain refusal and nothing of the review. A refresh by an approver is recorded as "viewed", once per review version.
   */
  async view(actor: Actor, reviewId: number, cardActivityId?: string): Promise<Outcome<ReviewView>> {
    const refusal = this.refuseIdentity(actor);
    if (refusal) return refusal;
    const state = await this.visibleReview(actor, reviewId);
    if (!state) return refuse('not-found', NOT_VISIBLE);
    const personId = actor.aadObjectId!;
    if (pendingStageFor(state, personId, this.core.rules)) await this.recordView(state, actor, cardActivityId);
    return ok({ state, viewerId: personId });
  }

  private async recordView(state: ReviewState, actor: Actor, cardActivityId?: string): Promise<void> {
    const seen = await this.core.audit.hasEvent({
      subjectType: 'use-case',
      subjectId: state.useCaseCode,
      action: 'review.viewed',
      actorId: actor.aadObjectId!,
      detailKey: 'version',
      detailValue: String(state.version),
    });
    if (seen) return;
    const event = {
      actorId: actor.aadObjectId,
      actorName: actor.name,
      action: 'review.viewed',
      activityId: cardActivityId,
      details: { version: state.version },
    };
    await auditReview(this.core, state, event, this.core.db);
  }

  /**
   * The review for "Open" on the waiting list, for the Teams layer to post: the person's own view in a personal chat,
   * the read-only view elsewhere. Only the submitter, the review's approvers and CoE admins may open it.
   */
  async open(actor: Actor, reviewId: number, personal: boolean): Promise<Outcome<ReviewView>> {
    const refusal = this.refuseIdentity(actor);
    if (refusal) return refusal;
    const state = await this.visibleReview(actor, reviewId);
    if (!state) return refuse('not-found', NOT_VISIBLE);
    return ok({ state, viewerId: personal ? actor.aadObjectId : undefined });
  }

  /** Records a copy of the review card that the Teams layer posted itself (for example after "Open"); `recipientId` for a personal chat. */
  async registerPostedCopy(
    state: ReviewState,
    ref: CardRef,
    recipientId: string | undefined,
    purpose: CardPurpose = 'open',
  ): Promise<void> {
    await this.core.delivery.registerCopy(state, ref, recipientId, purpose);
  }

  /** "What is waiting for me?": the reviews with a decision pending for this person and its stage, oldest first. */
  async waitingFor(actor: Actor): Promise<Array<{ state: ReviewState; stage: StageState }>> {
    if (!actor.aadObjectId) return [];
    const states = await this.core.reviews.listPendingFor(actor.aadObjectId);
    return states
      .map((state) => ({ state, stage: pendingStageFor(state, actor.aadObjectId!, this.core.rules) }))
      .filter((i): i is { state: ReviewState; stage: StageState } => Boolean(i.stage))
      .sort((a, b) => (a.stage.startedAt ?? '').localeCompare(b.stage.startedAt ?? '') || a.state.id - b.state.id);
  }

  private refuseIdentity(actor: Actor): Refusal | undefined {
    if (!actor.aadObjectId)
      return refuse(
        'forbidden',
        'I could not tell who you are from this action, so nothing was changed. Please use Microsoft Teams signed in with your work account.',
      );
    const tenant = this.core.org.organisation.tenantId;
    if (tenant && actor.tenantId !== tenant)
      return refuse('forbidden', 'This review belongs to another organisation, so nothing was changed.');
    return undefined;
  }

  /** The review if `actor` may see it under the visibility rule (submitter, current or past approvers, CoE admins). */
  private async visibleReview(actor: Actor, reviewId: number): Promise<ReviewState | undefined> {
    const state = await this.core.reviews.get(reviewId);
    return state && maySeeUseCase(actor.aadObjectId, reviewCircle(state), (id) => this.core.directory.isAdmin(id))
      ? state
      : undefined;
  }
}
