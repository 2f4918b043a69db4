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
    const rows = await this.db.query<Record<string, unknown>>(
      `with cases as (
         select u.id, u.code, u.title, u.tier, u.submitter_id, u.submitter_name, u.business_unit, u.answers, u.facts,
                p.models as p_models, p.hosting as p_hosting, p.go_live, p.monthly_cost_estimate, p.stage as p_stage, p.production_at, p.last_rereview_at,
                case when p.stage is not null and (u.status = 'approved' or p.stage in ('paused', 'retired')) then p.stage
                     when u.status = 'approved' then 'approved' else u.status end as stage
           from use_cases u left join portfolio_cases p on p.use_case_id = u.id
          where ($1::text is null or u.tier = $1) and ($2::text is null or u.business_unit = $2) and ($3::text is null or u.submitter_id = $3)),
       page as (
         select c.*, count(*) over () as total from cases c where ($5::text is null or c.stage = $5) order by c.id desc limit $6)
       select page.*,
              case when jsonb_array_length(coalesce(page.p_models, '[]'::jsonb)) > 0 then page.p_models
                   when coalesce(page.answers->'solution'->>'model', '') <> '' then jsonb_build_array(page.answers->'solution'->>'model') else '[]'::jsonb end as models,
              coalesce(page.p_hosting, page.facts->>'hosting') as hosting,
              to_char(page.go_live, 'YYYY-MM-DD') as go_live_day,
              coalesce((select k.actual_monthly_cost from portfolio_checkins k where k.use_case_id = page.id order by k.period desc limit 1), page.monthly_cost_estimate) as monthly_cost,
              case when page.tier = 'high' and page.p_stage = 'production' then coalesce(page.last_rereview_at, page.production_at) + make_interval(months => $4::int) end as next_rereview,
              (select count(*) from ai_incidents i where i.use_case_id = page.id and i.status in ('reported', 'contained')) as open_incidents
         from page order by page.id desc`,
      [
        filter.tier ?? null,
        filter.businessUnit ?? null,
        filter.ownerId ?? null,
        this.reReviewMonths,
        filter.stage ?? null,
        filter.limit ?? 100_000,
      ],
    );
    const total = rows.length ? num(rows[0].total) : 0;
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
    const rows = await this.db.query<{ stage: string; tier: RiskTier; n: number | string }>(
      `select case when p.stage is not null and (u.status = 'approved' or p.stage in ('paused', 'retired')) then p.stage
                   when u.status = 'approved' then 'approved' else u.status end as stage, u.tier, count(*) as n
         from use_cases u left join portfolio_cases p on p.use_case_id = u.id
        where ($1::text is null or u.submitter_id = $1)
        group by 1, 2`,
      [ownerId ?? null],
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
    const [total] = await this.db.query<{ n: number | string; total: string | number | null }>(
      `select count(*) as n, sum(coalesce(c.actual_monthly_cost, p.monthly_cost_estimate, 0)) as total
         from portfolio_cases p
         left join lateral (select actual_monthly_cost from portfolio_checkins k where k.use_case_id = p.use_case_id order by k.period desc limit 1) c on true
        where p.stage = 'production'`,
    );
    const trend = await this.db.query<{ period: string; total: string | number; n: number | string }>(
      `select period, sum(actual_monthly_cost) as total, count(distinct use_case_id) as n
         from portfolio_checkins where stage = 'production' group by period order by period`,
    );
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
    const [all] = await this.db.query<{ mean: string | number | null; n: number | string }>(
      'select avg(score) as mean, count(*) as n from portfolio_ratings',
    );
    const units = await this.db.query<{ business_unit: string; mean: string | number; n: number | string }>(
      'select business_unit, avg(score) as mean, count(*) as n from portfolio_ratings group by business_unit order by business_unit',
    );
    const trend = await this.db.query<{ period: string; mean: string | number; n: number | string }>(
      'select period, avg(score) as mean, count(*) as n from portfolio_ratings group by period order by period',
    );
    return {
      mean: all.mean === null ? undefined : round(num(all.mean)),
      n: num(all.n),
      byBusinessUnit: units.map((u) => ({ businessUnit: u.business_unit, mean: round(num(u.mean)), n: num(u.n) })),
      trend: trend.map((t) => ({ period: t.period, mean: round(num(t.mean)), n: num(t.n) })),
    };
  }

  /** Time from submission to decision, and per review stage the mean days taken and the share decided within the SLA. */
  async reviewTimes(now: Date): Promise<ReviewTimes> {
    const [overall] = await this.db.query<{ n: number | string; mean_days: string | number | null }>(
      `select count(*) as n, avg(extract(epoch from ((state->>'closedAt')::timestamptz - coalesce((state->>'createdAt')::timestamptz, created_at))) / 86400) as mean_days
         from reviews where status in ('approved', 'rejected') and state->>'closedAt' is not null and state->>'autoRejectReasons' is null`,
    );
    const stages = await this.db.query<{
      id: string;
      name: string;
      sla: string | number;
      decided: number | string;
      mean_days: string | number | null;
      on_time: number | string;
      overdue: number | string;
    }>(
      `select s->>'id' as id, max(s->>'name') as name, max((s->>'slaBusinessDays')::numeric) as sla,
              count(*) filter (where s->>'completedAt' is not null) as decided,
              avg(extract(epoch from ((s->>'completedAt')::timestamptz - (s->>'startedAt')::timestamptz)) / 86400) filter (where s->>'completedAt' is not null and s->>'startedAt' is not null) as mean_days,
              count(*) filter (where s->>'completedAt' is not null and (s->>'completedAt')::timestamptz <= (s->>'dueAt')::timestamptz) as on_time,
              count(*) filter (where s->>'status' = 'active' and (s->>'dueAt')::timestamptz < $1) as overdue
         from reviews r cross join lateral jsonb_array_elements(r.state->'stages') s
        group by s->>'id' order by min(s->>'id')`,
      [now],
    );
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
