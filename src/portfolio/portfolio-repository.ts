import type { Queryable } from '../store/database';
import type { PortfolioStage, ProductionDetails } from './lifecycle';

/** An approved use case's place in the portfolio, as stored. */
export interface PortfolioRecord {
  useCaseId: number;
  stage: PortfolioStage;
  version: number;
  models: string[];
  hosting?: string;
  goLive?: string;
  monthlyCostEstimate?: number;
  productionAt?: string;
  lastRereviewAt?: string;
  stageChangedAt: string;
}

interface Row {
  use_case_id: number | string;
  stage: PortfolioStage;
  version: number;
  models: string[] | string;
  hosting: string | null;
  go_live: Date | string | null;
  monthly_cost_estimate: string | number | null;
  production_at: Date | string | null;
  last_rereview_at: Date | string | null;
  stage_changed_at: Date | string;
}

const iso = (v: Date | string | null): string | undefined => (v === null ? undefined : new Date(v).toISOString());

function day(v: Date | string | null): string | undefined {
  if (v === null) return undefined;
  if (typeof v === 'string') return v.slice(0, 10);
  return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
}

function fromRow(r: Row): PortfolioRecord {
  return {
    useCaseId: Number(r.use_case_id),
    stage: r.stage,
    version: r.version,
    models: typeof r.models === 'string' ? (JSON.parse(r.models) as string[]) : r.models,
    hosting: r.hosting ?? undefined,
    goLive: day(r.go_live),
    monthlyCostEstimate: r.monthly_cost_estimate === null ? undefined : Number(r.monthly_cost_estimate),
    productionAt: iso(r.production_at),
    lastRereviewAt: iso(r.last_rereview_at),
    stageChangedAt: new Date(r.stage_changed_at).toISOString(),
  };
}

/** One recorded stage move. */
export interface StageChange {
  fromStage: PortfolioStage;
  toStage: PortfolioStage;
  actorId: string;
  actorName: string;
  reason?: string;
  at: string;
}

/** Storage of the portfolio lifecycle (portfolio_cases and portfolio_stage_changes). */
export class PortfolioRepository {
  constructor(private readonly db: Queryable) {}

  async get(useCaseId: number, tx: Queryable = this.db): Promise<PortfolioRecord | undefined> {
    const [row] = await tx.query<Row>('select * from portfolio_cases where use_case_id = $1', [useCaseId]);
    return row ? fromRow(row) : undefined;
  }

  /** Row-locks the case's portfolio record, creating it (stage approved) on first use. */
  async getOrCreateForUpdate(useCaseId: number, at: Date, tx: Queryable): Promise<PortfolioRecord> {
    await tx.query(
      `insert into portfolio_cases (use_case_id, stage, version, stage_changed_at, created_at) values ($1, 'approved', 0, $2, $2) on conflict (use_case_id) do nothing`,
      [useCaseId, at],
    );
    const [row] = await tx.query<Row>('select * from portfolio_cases where use_case_id = $1 for update', [useCaseId]);
    return fromRow(row);
  }

  /** Moves the case to `to` (production details when going to production) and records the move. */
  async move(
    record: PortfolioRecord,
    change: {
      to: PortfolioStage;
      actorId: string;
      actorName: string;
      reason?: string;
      details?: ProductionDetails;
      at: Date;
    },
    tx: Queryable,
  ): Promise<PortfolioRecord> {
    const d = change.details;
    const [row] = await tx.query<Row>(
      `update portfolio_cases set stage = $2, version = version + 1, stage_changed_at = $3,
          models = coalesce($4::jsonb, models), hosting = coalesce($5, hosting), go_live = coalesce($6::date, go_live),
          monthly_cost_estimate = coalesce($7::numeric, monthly_cost_estimate),
          production_at = case when $2 = 'production' and production_at is null then $3 else production_at end
        where use_case_id = $1 returning *`,
      [
        record.useCaseId,
        change.to,
        change.at,
        d ? JSON.stringify(d.models) : null,
        d?.hosting ?? null,
        d?.goLive ?? null,
        d ? d.monthlyCost : null,
      ],
    );
    await tx.query(
      `insert into portfolio_stage_changes (use_case_id, from_stage, to_stage, actor_id, actor_name, reason, at) values ($1, $2, $3, $4, $5, $6, $7)`,
      [record.useCaseId, record.stage, change.to, change.actorId, change.actorName, change.reason ?? null, change.at],
    );
    return fromRow(row);
  }

  /** Notes a completed re-review (the next one falls due N months later). */
  async markReReviewed(useCaseId: number, at: Date, tx: Queryable = this.db): Promise<void> {
    await tx.query('update portfolio_cases set last_rereview_at = $2 where use_case_id = $1', [useCaseId, at]);
  }

  async history(useCaseId: number, tx: Queryable = this.db): Promise<StageChange[]> {
    const rows = await tx.query<{
      from_stage: PortfolioStage;
      to_stage: PortfolioStage;
      actor_id: string;
      actor_name: string;
      reason: string | null;
      at: Date | string;
    }>('select * from portfolio_stage_changes where use_case_id = $1 order by at, id', [useCaseId]);
    return rows.map((r) => ({
      fromStage: r.from_stage,
      toStage: r.to_stage,
      actorId: r.actor_id,
      actorName: r.actor_name,
      reason: r.reason ?? undefined,
      at: new Date(r.at).toISOString(),
    }));
  }
}
