import { z } from 'zod';
import type { OrgConfig } from '../org-settings';
import type { ReviewHandoff } from '../intake/review-handoff';
import type { UseCaseRepository } from '../intake/use-case-repository';
import type { Logger } from '../observability/logger';
import type { AuditLog } from '../store/audit-log';
import type { Database, Queryable } from '../store/database';
import { Outbox, type OutboxEntry } from '../store/outbox';
import type { AdaptiveCard } from '../cards/card-kit';
import { checkInCard, satisfactionCard, thanksCard } from './cards/check-in-cards';
import { monthOf, quarterOf } from './periods';
import { PortfolioRepository } from './portfolio-repository';
import type { PortfolioActor } from './portfolio-service';

/** The way out to people: a card in their personal chat (undefined when they never installed the bot). */
export interface PortfolioNotifier {
  sendCardToPerson(aadObjectId: string, card: object): Promise<unknown>;
}

const id = z.number().int().positive();
/** Follow-up work written to the outbox with the prompt that asks for it (so it is sent once, by one instance). */
const effectSchema = z.discriminatedUnion('topic', [
  z.object({
    topic: z.literal('portfolio.check-in'),
    useCaseId: id,
    period: z.string(),
    recipientId: z.string(),
    stage: z.enum(['pilot', 'production']),
    reminder: z.boolean(),
  }),
  z.object({
    topic: z.literal('portfolio.satisfaction'),
    useCaseId: id,
    period: z.string(),
    recipientId: z.string(),
    reminder: z.boolean(),
  }),
  z.object({ topic: z.literal('portfolio.re-review'), useCaseId: id, period: z.string() }),
]);
type Effect = z.infer<typeof effectSchema>;

const checkInInput = z.object({
  useCaseId: z.coerce.number().int().positive(),
  period: z.string().regex(/^\d{4}-\d{2}$/),
  stage: z.enum(['pilot', 'production']),
  actualMonthlyCost: z.coerce
    .number({ invalid_type_error: "Enter last month's cost as a number." })
    .min(0, 'The cost cannot be negative.')
    .max(100_000_000),
  incidents: z.coerce
    .number({ invalid_type_error: 'Enter the number of incidents (0 if none).' })
    .int()
    .min(0)
    .max(10_000),
  news: z.string().trim().max(300).optional(),
});
const ratingInput = z.object({
  useCaseId: z.coerce.number().int().positive(),
  period: z.string().regex(/^\d{4}-Q[1-4]$/),
  score: z.coerce
    .number({ invalid_type_error: 'Choose a rating from 1 to 5.' })
    .int()
    .min(1, 'Choose a rating from 1 to 5.')
    .max(5, 'Choose a rating from 1 to 5.'),
  comment: z.string().trim().max(1000).optional(),
});

export interface PortfolioFollowUpsOptions {
  db: Database;
  org: OrgConfig;
  useCases: UseCaseRepository;
  audit: AuditLog;
  handoff: ReviewHandoff;
  notifier: PortfolioNotifier;
  logger: Logger;
  now?: () => Date;
}

const DAY = 86_400_000;
/** A case must have been in pilot or production this long before its first check-in. */
const SETTLE_DAYS = 14;

/**
 * The portfolio's proactive work: monthly owner check-ins for pilot and production cases, quarterly satisfaction
 * surveys to the business unit's contact, one reminder each, and the periodic re-review of high-tier production cases.
 * Each prompt is a row unique per case, kind and period, written with its outbox entry in one transaction, so several
 * instances running `runDue` at once send every card once.
 */
export class PortfolioFollowUps {
  private readonly outbox: Outbox;
  private readonly repository: PortfolioRepository;
  private readonly now: () => Date;

  constructor(private readonly options: PortfolioFollowUpsOptions) {
    this.outbox = new Outbox(options.db);
    this.repository = new PortfolioRepository(options.db);
    this.now = options.now ?? (() => new Date());
  }

  /** Schedules what is due at `now` and carries out pending follow-ups; returns how many follow-ups were carried out. */
  async runDue(now: Date = this.now()): Promise<number> {
    const ids = [
      ...(await this.scheduleCheckIns(now)),
      ...(await this.scheduleSurveys(now)),
      ...(await this.scheduleReReviews(now)),
      ...(await this.scheduleReminders(now)),
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

  /** Inserts the prompt (once per case, kind and period) and its outbox entry in one transaction; undefined when it existed. */
  private async prompt(
    now: Date,
    row: { useCaseId: number; kind: string; period: string; recipientId: string },
    effect: Effect,
  ): Promise<number | undefined> {
    return this.options.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `insert into portfolio_prompts (use_case_id, kind, period, recipient_id, created_at) values ($1, $2, $3, $4, $5) on conflict do nothing returning id`,
        [row.useCaseId, row.kind, row.period, row.recipientId, now],
      );
      if (inserted.length === 0) return undefined;
      return this.outbox.enqueue(tx, effect.topic, effect, now);
    });
  }

  private async scheduleCheckIns(now: Date): Promise<number[]> {
    const period = monthOf(now);
    const due = await this.options.db.query<{
      id: number | string;
      submitter_id: string;
      stage: 'pilot' | 'production';
    }>(
      `select u.id, u.submitter_id, p.stage from portfolio_cases p join use_cases u on u.id = p.use_case_id
        where p.stage in ('pilot', 'production') and p.stage_changed_at <= $2
          and not exists (select 1 from portfolio_prompts q where q.use_case_id = u.id and q.kind = 'check-in' and q.period = $1)
        order by u.id limit 200`,
      [period, new Date(now.getTime() - SETTLE_DAYS * DAY)],
    );
    const ids: number[] = [];
    for (const r of due) {
      const useCaseId = Number(r.id);
      const entry = await this.prompt(
        now,
        { useCaseId, kind: 'check-in', period, recipientId: r.submitter_id },
        {
          topic: 'portfolio.check-in',
          useCaseId,
          period,
          recipientId: r.submitter_id,
          stage: r.stage,
          reminder: false,
        },
      );
      if (entry) ids.push(entry);
    }
    return ids;
  }

  private async scheduleSurveys(now: Date): Promise<number[]> {
    const contacts = this.options.org.portfolio.businessUnitContacts;
    const units = Object.keys(contacts);
    if (units.length === 0) return [];
    const period = quarterOf(now);
    const due = await this.options.db.query<{ id: number | string; business_unit: string }>(
      `select u.id, u.business_unit from portfolio_cases p join use_cases u on u.id = p.use_case_id
        where p.stage = 'production' and p.stage_changed_at <= $3 and u.business_unit = any($2::text[])
          and not exists (select 1 from portfolio_prompts q where q.use_case_id = u.id and q.kind = 'satisfaction' and q.period = $1)
        order by u.id limit 200`,
      [period, units, new Date(now.getTime() - SETTLE_DAYS * DAY)],
    );
    const ids: number[] = [];
    for (const r of due) {
      const useCaseId = Number(r.id);
      const recipientId = contacts[r.business_unit].id;
      const entry = await this.prompt(
        now,
        { useCaseId, kind: 'satisfaction', period, recipientId },
        { topic: 'portfolio.satisfaction', useCaseId, period, recipientId, reminder: false },
      );
      if (entry) ids.push(entry);
    }
    return ids;
  }

  private async scheduleReReviews(now: Date): Promise<number[]> {
    const months = this.options.org.portfolio.reReviewMonths;
    const due = await this.options.db.query<{ id: number | string; due: Date | string; submitter_id: string }>(
      `select u.id, u.submitter_id, coalesce(p.last_rereview_at, p.production_at) + make_interval(months => $2::int) as due
         from portfolio_cases p join use_cases u on u.id = p.use_case_id
        where u.tier = 'high' and u.status = 'approved' and p.stage = 'production'
          and coalesce(p.last_rereview_at, p.production_at) + make_interval(months => $2::int) <= $1
        order by u.id limit 50`,
      [now, months],
    );
    const ids: number[] = [];
    for (const r of due) {
      const useCaseId = Number(r.id);
      const period = new Date(r.due).toISOString().slice(0, 10);
      const entry = await this.prompt(
        now,
        { useCaseId, kind: 're-review', period, recipientId: r.submitter_id },
        { topic: 'portfolio.re-review', useCaseId, period },
      );
      if (entry) ids.push(entry);
    }
    return ids;
  }

  /** One reminder for a check-in or survey still unanswered after `reminderDays`. */
  private async scheduleReminders(now: Date): Promise<number[]> {
    const before = new Date(now.getTime() - this.options.org.portfolio.reminderDays * DAY);
    return this.options.db.transaction(async (tx) => {
      const rows = await tx.query<{
        id: number | string;
        use_case_id: number | string;
        kind: 'check-in' | 'satisfaction';
        period: string;
        recipient_id: string;
        stage: 'pilot' | 'production';
      }>(
        `update portfolio_prompts q set reminded_at = $1
          where q.id in (
            select q2.id from portfolio_prompts q2 join portfolio_cases p on p.use_case_id = q2.use_case_id
             where q2.reminded_at is null and q2.created_at <= $2 and q2.kind in ('check-in', 'satisfaction') and p.stage in ('pilot', 'production')
               and not exists (select 1 from portfolio_checkins c where q2.kind = 'check-in' and c.use_case_id = q2.use_case_id and c.period = q2.period)
               and not exists (select 1 from portfolio_ratings r where q2.kind = 'satisfaction' and r.use_case_id = q2.use_case_id and r.period = q2.period)
             order by q2.id limit 200 for update skip locked)
          returning q.id, q.use_case_id, q.kind, q.period, q.recipient_id,
                    (select stage from portfolio_cases p2 where p2.use_case_id = q.use_case_id) as stage`,
        [now, before],
      );
      const ids: number[] = [];
      for (const r of rows) {
        const base = {
          useCaseId: Number(r.use_case_id),
          period: r.period,
          recipientId: r.recipient_id,
          reminder: true,
        };
        const effect: Effect =
          r.kind === 'check-in'
            ? { topic: 'portfolio.check-in', ...base, stage: r.stage }
            : { topic: 'portfolio.satisfaction', ...base };
        ids.push(await this.outbox.enqueue(tx, effect.topic, effect, now));
      }
      return ids;
    });
  }

  /** Sends one follow-up; on failure the entry is released for a later retry. Returns true when carried out. */
  private async carryOut(entry: OutboxEntry, now: Date): Promise<boolean> {
    try {
      const effect = effectSchema.parse({ ...entry.payload, topic: entry.topic });
      const uc = await this.options.useCases.get(effect.useCaseId);
      if (uc) {
        if (effect.topic === 'portfolio.check-in')
          await this.send(
            effect.recipientId,
            checkInCard(uc, effect.period, effect.stage, { reminder: effect.reminder }),
            effect.topic,
            uc.code,
          );
        else if (effect.topic === 'portfolio.satisfaction')
          await this.send(effect.recipientId, satisfactionCard(uc, effect.period), effect.topic, uc.code);
        else await this.reReview(uc.id, effect.period, now);
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

  // ---- Answers ---------------------------------------------------------------------------------------------------

  /** The owner's (or an admin's) check-in; a second one for the same month is answered, not stored. */
  async submitCheckIn(actor: PortfolioActor, raw: unknown): Promise<AdaptiveCard | string> {
    const parsed = checkInInput.safeParse(raw);
    if (!parsed.success) return parsed.error.issues.map((i) => i.message).join(' ');
    const input = parsed.data;
    const uc = await this.options.useCases.get(input.useCaseId);
    if (!uc || !actor.aadObjectId) return 'I cannot find that use case.';
    if (actor.aadObjectId !== uc.submitterId && !this.options.org.admins.some((a) => a.id === actor.aadObjectId))
      return `Only the owner of ${uc.code} (${uc.submitterName}) can send its check-in.`;
    const stored = await this.options.db.transaction(async (tx: Queryable) => {
      const rows = await tx.query(
        `insert into portfolio_checkins (use_case_id, period, stage, actual_monthly_cost, incidents, news, reporter_id, at) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (use_case_id, period) do nothing returning id`,
        [
          uc.id,
          input.period,
          input.stage,
          input.actualMonthlyCost,
          input.incidents,
          input.news || null,
          actor.aadObjectId!,
          this.now(),
        ],
      );
      if (rows.length)
        await this.options.audit.append(
          {
            actorId: actor.aadObjectId,
            actorName: actor.name,
            subjectType: 'use-case',
            subjectId: uc.code,
            action: 'portfolio.checked-in',
            comment: input.news,
            details: {
              period: input.period,
              stage: input.stage,
              actualMonthlyCost: input.actualMonthlyCost,
              incidents: input.incidents,
            },
          },
          tx,
        );
      return rows.length > 0;
    });
    if (!stored)
      return thanksCard(
        `Check-in for ${uc.code}`,
        `The ${input.period} check-in was already recorded; nothing was changed.`,
        false,
      );
    const note =
      input.incidents > 0 ? ' You reported incidents: if one is not reported yet, say **report an AI incident**.' : '';
    return thanksCard(
      `Check-in for ${uc.code}`,
      `Thank you, the ${input.period} check-in is recorded (USD ${input.actualMonthlyCost.toLocaleString('en-US')} last month).${note}`,
    );
  }

  /** The business unit's contact rates a case for the quarter; nobody else may. */
  async rate(actor: PortfolioActor, raw: unknown): Promise<AdaptiveCard | string> {
    const parsed = ratingInput.safeParse(raw);
    if (!parsed.success) return parsed.error.issues.map((i) => i.message).join(' ');
    const input = parsed.data;
    const uc = await this.options.useCases.get(input.useCaseId);
    if (!uc || !actor.aadObjectId) return 'I cannot find that use case.';
    const contact = this.options.org.portfolio.businessUnitContacts[uc.businessUnit];
    if (!contact || contact.id !== actor.aadObjectId)
      return `Only ${contact ? contact.name : "the business unit's contact"} rates ${uc.businessUnit}'s satisfaction with ${uc.code}.`;
    const stored = await this.options.db.transaction(async (tx: Queryable) => {
      const rows = await tx.query(
        `insert into portfolio_ratings (use_case_id, business_unit, period, score, comment, rater_id, at) values ($1, $2, $3, $4, $5, $6, $7) on conflict (use_case_id, period) do nothing returning id`,
        [uc.id, uc.businessUnit, input.period, input.score, input.comment || null, actor.aadObjectId!, this.now()],
      );
      if (rows.length)
        await this.options.audit.append(
          {
            actorId: actor.aadObjectId,
            actorName: actor.name,
            subjectType: 'use-case',
            subjectId: uc.code,
            action: 'portfolio.rated',
            comment: input.comment,
            details: { period: input.period, score: input.score },
          },
          tx,
        );
      return rows.length > 0;
    });
    if (!stored)
      return thanksCard(
        `${uc.code} rating`,
        `${uc.businessUnit}'s rating for ${input.period} was already recorded; nothing was changed.`,
        false,
      );
    return thanksCard(`${uc.code} rating`, `Thank you: ${input.score} out of 5 recorded for ${input.period}.`);
  }
}
