import type { Logger } from '../observability/logger';
import type { AuditLog } from '../store/audit-log';
import type { AdaptiveCard } from '../cards/card-kit';
import { EVERY_STEP, type Steps } from '../store/outbox';
import type { CardRef, ReviewNotifier } from './review-notifier';
import type { ReviewRepository } from './review-repository';
import type { ReviewPerson, ReviewRules, ReviewState } from './review-types';
import { reviewCardFor } from './review-views';

/** Why a card was sent, as recorded in the audit trail. */
export type CardPurpose = 'review' | 'status' | 'reminder' | 'escalation' | 'notice' | 'open';

/**
 * Sends review cards and keeps every sent copy current. Runs after the transaction that changed the review has
 * committed, so only the instance whose change won sends anything; a failed send is logged and never undoes a decision.
 */
export class ReviewDelivery {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly notifier: ReviewNotifier,
    private readonly audit: AuditLog,
    private readonly rules: ReviewRules,
    private readonly logger: Logger,
  ) {}

  /** Records a sent copy of the review card (so it is updated after each decision) and audits the send. */
  async registerCopy(
    state: ReviewState,
    ref: CardRef,
    recipientId: string | undefined,
    purpose: CardPurpose,
  ): Promise<void> {
    await this.reviews.addCard(state.id, ref, recipientId, state.version);
    await this.auditSend(state, ref, recipientId, purpose);
  }

  private async auditSend(
    state: ReviewState,
    ref: CardRef,
    recipientId: string | undefined,
    purpose: CardPurpose,
  ): Promise<void> {
    await this.audit.append({
      actorName: 'CoE Assistant',
      subjectType: 'use-case',
      subjectId: state.useCaseCode,
      action: 'review.card-sent',
      activityId: ref.activityId,
      details: {
        purpose,
        conversationId: ref.conversationId,
        ...(recipientId ? { recipientId } : { channel: true, mentioned: (ref.mentions ?? []).map((m) => m.id) }),
      },
    });
  }

  /**
   * Sends each person their own view of the review card in their personal chat; people who never installed the bot
   * (or cannot be reached there) are @mentioned on one card in the review channel instead. With `steps`, a person
   * already sent the card by an earlier attempt is skipped.
   */
  async toPeople(
    state: ReviewState,
    people: ReviewPerson[],
    purpose: CardPurpose,
    notice?: string,
    steps: Steps = EVERY_STEP,
  ): Promise<void> {
    const unreachable: ReviewPerson[] = [];
    for (const person of people) {
      await steps.once(`${purpose}:${person.id}`, async () => {
        try {
          const ref = await this.notifier.sendCardToPerson(
            person.id,
            reviewCardFor(state, person.id, this.rules, { notice }),
          );
          if (ref) {
            await this.registerCopy(state, ref, person.id, purpose);
            return true;
          }
        } catch (err) {
          this.logger.warn('review card could not be sent to a personal chat; falling back to the review channel', {
            err,
            reviewId: state.id,
            personId: person.id,
          });
        }
        unreachable.push(person);
        return false;
      });
    }
    if (unreachable.length === 0) return;
    await steps.once(`${purpose}:channel`, async () => {
      try {
        const ref = await this.notifier.sendCardToReviewChannel(
          reviewCardFor(state, undefined, this.rules, { notice }),
          unreachable,
        );
        if (ref) {
          await this.registerCopy(state, { ...ref, mentions: unreachable }, undefined, purpose);
          return true;
        }
        this.logger.warn('no review channel is configured; some approvers were not told about a review', {
          reviewId: state.id,
          people: unreachable.map((p) => p.id),
        });
      } catch (err) {
        this.logger.error('review card could not be posted to the review channel', { err, reviewId: state.id });
      }
      await this.audit.append({
        actorName: 'CoE Assistant',
        subjectType: 'use-case',
        subjectId: state.useCaseCode,
        action: 'review.card-undeliverable',
        details: { purpose, people: unreachable.map((p) => ({ id: p.id, name: p.name })) },
      });
      return true;
    });
  }

  /** Sends a one-off card (a notice, not a copy of the review card) to a person's personal chat; false when they cannot be reached. */
  async noticeTo(
    state: ReviewState,
    personId: string,
    card: AdaptiveCard,
    steps: Steps = EVERY_STEP,
  ): Promise<boolean> {
    let reached = true;
    await steps.once(`notice:${personId}`, async () => {
      try {
        const ref = await this.notifier.sendCardToPerson(personId, card);
        if (ref) await this.auditSend(state, ref, personId, 'notice');
        reached = Boolean(ref);
      } catch (err) {
        this.logger.warn('a review notice could not be delivered', { err, reviewId: state.id, personId });
        reached = false;
      }
      return reached;
    });
    return reached;
  }

  /** Sends a one-off card to several people: personal chats where possible, one review-channel post @mentioning the rest. */
  async noticeToPeople(
    state: ReviewState,
    people: ReviewPerson[],
    card: AdaptiveCard,
    steps: Steps = EVERY_STEP,
  ): Promise<void> {
    const unreachable: ReviewPerson[] = [];
    for (const person of people) if (!(await this.noticeTo(state, person.id, card, steps))) unreachable.push(person);
    if (unreachable.length === 0) return;
    await steps.once('notice:channel', async () => {
      try {
        const ref = await this.notifier.sendCardToReviewChannel(card, unreachable);
        if (ref) await this.auditSend(state, { ...ref, mentions: unreachable }, undefined, 'notice');
        else
          this.logger.warn('no review channel is configured; some people were not told', {
            reviewId: state.id,
            people: unreachable.map((p) => p.id),
          });
      } catch (err) {
        this.logger.error('a review notice could not be posted to the review channel', { err, reviewId: state.id });
      }
      return true;
    });
  }

  /** Re-renders every sent copy of the review card from the latest stored state, each for the person it was sent to. */
  async refreshCopies(reviewId: number): Promise<void> {
    const state = await this.reviews.get(reviewId);
    if (!state) return;
    const copies = await this.reviews.cards(reviewId);
    await Promise.all(
      copies.map(async (copy) => {
        if (!(await this.reviews.claimRender(copy.id, state.version))) return;
        try {
          await this.notifier.updateCard(copy, reviewCardFor(state, copy.recipientId, this.rules));
        } catch (err) {
          this.logger.warn('a sent review card could not be updated', {
            err,
            reviewId,
            conversationId: copy.conversationId,
          });
        }
      }),
    );
  }
}
