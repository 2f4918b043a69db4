import type { RiskTier } from '../intake/use-case-facts';
import type { Queryable } from '../store/database';
import type { PortfolioStage } from './lifecycle';

/** One row of the AI inventory: every submitted use case with its tier, stage, owner, models, hosting and next re-review. */
export interface InventoryRow {
  id: number;
  code: string;
  title: string;
  tier: RiskTier;
  /** The portfolio stage once approved; before that (or when rejected/withdrawn) the review status. */
  stage: PortfolioStage | 'submitted' | 'in-review' | 'changes-requested' | 'rejected' | 'withdrawn';
  ownerId: string;
  owner: string;
  businessUnit: string;
  models: string[];
  hosting?: string;
  goLive?: string;
  monthlyCost?: number;
  nextReReviewAt?: string;
  openIncidents: number;
}

export interface InventoryFilter {
  stage?: string;
  tier?: string;
  businessUnit?: string;
  /** Only this owner's cases (what a person who is not a CoE admin sees). */
  ownerId?: string;
  limit?: number;
}

export interface PeriodCount {
  period: string;
  count: number;
}

export interface CostPerDeployment {
  deployments: number;
  totalMonthlyCost: number;
  /** Sum of the latest reported monthly cost of every production deployment / deployments; undefined with none. */
  perDeployment?: number;
  /** Per check-in month: reported production costs / production cases reporting. */
  trend: Array<{ period: string; perDeployment: number; deployments: number }>;
}

export interface Satisfaction {
  mean?: number;
  n: number;
  byBusinessUnit: Array<{ businessUnit: string; mean: number; n: number }>;
  /** Per quarter, oldest first. */
  trend: Array<{ period: string; mean: number; n: number }>;
}

export interface StageTiming {
  stageId: string;
  stage: string;
  slaBusinessDays: number;
  decided: number;
  meanDays: number;
  /** Share of decided stage runs completed by their SLA due date. */
  onTimeShare: number;
  /** Runs still open past their due date. */
  overdueOpen: number;
}

export interface ReviewTimes {
  decided: number;
  /** Mean calendar days from submission to the final decision. */
  meanDaysToDecision?: number;
  stages: StageTiming[];
}

const num = (v: unknown): number => Number(v ?? 0);
const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The portfolio's metric queries (the CoE's success measures: production count, cost per deployment, business-unit
 * satisfaction, review times). Reads the portfolio tables with the use cases and reviews they extend.
 */
export class PortfolioMetrics {
  constructor(
    private readonly db: Queryable,
    private readonly reReviewMonths: number,
  ) {}

  /** The AI inventory, most recently submitted first (at most `filter.limit` rows). */
  async inventory(filter: InventoryFilter = {}): Promise<InventoryRow[]> {
    return (await this.inventoryPage(filter)).rows;
  }

  /**
   * One page of the inventory and how many cases match in total. Stage and filters are applied in SQL on the use cases
   * alone; the latest check-in and open incidents are looked up for the page's rows only.
   */
  async inventoryPage(filter: InventoryFilter = {}): Promise<{ rows: InventoryRow[]; total: number }> {
    const limit = filter.limit ?? 100_000;
    const where = `($1::text is null or u.tier = $1) and ($2::text is null or u.business_unit = $2)
      and ($3::text is null or u.submitter_id = $3) and ($4::text is null or inventory_stage(u.status, p.stage) = $4)`;
    const params = [filter.tier ?? null, filter.businessUnit ?? null, filter.ownerId ?? null, filter.stage ?? null];
    const rows = await this.db.query<Record<string, unknown>>(
      `select u.id, u.code, u.title, u.tier, u.submitter_id, u.submitter_name, u.business_unit,
              inventory_stage(u.status, p.stage) as stage,
              case when jsonb_array_length(coalesce(p.models, '[]'::jsonb)) > 0 then p.models
                   when coalesce(u.answers->'solution'->>'model', '') <> '' then jsonb_build_array(u.answers->'solution'->>'model') else '[]'::jsonb end as models,
              coalesce(p.hosting, u.facts->>'hosting') as hosting,
              to_char(p.go_live, 'YYYY-MM-DD') as go_live_day,
              coalesce(p.latest_actual_cost, p.monthly_cost_estimate) as monthly_cost,
              case when u.tier = 'high' and p.stage = 'production' then coalesce(p.last_rereview_at, p.production_at) + make_interval(months => $5::int) end as next_rereview,
              (select count(*) from ai_incidents i where i.use_case_id = u.id and i.status in ('reported', 'contained')) as open_incidents
         from use_cases u left join portfolio_cases p on p.use_case_id = u.id
        where ${where}
        order by u.id desc limit $6`,
      [...params, this.reReviewMonths, limit],
    );
    const total =
      rows.length < limit
        ? rows.length
        : filter.businessUnit === undefined && filter.ownerId === undefined
          ? // Stage and tier alone: the funnel's counters (kept by triggers, migration 012) hold the count.
            num(
              (
                await this.db.query<{ n: unknown }>(
                  'select coalesce(sum(n), 0) as n from portfolio_funnel where ($1::text is null or tier = $1) and ($2::text is null or stage = $2)',
                  [filter.tier ?? null, filter.stage ?? null],
                )
              )[0].n,
            )
          : num(
              (
                await this.db.query<{ n: unknown }>(
                  `select count(*) as n from use_cases u left join portfolio_cases p on p.use_case_id = u.id where ${where}`,
                  params,
                )
              )[0].n,
            );
    return {
      total,
      rows: rows.map((r): InventoryRow => ({
        id: num(r.id),
        code: String(r.code),
        title: String(r.title),
        tier: r.tier as RiskTier,
        stage: r.stage as InventoryRow['stage'],
        ownerId: String(r.submitter_id),
        owner: String(r.submitter_name),
        businessUnit: String(r.business_unit),
        models: (typeof r.models === 'string' ? JSON.parse(r.models) : r.models) as string[],
        hosting: (r.hosting as string | null) ?? undefined,
        goLive: (r.go_live_day as string | null) ?? undefined,
        monthlyCost: r.monthly_cost === null ? undefined : num(r.monthly_cost),
        nextReReviewAt: r.next_rereview ? new Date(r.next_rereview as string).toISOString() : undefined,
        openIncidents: num(r.open_incidents),
      })),
    };
  }

  /** How many cases there are per inventory stage and tier (the funnel). */
  async funnel(ownerId?: string): Promise<Array<{ stage: string; tier: RiskTier; count: number }>> {
    // Everyone's: the counters kept by triggers on use_cases and portfolio_cases (migration 012).
    const rows = ownerId
      ? await this.db.query<{ stage: string; tier: RiskTier; n: number | string }>(
          `select inventory_stage(u.status, p.stage) as stage, u.tier, count(*) as n
             from use_cases u left join portfolio_cases p on p.use_case_id = u.id
            where u.submitter_id = $1 group by 1, 2`,
          [ownerId],
        )
      : await this.db.query<{ stage: string; tier: RiskTier; n: number | string }>(
          'select stage, tier, n from portfolio_funnel where n > 0',
        );
    return rows.map((r) => ({ stage: r.stage, tier: r.tier, count: num(r.n) }));
  }

  /** Cases reaching production per quarter (the first time each reached it), oldest first. */
  async productionPerQuarter(): Promise<PeriodCount[]> {
    const rows = await this.db.query<{ period: string; n: number | string }>(
      `select to_char(production_at at time zone 'UTC', 'YYYY-"Q"Q') as period, count(*) as n
         from portfolio_cases where production_at is not null group by 1 order by 1`,
    );
    return rows.map((r) => ({ period: r.period, count: num(r.n) }));
  }

  /** Cost per production deployment: the latest reported monthly cost (else the estimate) of each case now in production, averaged. */
  async costPerDeployment(): Promise<CostPerDeployment> {
    const [[total], trend] = await Promise.all([
      this.db.query<{ n: number | string; total: string | number | null }>(
        `select count(*) as n, sum(coalesce(latest_actual_cost, monthly_cost_estimate, 0)) as total
           from portfolio_cases where stage = 'production'`,
      ),
      this.db.query<{ period: string; total: string | number; n: number | string }>(
        'select period, total, n from portfolio_cost_months where n > 0 order by period',
      ),
    ]);
    const deployments = num(total.n);
    const totalMonthlyCost = round(num(total.total));
    return {
      deployments,
      totalMonthlyCost,
      perDeployment: deployments ? round(totalMonthlyCost / deployments) : undefined,
      trend: trend.map((t) => ({
        period: t.period,
        deployments: num(t.n),
        perDeployment: round(num(t.total) / num(t.n)),
      })),
    };
  }

  /** Business-unit satisfaction from the sponsors' quarterly ratings: mean and n overall, per unit, and per quarter. */
  async satisfaction(): Promise<Satisfaction> {
    // Sums per business unit and quarter, kept by a trigger on portfolio_ratings (migration 012).
    type Mean = { mean: string | number | null; n: number | string };
    const [[all], units, trend] = await Promise.all([
      this.db.query<Mean>(
        'select sum(total)::numeric / nullif(sum(n), 0) as mean, coalesce(sum(n), 0) as n from portfolio_rating_sums',
      ),
      this.db.query<Mean & { business_unit: string }>(
        `select business_unit, sum(total)::numeric / sum(n) as mean, sum(n) as n from portfolio_rating_sums
          where n > 0 group by business_unit order by business_unit`,
      ),
      this.db.query<Mean & { period: string }>(
        'select period, sum(total)::numeric / sum(n) as mean, sum(n) as n from portfolio_rating_sums where n > 0 group by period order by period',
      ),
    ]);
    return {
      mean: all.mean === null ? undefined : round(num(all.mean)),
      n: num(all.n),
      byBusinessUnit: units.map((u) => ({ businessUnit: u.business_unit, mean: round(num(u.mean)), n: num(u.n) })),
      trend: trend.map((t) => ({ period: t.period, mean: round(num(t.mean)), n: num(t.n) })),
    };
  }

  /** Time from submission to decision, and per review stage the mean days taken and the share decided within the SLA. */
  async reviewTimes(now: Date): Promise<ReviewTimes> {
    // Totals per stage and the open stage runs, kept by a trigger on reviews (migration 012).
    const [[overall], stages] = await Promise.all([
      this.db.query<{ n: number | string; mean_days: string | number | null }>(
        'select decided as n, days_sum / nullif(decided, 0) as mean_days from review_decision_totals',
      ),
      this.db.query<{
        id: string;
        name: string;
        sla: string | number;
        decided: number | string;
        mean_days: string | number | null;
        on_time: number | string;
        overdue: number | string;
      }>(
        `select t.stage_id as id, t.stage_name as name, t.sla_business_days as sla, t.decided,
                t.days_sum / nullif(t.days_n, 0) as mean_days, t.on_time,
                (select count(*) from review_open_stage_runs o where o.stage_id = t.stage_id and o.due_at < $1) as overdue
           from review_stage_totals t where t.runs > 0 order by t.stage_id`,
        [now],
      ),
    ]);
    return {
      decided: num(overall.n),
      meanDaysToDecision: overall.mean_days === null ? undefined : round(num(overall.mean_days)),
      stages: stages.map((s) => ({
        stageId: s.id,
        stage: s.name,
        slaBusinessDays: num(s.sla),
        decided: num(s.decided),
        meanDays: round(num(s.mean_days)),
        onTimeShare: num(s.decided) ? round(num(s.on_time) / num(s.decided), 3) : 0,
        overdueOpen: num(s.overdue),
      })),
    };
  }
}
