import { horizontalBars, verticalChart } from './svg-chart-kit';

/** The dashboard's charts, rendered on the server as SVG strings (no canvas, no browser build, nothing downloaded). */

/** Stacked bars: cases per lifecycle stage, one colour per risk tier. */
export function funnelChart(
  rows: Array<{ stage: string; tier: string; count: number }>,
  stages: string[],
  tiers: string[],
): string {
  const count = (stage: string, tier: string) =>
    rows.filter((r) => r.stage === stage && r.tier === tier).reduce((n, r) => n + r.count, 0);
  return horizontalBars(
    stages,
    tiers.map((tier) => ({ name: tier, values: stages.map((s) => count(s, tier)) })),
    { width: 560, height: 300, left: 130, right: 20, top: 30, bottom: 30 },
    { stacked: true, integers: true, title: 'Use cases by stage and risk tier' },
  );
}

/** Bars per period (e.g. projects reaching production per quarter). */
export function barChart(labels: string[], values: number[], name: string): string {
  return verticalChart(
    labels,
    { name, values },
    { width: 360, height: 220, left: 40, right: 10, top: 20, bottom: 30 },
    { kind: 'bar', labels: true, integers: true, title: name },
  );
}

/** A line per period (cost per deployment, satisfaction). */
export function lineChart(
  labels: string[],
  values: number[],
  name: string,
  options: { min?: number; max?: number } = {},
): string {
  return verticalChart(
    labels,
    { name, values },
    { width: 360, height: 220, left: 50, right: 10, top: 20, bottom: 30 },
    { kind: 'line', labels: values.length <= 8, title: name, ...options },
  );
}

/** Mean days per review stage against its SLA (business days). */
export function slaChart(stages: Array<{ stage: string; meanDays: number; slaBusinessDays: number }>): string {
  return horizontalBars(
    stages.map((s) => s.stage),
    [
      { name: 'Mean days taken', values: stages.map((s) => s.meanDays) },
      { name: 'SLA (business days)', values: stages.map((s) => s.slaBusinessDays) },
    ],
    { width: 560, height: Math.max(160, 60 + stages.length * 40), left: 120, right: 20, top: 30, bottom: 30 },
    { title: 'Review time against SLA' },
  );
}
