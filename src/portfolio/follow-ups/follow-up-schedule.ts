import type { OrgConfig } from '../../org-settings';
import type { Database, Queryable } from '../../store/database';
import type { Outbox } from '../../store/outbox';
import { monthOf, quarterOf } from '../periods';
import type { FollowUpEffect } from './follow-up-effects';

const DAY = 86_400_000;
/** A case must have been in pilot or production this long before its first check-in. */
const SETTLE_DAYS = 14;

type Asked = 'check-in' | 'satisfaction';

/** Prompts still unanswered, found by `reminders` and `escalations` (the case is still in pilot or production). */
const UNANSWERED = `q2.kind in ('check-in', 'satisfaction') and p.stage in ('pilot', 'production')
  and not exists (select 1 from portfolio_checkins c where q2.kind = 'check-in' and c.use_case_id = q2.use_case_id and c.period = q2.period)
  and not exists (select 1 from portfolio_ratings r where q2.kind = 'satisfaction' and r.use_case_id = q2.use_case_id and r.period = q2.period)`;

/**
 * What the portfolio worker finds due: monthly check-ins, quarterly surveys, re-reviews, one reminder for an unanswered
 * prompt and its escalation. Each returns the outbox entries it wrote. A prompt is a row unique per case, kind and
 * period written with its outbox entry in one transaction, and reminders and escalations are claimed with
 * `for update skip locked`, so instances running at once write each entry once.
 */
export class FollowUpSchedule {
  constructor(
    private readonly db: Database,
    private readonly org: OrgConfig,
    private readonly outbox: Outbox,
  ) {}

  /** Inserts the prompt (once per case, kind and period) and its outbox entry in one transaction; undefined when it existed. */
  private async prompt(
    now: Date,
    row: { useCaseId: number; kind: string; period: string; recipientId: string },
    effect: FollowUpEffect,
  ): Promise<number | undefined> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `insert into portfolio_prompts (use_case_id, kind, period, recipient_id, created_at) values ($1, $2, $3, $4, $5) on conflict do nothing returning id`,
        [row.useCaseId, row.kind, row.period, row.recipientId, now],
      );
      if (inserted.length === 0) return undefined;
      return this.outbox.enqueue(tx, effect.topic, effect, now);
    });
  }

  async checkIns(now: Date): Promise<number[]> {
    const period = monthOf(now);
    const due = await this.db.query<{ id: number | string; submitter_id: string; stage: 'pilot' | 'production' }>(
      `select u.id, u.submitter_id, p.stage from portfolio_cases p join use_cases u on u.id = p.use_case_id
        where p.stage in ('pilot', 'production') and p.stage_changed_at <= $2
          and not exists (select 1 from portfolio_prompts q where q.use_case_id = u.id and q.kind = 'check-in' and q.period = $1)
        order by u.id limit 200`,
      [period, new Date(now.getTime() - SETTLE_DAYS * DAY)],
    );
    const ids: number[] = [];
    for (const r of due) {
      const useCaseId = Number(r.id);
      const recipientId = r.submitter_id;
      const entry = await this.prompt(
        now,
        { useCaseId, kind: 'check-in', period, recipientId },
        { topic: 'portfolio.check-in', useCaseId, period, recipientId, stage: r.stage, reminder: false },
      );
      if (entry) ids.push(entry);
    }
    return ids;
  }

  async surveys(now: Date): Promise<number[]> {
    const contacts = this.org.portfolio.businessUnitContacts;
    const units = Object.keys(contacts);
    if (units.length === 0) return [];
    const period = quarterOf(now);
    const due = await this.db.query<{ id: number | string; business_unit: string }>(
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

  async reReviews(now: Date): Promise<number[]> {
    const months = this.org.portfolio.reReviewMonths;
    const due = await this.db.query<{ id: number | string; due: Date | string; submitter_id: string }>(
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
  async reminders(now: Date): Promise<number[]> {
    const before = new Date(now.getTime() - this.org.portfolio.reminderDays * DAY);
    return this.db.transaction(async (tx) => {
      const rows = await this.claim(tx, 'reminded_at', 'q2.reminded_at is null and q2.created_at <= $2', now, before);
      const ids: number[] = [];
      for (const r of rows) {
        const base = {
          useCaseId: Number(r.use_case_id),
          period: r.period,
          recipientId: r.recipient_id,
          reminder: true,
        };
        const effect: FollowUpEffect =
          r.kind === 'check-in'
            ? { topic: 'portfolio.check-in', ...base, stage: r.stage }
            : { topic: 'portfolio.satisfaction', ...base };
        ids.push(await this.outbox.enqueue(tx, effect.topic, effect, now));
      }
      return ids;
    });
  }

  /**
   * A check-in or survey still unanswered `escalationDays` after it was sent (and reminded) goes to the review
   * escalation contact (else the first CoE admin), the way an overdue review stage does. 0 days turns it off.
   */
  async escalations(now: Date): Promise<number[]> {
    const days = this.org.portfolio.escalationDays;
    const to = this.org.review.escalationContact ?? this.org.admins[0];
    if (days === 0 || !to) return [];
    const before = new Date(now.getTime() - days * DAY);
    return this.db.transaction(async (tx) => {
      const rows = await this.claim(
        tx,
        'escalated_at',
        'q2.escalated_at is null and q2.reminded_at is not null and q2.created_at <= $2',
        now,
        before,
      );
      const ids: number[] = [];
      for (const r of rows) {
        const effect: FollowUpEffect = {
          topic: 'portfolio.escalation',
          useCaseId: Number(r.use_case_id),
          kind: r.kind,
          period: r.period,
          recipientId: r.recipient_id,
          to: { id: to.id, name: to.name },
          stage: r.stage,
          askedAt: new Date(r.created_at).toISOString(),
        };
        ids.push(await this.outbox.enqueue(tx, effect.topic, effect, now));
      }
      return ids;
    });
  }

  /** Marks up to 200 unanswered prompts matching `where` (column `mark` set to now) and returns them. */
  private claim(tx: Queryable, mark: 'reminded_at' | 'escalated_at', where: string, now: Date, before: Date) {
    return tx.query<{
      use_case_id: number | string;
      kind: Asked;
      period: string;
      recipient_id: string;
      created_at: Date | string;
      stage: 'pilot' | 'production';
    }>(
      `update portfolio_prompts q set ${mark} = $1
        where q.id in (
          select q2.id from portfolio_prompts q2 join portfolio_cases p on p.use_case_id = q2.use_case_id
           where ${where} and ${UNANSWERED}
           order by q2.id limit 200 for update of q2 skip locked)
        returning q.use_case_id, q.kind, q.period, q.recipient_id, q.created_at,
                  (select stage from portfolio_cases p2 where p2.use_case_id = q.use_case_id) as stage`,
      [now, before],
    );
  }
}
