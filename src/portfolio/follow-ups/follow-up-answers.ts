import type { Actor } from '../../directory/actor';
import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/card-kit';
import type { OrgConfig } from '../../org-settings';
import type { UseCaseRepository } from '../../intake/use-case-repository';
import type { AuditEvent, AuditLog } from '../../store/audit-log';
import type { Database, Queryable, SqlParam } from '../../store/database';
import { thanksCard } from '../cards/check-in-cards';

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

export interface FollowUpAnswersOptions {
  db: Database;
  org: OrgConfig;
  useCases: UseCaseRepository;
  audit: AuditLog;
  now: () => Date;
}

/**
 * The answers to the follow-up cards: the owner's monthly check-in and the business unit's quarterly rating. Each is
 * stored once per case and period (a second answer is acknowledged, not stored) and audited.
 */
export class FollowUpAnswers {
  constructor(private readonly options: FollowUpAnswersOptions) {}

  /** The owner's (or an admin's) check-in; a second one for the same month is answered, not stored. */
  async submitCheckIn(actor: Actor, raw: unknown): Promise<AdaptiveCard | string> {
    const parsed = checkInInput.safeParse(raw);
    if (!parsed.success) return parsed.error.issues.map((i) => i.message).join(' ');
    const input = parsed.data;
    const uc = await this.options.useCases.get(input.useCaseId);
    if (!uc || !actor.aadObjectId) return 'I cannot find that use case.';
    if (actor.aadObjectId !== uc.submitterId && !this.options.org.admins.some((a) => a.id === actor.aadObjectId))
      return `Only the owner of ${uc.code} (${uc.submitterName}) can send its check-in.`;
    const stored = await this.storeOnce(
      `insert into portfolio_checkins (use_case_id, period, stage, actual_monthly_cost, incidents, news, reporter_id, at) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (use_case_id, period) do nothing returning id`,
      [
        uc.id,
        input.period,
        input.stage,
        input.actualMonthlyCost,
        input.incidents,
        input.news || null,
        actor.aadObjectId,
        this.options.now(),
      ],
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
    );
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
  async rate(actor: Actor, raw: unknown): Promise<AdaptiveCard | string> {
    const parsed = ratingInput.safeParse(raw);
    if (!parsed.success) return parsed.error.issues.map((i) => i.message).join(' ');
    const input = parsed.data;
    const uc = await this.options.useCases.get(input.useCaseId);
    if (!uc || !actor.aadObjectId) return 'I cannot find that use case.';
    const contact = this.options.org.portfolio.businessUnitContacts[uc.businessUnit];
    if (!contact || contact.id !== actor.aadObjectId)
      return `Only ${contact ? contact.name : "the business unit's contact"} rates ${uc.businessUnit}'s satisfaction with ${uc.code}.`;
    const stored = await this.storeOnce(
      `insert into portfolio_ratings (use_case_id, business_unit, period, score, comment, rater_id, at) values ($1, $2, $3, $4, $5, $6, $7) on conflict (use_case_id, period) do nothing returning id`,
      [uc.id, uc.businessUnit, input.period, input.score, input.comment || null, actor.aadObjectId, this.options.now()],
      {
        actorId: actor.aadObjectId,
        actorName: actor.name,
        subjectType: 'use-case',
        subjectId: uc.code,
        action: 'portfolio.rated',
        comment: input.comment,
        details: { period: input.period, score: input.score },
      },
    );
    if (!stored)
      return thanksCard(
        `${uc.code} rating`,
        `${uc.businessUnit}'s rating for ${input.period} was already recorded; nothing was changed.`,
        false,
      );
    return thanksCard(`${uc.code} rating`, `Thank you: ${input.score} out of 5 recorded for ${input.period}.`);
  }

  /** Runs an insert that does nothing on conflict and audits `event` in the same transaction only when a row was added. */
  private storeOnce(insertSql: string, params: SqlParam[], event: AuditEvent): Promise<boolean> {
    return this.options.db.transaction(async (tx: Queryable) => {
      const rows = await tx.query(insertSql, params);
      if (rows.length) await this.options.audit.append(event, tx);
      return rows.length > 0;
    });
  }
}
