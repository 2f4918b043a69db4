import type { Queryable } from '../store/database';
import type { RiskTier, UseCaseFacts } from './use-case-facts';
import { type UseCase, type UseCaseStatus, type WizardAnswers, useCaseCode } from './use-case';

interface Row {
  id: number;
  code: string;
  submitter_id: string;
  submitter_name: string;
  title: string;
  business_unit: string;
  answers: WizardAnswers;
  facts: UseCaseFacts;
  tier: RiskTier;
  tier_reasons: string[];
  status: UseCaseStatus;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
  submitted_at: Date | string;
}

function fromRow(r: Row): UseCase {
  return {
    id: Number(r.id),
    code: r.code,
    submitterId: r.submitter_id,
    submitterName: r.submitter_name,
    title: r.title,
    businessUnit: r.business_unit,
    answers: r.answers,
    facts: r.facts,
    tier: r.tier,
    tierReasons: r.tier_reasons,
    status: r.status,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    submittedAt: new Date(r.submitted_at).toISOString(),
  };
}

export interface NewUseCase {
  submitterId: string;
  submitterName: string;
  title: string;
  businessUnit: string;
  answers: WizardAnswers;
  facts: UseCaseFacts;
  tier: RiskTier;
  tierReasons: string[];
  idempotencyKey: string;
}

/** Storage of use cases; every status change bumps `version` so stale card actions can be detected. */
export class UseCaseRepository {
  constructor(private readonly db: Queryable) {}

  /** Inserts a submission once per idempotency key; a repeat returns the existing use case and `created: false`. */
  async create(input: NewUseCase, tx: Queryable = this.db): Promise<{ useCase: UseCase; created: boolean }> {
    const existing = await tx.query<Row>('select * from use_cases where idempotency_key = $1', [input.idempotencyKey]);
    if (existing[0]) return { useCase: fromRow(existing[0]), created: false };
    const [{ n }] = await tx.query<{ n: number }>(`select nextval('use_case_number')::int as n`);
    const rows = await tx.query<Row>(
      `insert into use_cases (code, submitter_id, submitter_name, title, business_unit, answers, facts, tier, tier_reasons, status, idempotency_key)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'submitted', $10)
       on conflict (idempotency_key) do nothing returning *`,
      [
        useCaseCode(n),
        input.submitterId,
        input.submitterName,
        input.title,
        input.businessUnit,
        input.answers,
        input.facts,
        input.tier,
        JSON.stringify(input.tierReasons),
        input.idempotencyKey,
      ],
    );
    if (rows[0]) return { useCase: fromRow(rows[0]), created: true };
    const again = await tx.query<Row>('select * from use_cases where idempotency_key = $1', [input.idempotencyKey]);
    return { useCase: fromRow(again[0]), created: false };
  }

  async get(id: number, tx: Queryable = this.db): Promise<UseCase | undefined> {
    const rows = await tx.query<Row>('select * from use_cases where id = $1', [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Loads and row-locks a use case inside a transaction, for state changes that must not interleave. */
  async getForUpdate(id: number, tx: Queryable): Promise<UseCase | undefined> {
    const rows = await tx.query<Row>('select * from use_cases where id = $1 for update', [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async getByCode(code: string, tx: Queryable = this.db): Promise<UseCase | undefined> {
    const rows = await tx.query<Row>('select * from use_cases where code = $1', [code.toUpperCase()]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** How many use cases this person submitted since `since` (first submissions), and the oldest time among them. */
  async recentSubmissionsBy(
    submitterId: string,
    since: Date,
    tx: Queryable = this.db,
  ): Promise<{ count: number; oldest?: Date }> {
    const [row] = await tx.query<{ n: number | string; oldest: Date | string | null }>(
      'select count(*) as n, min(submitted_at) as oldest from use_cases where submitter_id = $1 and submitted_at > $2',
      [submitterId, since],
    );
    return { count: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : undefined };
  }

  /** Use cases still in the submitted status since before `before`, oldest first (the review routes those it missed). */
  async listSubmittedBefore(before: Date, limit = 20): Promise<UseCase[]> {
    const rows = await this.db.query<Row>(
      `select * from use_cases where status = 'submitted' and submitted_at < $1 order by id limit $2`,
      [before, limit],
    );
    return rows.map(fromRow);
  }

  async listBySubmitter(submitterId: string, limit = 20): Promise<UseCase[]> {
    const rows = await this.db.query<Row>(
      'select * from use_cases where submitter_id = $1 order by updated_at desc, id desc limit $2',
      [submitterId, limit],
    );
    return rows.map(fromRow);
  }

  async list(
    filter: { status?: UseCaseStatus; tier?: RiskTier; businessUnit?: string; limit?: number } = {},
  ): Promise<UseCase[]> {
    const rows = await this.db.query<Row>(
      `select * from use_cases where ($1::text is null or status = $1) and ($2::text is null or tier = $2) and ($3::text is null or lower(business_unit) = lower($3))
       order by id desc limit $4`,
      [filter.status ?? null, filter.tier ?? null, filter.businessUnit ?? null, filter.limit ?? 500],
    );
    return rows.map(fromRow);
  }

  /** Sets the status when the stored version still equals `expectedVersion`; returns the updated use case or undefined if stale. */
  async setStatus(
    id: number,
    status: UseCaseStatus,
    expectedVersion: number,
    tx: Queryable = this.db,
  ): Promise<UseCase | undefined> {
    const rows = await tx.query<Row>(
      `update use_cases set status = $2, version = version + 1, updated_at = now() where id = $1 and version = $3 returning *`,
      [id, status, expectedVersion],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Replaces answers, facts and tier after an edit (resubmission), with the same version check. */
  async updateAnswers(
    id: number,
    change: {
      title: string;
      businessUnit: string;
      answers: WizardAnswers;
      facts: UseCaseFacts;
      tier: RiskTier;
      tierReasons: string[];
      status: UseCaseStatus;
    },
    expectedVersion: number,
    tx: Queryable = this.db,
  ): Promise<UseCase | undefined> {
    const rows = await tx.query<Row>(
      `update use_cases set title = $2, business_unit = $3, answers = $4, facts = $5, tier = $6, tier_reasons = $7, status = $8, version = version + 1, updated_at = now()
       where id = $1 and version = $9 returning *`,
      [
        id,
        change.title,
        change.businessUnit,
        change.answers,
        change.facts,
        change.tier,
        JSON.stringify(change.tierReasons),
        change.status,
        expectedVersion,
      ],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }
}
