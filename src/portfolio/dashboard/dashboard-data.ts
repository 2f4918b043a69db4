import { type AnnouncementReach, announcementReach } from '../../announcements/announcement-reach';
import { type KnowledgeMetrics, knowledgeMetrics } from '../../knowledge/feedback/knowledge-metrics';
import type { Queryable } from '../../store/database';
import type { CostPerDeployment, InventoryFilter, InventoryRow, PeriodCount, PortfolioMetrics, ReviewTimes, Satisfaction } from '../portfolio-metrics';

/** Who looks at the dashboard: CoE admins see every case; everyone else their own cases and the public metrics. */
export interface DashboardViewer {
  aadObjectId: string;
  name: string;
  isAdmin: boolean;
}

export interface DashboardData {
  viewer: DashboardViewer;
  funnel: Array<{ stage: string; tier: string; count: number }>;
  productionPerQuarter: PeriodCount[];
  cost: CostPerDeployment;
  satisfaction: Satisfaction;
  reviewTimes: ReviewTimes;
  knowledge: KnowledgeMetrics;
  announcements: AnnouncementReach[];
  inventory: InventoryRow[];
  inventoryTotal: number;
  filter: InventoryFilter;
  businessUnits: string[];
  generatedAt: string;
}

/** How many inventory rows the page shows; the CSV export has them all. */
export const INVENTORY_PAGE_ROWS = 200;

/** Everything the dashboard shows, for one viewer. The aggregate metrics are public; inventory rows are the viewer's own unless they are an admin. */
export async function loadDashboard(db: Queryable, metrics: PortfolioMetrics, viewer: DashboardViewer, filter: InventoryFilter, now: Date): Promise<DashboardData> {
  const scoped: InventoryFilter = { ...filter, ownerId: viewer.isAdmin ? undefined : viewer.aadObjectId };
  const [funnel, productionPerQuarter, cost, satisfaction, reviewTimes, knowledge, announcements, inventory, units] = await Promise.all([
    metrics.funnel(),
    metrics.productionPerQuarter(),
    metrics.costPerDeployment(),
    metrics.satisfaction(),
    metrics.reviewTimes(now),
    knowledgeMetrics(db, { gaps: 5 }),
    announcementReach(db, 5),
    metrics.inventory(scoped),
    db.query<{ business_unit: string }>('select distinct business_unit from use_cases order by business_unit limit 200'),
  ]);
  return {
    viewer,
    funnel,
    productionPerQuarter,
    cost,
    satisfaction,
    reviewTimes,
    knowledge,
    announcements,
    inventory: inventory.slice(0, INVENTORY_PAGE_ROWS),
    inventoryTotal: inventory.length,
    filter,
    businessUnits: units.map((u) => u.business_unit),
    generatedAt: now.toISOString(),
  };
}
