import type { DashboardAggregates } from '../src/portfolio/dashboard/dashboard-data';
import { renderCharts, renderDashboardContent } from '../src/portfolio/dashboard/dashboard-page';
import { announcementReach } from '../src/announcements/announcement-reach';
import { knowledgeMetrics } from '../src/knowledge/feedback/knowledge-metrics';
import type { PortfolioMetrics } from '../src/portfolio/portfolio-metrics';
import type { Queryable } from '../src/store/database';
import { percentiles } from './bench-kit';

/** Where a cold dashboard render spends its time: each metric query alone, then the chart rendering (median of `runs`). */
export async function profileColdRender(
  db: Queryable,
  metrics: PortfolioMetrics,
  aggregates: DashboardAggregates,
  runs = 7,
): Promise<Array<[string, number]>> {
  const now = new Date();
  const page = await metrics.inventoryPage({ limit: 200 });
  const viewer = { aadObjectId: 'admin', name: 'Admin', isAdmin: true };
  const charts = renderCharts(aggregates);
  const parts: Array<[string, () => Promise<unknown> | unknown]> = [
    ['funnel', () => metrics.funnel()],
    ['production per quarter', () => metrics.productionPerQuarter()],
    ['cost per deployment', () => metrics.costPerDeployment()],
    ['satisfaction', () => metrics.satisfaction()],
    ['review times', () => metrics.reviewTimes(now)],
    ['knowledge metrics', () => knowledgeMetrics(db, { gaps: 5 })],
    ['announcement reach', () => announcementReach(db, 5)],
    ['business units', () => db.query('select distinct business_unit from use_cases order by business_unit limit 200')],
    ['inventory page (admin)', () => metrics.inventoryPage({ limit: 200 })],
    ['charts (SVG)', () => renderCharts(aggregates)],
    [
      'HTML (admin, 200 rows)',
      () =>
        renderDashboardContent({
          ...aggregates,
          charts,
          viewer,
          inventory: page.rows,
          inventoryTotal: page.total,
          filter: {},
        }),
    ],
  ];
  const out: Array<[string, number]> = [];
  for (const [name, run] of parts) {
    const samples: number[] = [];
    for (let i = 0; i < runs + 1; i += 1) {
      const t = process.hrtime.bigint();
      await run();
      if (i > 0) samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    out.push([name, percentiles(samples).p50]);
  }
  return out;
}
