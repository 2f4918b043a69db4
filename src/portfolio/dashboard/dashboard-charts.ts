import * as echarts from 'echarts';

/** Charts rendered on the server as SVG strings (ECharts server-side rendering: no canvas, no browser build). */

const PALETTE = ['#5b5fc7', '#c4314b', '#e3a21a', '#13a10e', '#0078d4', '#8764b8'];

function render(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: 'Segoe UI, sans-serif' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Stacked bars: cases per lifecycle stage, one colour per risk tier. */
export function funnelChart(
  rows: Array<{ stage: string; tier: string; count: number }>,
  stages: string[],
  tiers: string[],
): string {
  return render(
    {
      grid: { left: 130, right: 20, top: 30, bottom: 30 },
      legend: { top: 0, data: tiers },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: stages, inverse: true },
      series: tiers.map((tier) => ({
        name: tier,
        type: 'bar',
        stack: 'cases',
        data: stages.map((s) => rows.filter((r) => r.stage === s && r.tier === tier).reduce((n, r) => n + r.count, 0)),
      })),
    },
    560,
    300,
  );
}

/** Bars per period (e.g. projects reaching production per quarter). */
export function barChart(labels: string[], values: number[], name: string): string {
  return render(
    {
      grid: { left: 40, right: 10, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name, type: 'bar', data: values, label: { show: true, position: 'top' } }],
    },
    360,
    220,
  );
}

/** A line per period (cost per deployment, satisfaction). */
export function lineChart(
  labels: string[],
  values: number[],
  name: string,
  options: { min?: number; max?: number } = {},
): string {
  return render(
    {
      grid: { left: 50, right: 10, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', min: options.min, max: options.max },
      series: [{ name, type: 'line', data: values, symbolSize: 7, label: { show: values.length <= 8 } }],
    },
    360,
    220,
  );
}

/** Mean days per review stage against its SLA (business days). */
export function slaChart(stages: Array<{ stage: string; meanDays: number; slaBusinessDays: number }>): string {
  return render(
    {
      grid: { left: 120, right: 20, top: 30, bottom: 30 },
      legend: { top: 0, data: ['Mean days taken', 'SLA (business days)'] },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: stages.map((s) => s.stage), inverse: true },
      series: [
        { name: 'Mean days taken', type: 'bar', data: stages.map((s) => s.meanDays) },
        { name: 'SLA (business days)', type: 'bar', data: stages.map((s) => s.slaBusinessDays) },
      ],
    },
    560,
    Math.max(160, 60 + stages.length * 40),
  );
}
