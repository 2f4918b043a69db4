import { type AnnouncementReach, announcementReach } from '../../announcements/announcement-reach';
import { type KnowledgeMetrics, knowledgeMetrics } from '../../knowledge/feedback/knowledge-metrics';
import type { Queryable } from '../../store/database';
import type {
  CostPerDeployment,
  InventoryFilter,
  InventoryRow,
  PeriodCount,
  PortfolioMetrics,
  ReviewTimes,
  Satisfaction,
} from '../portfolio-metrics';

/** Who looks at the dashboard: CoE admins see every case; everyone else their own cases and the public metrics. */
export interface DashboardViewer {
  aadObjectId: string;
  name: string;
  isAdmin: boolean;
}

/** The metrics every viewer sees (aggregates, no individual cases), with their charts rendered once. */
export interface DashboardAggregates {
  funnel: Array<{ stage: string; tier: string; count: number }>;
  productionPerQuarter: PeriodCount[];
  cost: CostPerDeployment;
  satisfaction: Satisfaction;
  reviewTimes: ReviewTimes;
  knowledge: KnowledgeMetrics;
  announcements: AnnouncementReach[];
  businessUnits: string[];
  generatedAt: string;
}

export interface DashboardData extends DashboardAggregates {
  viewer: DashboardViewer;
  inventory: InventoryRow[];
  inventoryTotal: number;
  filter: InventoryFilter;
  /** Rendered SVG charts by panel id (from the cache when it is warm). */
  charts?: Record<string, string>;
}

/** How many inventory rows the page shows; the CSV export has them all. */
export const INVENTORY_PAGE_ROWS = 200;

/** Reads the public aggregate metrics. */
export async function loadAggregates(
  db: Queryable,
  metrics: PortfolioMetrics,
  now: Date,
): Promise<DashboardAggregates> {
  const [funnel, productionPerQuarter, cost, satisfaction, reviewTimes, knowledge, announcements, units] =
    await Promise.all([
      metrics.funnel(),
      metrics.productionPerQuarter(),
      metrics.costPerDeployment(),
      metrics.satisfaction(),
      metrics.reviewTimes(now),
      knowledgeMetrics(db, { gaps: 5 }),
      announcementReach(db, 5),
      db.query<{ business_unit: string }>(
        'select distinct business_unit from use_cases order by business_unit limit 200',
      ),
    ]);
  return {
    funnel,
    productionPerQuarter,
    cost,
    satisfaction,
    reviewTimes,
    knowledge,
    announcements,
    businessUnits: units.map((u) => u.business_unit),
    generatedAt: now.toISOString(),
  };
}

/**
 * Keeps the aggregate metrics and their rendered charts for `ttlMs` (they describe the whole CoE and change slowly),
 * so a page view costs only the viewer's own inventory query. Concurrent refreshes share one load.
 */
export class DashboardCache {
  private entry?: { at: number; aggregates: DashboardAggregates; charts: Record<string, string> };
  private loading?: Promise<{ aggregates: DashboardAggregates; charts: Record<string, string> }>;

  constructor(
    private readonly load: (now: Date) => Promise<DashboardAggregates>,
    private readonly renderCharts: (a: DashboardAggregates) => Record<string, string>,
    private readonly ttlMs = 30_000,
  ) {}

  async get(now: Date): Promise<{ aggregates: DashboardAggregates; charts: Record<string, string> }> {
    if (this.entry && now.getTime() - this.entry.at < this.ttlMs) return this.entry;
    this.loading ??= (async () => {
      try {
        const aggregates = await this.load(now);
        const entry = { at: now.getTime(), aggregates, charts: this.renderCharts(aggregates) };
        this.entry = entry;
        return entry;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}

/** Everything the dashboard shows, for one viewer. The aggregate metrics are public; inventory rows are the viewer's own unless they are an admin. */
export async function loadDashboard(
  db: Queryable,
  metrics: PortfolioMetrics,
  viewer: DashboardViewer,
  filter: InventoryFilter,
  now: Date,
  cache?: DashboardCache,
): Promise<DashboardData> {
  const scoped: InventoryFilter = {
    ...filter,
    ownerId: viewer.isAdmin ? undefined : viewer.aadObjectId,
    limit: INVENTORY_PAGE_ROWS,
  };
  const [shared, page] = await Promise.all([
    cache ? cache.get(now) : loadAggregates(db, metrics, now).then((aggregates) => ({ aggregates, charts: undefined })),
    metrics.inventoryPage(scoped),
  ]);
  return {
    ...shared.aggregates,
    charts: shared.charts,
    viewer,
    inventory: page.rows,
    inventoryTotal: page.total,
    filter,
  };
}
