import type { AdaptiveCard } from '../cards/card-kit';
import type { OrgConfig } from '../org-settings';
import type { Logger } from '../observability/logger';
import type { Database, Queryable } from '../store/database';
import { Outbox, type OutboxEntry, type Steps } from '../store/outbox';
import { reviewNoticeCard } from './review-cards';
import type { ReviewDelivery } from './review-delivery';
import { reviewEffectSchema, type NoticeText, type ReviewEffect } from './review-effects';
import { pendingApprovers, pendingInStage } from './review-machine';
import type { ReviewNotifier } from './review-notifier';
import type { ReviewRepository } from './review-repository';
import type { ReviewPerson, ReviewRules, ReviewState } from './review-types';
import { reviewCardFor } from './review-views';

export interface ReviewFollowUpOptions {
  db: Database;
  org: OrgConfig;
  notifier: ReviewNotifier;
  logger: Logger;
  reviews: ReviewRepository;
  delivery: ReviewDelivery;
  rules: ReviewRules;
  now: () => Date;
}

/**
 * What follows a committed review change: the cards and notices it sends. Each change writes its follow-up to a
 * transactional outbox in its own transaction; the process that made the change carries it out right after the
 * commit, and if that process dies or fails, any instance's review worker does it later, skipping the parts
 * already done. Cards are rendered from the review's state at sending time.
 */
export class ReviewFollowUp {
  private readonly outbox: Outbox;

  constructor(private readonly options: ReviewFollowUpOptions) {
    this.outbox = new Outbox(options.db, { clock: options.now });
  }

  /** Writes what must follow this change into the outbox, in the change's own transaction. */
  enqueue(tx: Queryable, effect: ReviewEffect, now: Date): Promise<number> {
    return this.outbox.enqueue(tx, effect.topic, effect, now);
  }

  /**
   * Carries out a committed change's follow-up right away. Never throws: if this fails (database gone, process
   * stopping), the entry stays in the outbox and the review worker carries it out later.
   */
  async carryOut(effectId: number | undefined): Promise<void> {
    if (effectId === undefined) return;
    try {
      const entry = await this.outbox.claim(effectId, this.options.now());
      if (entry) await this.perform(entry);
    } catch (err) {
      this.options.logger.warn('follow-up of a review change failed; the review worker will retry it', {
        err,
        effectId,
      });
    }
  }

  /**
   * Carries out follow-up work left behind by a process that died or failed after its commit (entries older than
   * `olderThanMs`). Safe on every instance: entries are claimed under a lease. Returns how many were handled.
   */
  async runPending(now: Date, olderThanMs = 30_000): Promise<number> {
    let handled = 0;
    // One claim at a time, so no claim waits (and expires) behind the others' work.
    while (handled < 20) {
      const [entry] = await this.outbox.claimDue(now, olderThanMs, 1, 'review.');
      if (!entry) break;
      this.options.logger.warn('carrying out the follow-up of a review change that was left unfinished', {
        effectId: entry.id,
        topic: entry.topic,
        attempts: entry.attempts,
      });
      await this.perform(entry);
      handled++;
    }
    return handled;
  }

  private async perform(entry: OutboxEntry): Promise<void> {
    const now = this.options.now;
    try {
      const effect = reviewEffectSchema.parse({ ...entry.payload, topic: entry.topic });
      const state = await this.options.reviews.get(effect.reviewId);
      if (state) await this.apply(effect, state, this.outbox.steps(entry));
      await this.outbox.complete(entry.id, now());
    } catch (err) {
      const gaveUp = await this.outbox
        .release(entry, err instanceof Error ? err.message : String(err), now())
        .catch(() => false);
      this.options.logger[gaveUp ? 'error' : 'warn'](
        gaveUp
          ? 'gave up on the follow-up of a review change'
          : 'follow-up of a review change failed; it will be retried',
        { err, effectId: entry.id, topic: entry.topic },
      );
    }
  }

  private async apply(effect: ReviewEffect, state: ReviewState, steps: Steps): Promise<void> {
    const { delivery, rules } = this.options;
    switch (effect.topic) {
      case 'review.routed':
        await delivery.toPeople(state, this.pendingPeopleOf(state, effect.started), 'review', undefined, steps);
        if (effect.statusCard !== false) await this.sendStatusCard(state, steps);
        return;
      case 'review.auto-rejected':
        await this.announceAutoRejection(state, steps);
        if (effect.refreshCopies) await delivery.refreshCopies(state.id);
        return;
      case 'review.resubmitted':
        await delivery.toPeople(
          state,
          this.pendingPeopleOf(state, effect.started),
          'review',
          `${state.useCaseCode} was resubmitted after changes.`,
          steps,
        );
        await delivery.noticeTo(state, state.submitterId, this.noticeCard(state, effect.notice), steps);
        await delivery.refreshCopies(state.id);
        return;
      case 'review.withdrawn':
        await delivery.refreshCopies(state.id);
        return;
      case 'review.decided':
        await delivery.noticeTo(state, state.submitterId, this.noticeCard(state, effect.notice), steps);
        await delivery.toPeople(state, this.pendingPeopleOf(state, effect.started), 'review', undefined, steps);
        await delivery.refreshCopies(state.id);
        return;
      case 'review.reminded': {
        // A late retry reminds only those the stage still waits for.
        const stage = state.stages.find((s) => s.id === effect.stageId);
        const waiting = new Set(
          stage && stage.status === 'active' ? pendingInStage(stage, state, rules).map((p) => p.id) : [],
        );
        await delivery.toPeople(
          state,
          effect.people.filter((p) => waiting.has(p.id)),
          'reminder',
          effect.notice,
          steps,
        );
        return;
      }
      case 'review.escalated':
        if (state.stages.find((s) => s.id === effect.stageId)?.status === 'active')
          await delivery.toPeople(state, [effect.to], 'escalation', effect.notice, steps);
        if (effect.refreshCopies) await delivery.refreshCopies(state.id);
        return;
    }
  }

  /** The approvers the given stages wait for, each once. */
  private pendingPeopleOf(state: ReviewState, stageIds: string[]): ReviewPerson[] {
    const seen = new Set<string>();
    return pendingApprovers(state, this.options.rules)
      .filter(({ stage }) => stageIds.includes(stage.id))
      .flatMap(({ people }) => people)
      .filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
  }

  private noticeCard(state: ReviewState, notice: NoticeText): AdaptiveCard {
    return reviewNoticeCard(state, notice.title, notice.lines, this.options.rules);
  }

  /** The submitter's own copy of the review card, kept up to date like the approvers' copies. */
  private async sendStatusCard(state: ReviewState, steps: Steps): Promise<void> {
    await steps.once(`status:${state.submitterId}`, async () => {
      const card = reviewCardFor(state, state.submitterId, this.options.rules, {
        notice: `Your use case was routed to ${state.stages.length} review stage${state.stages.length === 1 ? '' : 's'}. This card stays up to date.`,
      });
      const ref = await this.options.notifier.sendCardToPerson(state.submitterId, card).catch((err: unknown) => {
        this.options.logger.warn('the submitter could not be sent the review status card', {
          err,
          code: state.useCaseCode,
        });
        return undefined;
      });
      if (ref) await this.options.delivery.registerCopy(state, ref, state.submitterId, 'status');
      return true;
    });
  }

  /** A Prohibited submission: the configured group (the AI Ethics Board) is informed and the submitter told why. */
  private async announceAutoRejection(state: ReviewState, steps: Steps): Promise<void> {
    const { org, rules, delivery } = this.options;
    const reasons = state.autoRejectReasons ?? [];
    const group = org.groups[org.review.informOnProhibited];
    const title = `${state.useCaseCode} was rejected automatically`;
    const boardCard = reviewNoticeCard(
      state,
      title,
      [
        `${state.submitterName} submitted a use case in the Prohibited tier: ${reasons.join('; ')}.`,
        'It was not routed for review. You are told because your group is informed of every Prohibited submission.',
      ],
      rules,
    );
    await delivery.noticeToPeople(
      state,
      (group?.members ?? []).map((m) => ({ id: m.id, name: m.name })),
      boardCard,
      steps.scoped('board'),
    );
    const submitterCard = reviewNoticeCard(
      state,
      title,
      [
        `It involves a practice our organisation does not allow: ${reasons.join('; ')}.`,
        'Prohibited use cases are not reviewed and cannot be appealed through the review process. If you ticked a practice by mistake, talk to the CoE before creating a new submission.',
      ],
      rules,
    );
    await delivery.noticeTo(state, state.submitterId, submitterCard, steps.scoped('submitter'));
  }
}
