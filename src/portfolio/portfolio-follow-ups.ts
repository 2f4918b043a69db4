import type { Actor } from '../directory/actor';
import type { AdaptiveCard } from '../cards/card-kit';
import { Directory } from '../directory/directory';
import type { OrgConfig } from '../org-settings';
import type { ReviewHandoff } from '../intake/review-handoff';
import type { UseCaseRepository } from '../intake/use-case-repository';
import type { Logger } from '../observability/logger';
import type { AuditLog } from '../store/audit-log';
import type { Database } from '../store/database';
import { Outbox, type OutboxEntry } from '../store/outbox';
import { checkInCard, satisfactionCard, surveyEscalationCard } from './cards/check-in-cards';
import { FollowUpAnswers } from './follow-ups/follow-up-answers';
import { type FollowUpEffect, followUpEffectSchema } from './follow-ups/follow-up-effects';
import { FollowUpSchedule } from './follow-ups/follow-up-schedule';
import { PortfolioRepository } from './portfolio-repository';

/** The way out to people: a card in their personal chat (undefined when they never installed the bot). */
export interface PortfolioNotifier {
  sendCardToPerson(aadObjectId: string, card: object): Promise<unknown>;
}

export interface PortfolioFollowUpsOptions {
  db: Database;
  org: OrgConfig;
  /** Roles and groups: the one the identity module built (tests may leave it out: the configured lists alone). */
  directory?: Directory;
  useCases: UseCaseRepository;
  /** The portfolio's repository, one for the service and the follow-ups (the portfolio module passes it). */
  repository?: PortfolioRepository;
  audit: AuditLog;
  handoff: ReviewHandoff;
  notifier: PortfolioNotifier;
  logger: Logger;
  now?: () => Date;
}

/**
 * The portfolio's proactive work: monthly owner check-ins for pilot and production cases, quarterly satisfaction
 * surveys to the business unit's contact, one reminder each and then an escalation, and the periodic re-review of
 * high-tier production cases. `FollowUpSchedule` writes what is due to the outbox (once across instances); this class
 * carries the entries out and takes the answers.
 */
export class PortfolioFollowUps {
  private readonly outbox: Outbox;
  private readonly schedule: FollowUpSchedule;
  private readonly answers: FollowUpAnswers;
  private readonly repository: PortfolioRepository;
  private readonly directory: Directory;
  private readonly now: () => Date;

  constructor(private readonly options: PortfolioFollowUpsOptions) {
    this.outbox = new Outbox(options.db);
    this.schedule = new FollowUpSchedule(options.db, options.org, this.outbox);
    this.repository = options.repository ?? new PortfolioRepository(options.db);
    this.directory = options.directory ?? new Directory(options.org);
    this.now = options.now ?? (() => new Date());
    this.answers = new FollowUpAnswers({ ...options, now: this.now });
  }

  /** Schedules what is due at `now` and carries out pending follow-ups; returns how many follow-ups were carried out. */
  async runDue(now: Date = this.now()): Promise<number> {
    const ids = [
      ...(await this.schedule.checkIns(now)),
      ...(await this.schedule.surveys(now)),
      ...(await this.schedule.reReviews(now)),
      ...(await this.schedule.reminders(now)),
      ...(await this.schedule.escalations(now)),
    ];
    let done = 0;
    for (const entryId of ids) {
      const entry = await this.outbox.claim(entryId, now);
      if (entry && (await this.carryOut(entry, now))) done += 1;
    }
    for (const entry of await this.outbox.claimDue(now, 60_000, 20, 'portfolio.'))
      if (await this.carryOut(entry, now)) done += 1;
    return done;
  }

  /** The owner's (or an admin's) check-in; a second one for the same month is answered, not stored. */
  submitCheckIn(actor: Actor, raw: unknown): Promise<AdaptiveCard | string> {
    return this.answers.submitCheckIn(actor, raw);
  }

  /** The business unit's contact rates a case for the quarter; nobody else may. */
  rate(actor: Actor, raw: unknown): Promise<AdaptiveCard | string> {
    return this.answers.rate(actor, raw);
  }

  /** Sends one follow-up; on failure the entry is released for a later retry. Returns true when carried out. */
  private async carryOut(entry: OutboxEntry, now: Date): Promise<boolean> {
    try {
      const effect = followUpEffectSchema.parse({ ...entry.payload, topic: entry.topic });
      const uc = await this.options.useCases.get(effect.useCaseId);
      if (uc) {
        if (effect.topic === 'portfolio.re-review') await this.reReview(uc.id, effect.period, now);
        else {
          const [to, card] = this.cardOf(effect, uc);
          await this.send(to, card, effect.topic, uc.code);
        }
      }
      await this.outbox.complete(entry.id, now);
      return true;
    } catch (err) {
      const gaveUp = await this.outbox.release(entry, (err as Error).message ?? String(err), now);
      this.options.logger[gaveUp ? 'error' : 'warn']('a portfolio follow-up failed', {
        err,
        entryId: entry.id,
        topic: entry.topic,
        gaveUp,
      });
      return false;
    }
  }

  /** Who gets which card for a check-in, survey or escalation. */
  private cardOf(
    effect: Exclude<FollowUpEffect, { topic: 'portfolio.re-review' }>,
    uc: Parameters<typeof checkInCard>[0],
  ): [string, AdaptiveCard] {
    if (effect.topic === 'portfolio.check-in')
      return [effect.recipientId, checkInCard(uc, effect.period, effect.stage, { reminder: effect.reminder })];
    if (effect.topic === 'portfolio.satisfaction') return [effect.recipientId, satisfactionCard(uc, effect.period)];
    const asked = this.directory.person(effect.recipientId)?.name ?? uc.submitterName;
    const askedOn = effect.askedAt.slice(0, 10);
    if (effect.kind === 'satisfaction') return [effect.to.id, surveyEscalationCard(uc, effect.period, asked, askedOn)];
    return [
      effect.to.id,
      checkInCard(uc, effect.period, effect.stage, {
        escalation: `${asked} was asked on ${askedOn} and reminded once, and has not sent the ${effect.period} check-in for ${uc.code}. Please follow up with them; as a CoE admin you can also send it here.`,
      }),
    ];
  }

  private async send(recipientId: string, card: AdaptiveCard, topic: string, code: string): Promise<void> {
    const sent = await this.options.notifier.sendCardToPerson(recipientId, card);
    if (!sent)
      this.options.logger.warn('a portfolio card could not be delivered: the person has no chat with the bot', {
        topic,
        code,
      });
  }

  private async reReview(useCaseId: number, period: string, now: Date): Promise<void> {
    const uc = await this.options.useCases.get(useCaseId);
    if (!uc || !this.options.handoff.reopen) return;
    const months = this.options.org.portfolio.reReviewMonths;
    const reopened = await this.options.handoff.reopen(uc, {
      answers: uc.answers,
      facts: uc.facts,
      tier: uc.tier,
      tierReasons: uc.tierReasons,
      changedFacts: 'all',
      reason: `Periodic re-review: High-tier use cases in production are re-reviewed every ${months} months (due ${period}).`,
      actorId: 'coe-assistant',
      actorName: 'CoE Assistant',
    });
    if (reopened) await this.repository.markReReviewed(uc.id, now);
  }
}
