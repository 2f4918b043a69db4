import { RISK_TIERS, label } from '../../intake/use-case-facts';
import { PORTFOLIO_STAGES, STAGE_LABELS } from '../lifecycle';
import { barChart, funnelChart, lineChart, slaChart } from './dashboard-charts';
import type { DashboardAggregates, DashboardData } from './dashboard-data';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;

/** Escapes text for HTML element content and attribute values. */
export function esc(value: unknown): string {
  const text = String(value ?? '');
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => ENTITIES[c]) : text;
}

const FUNNEL_STAGES = ['submitted', 'in-review', 'changes-requested', ...PORTFOLIO_STAGES, 'rejected'];
const stageLabel = (s: string) =>
  (STAGE_LABELS as Record<string, string>)[s] ?? s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
const pct = (v?: number) => (v === undefined ? '—' : `${Math.round(v * 100)}%`);
// One formatter for the page: toLocaleString builds a new one per call (costly over hundreds of inventory rows).
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const usd = (v?: number) => (v === undefined ? '—' : `USD ${WHOLE.format(v)}`);

function panel(id: string, title: string, body: string, wide = false): string {
  return `<fluent-card class="panel${wide ? ' wide' : ''}" id="${id}" data-panel="${id}"><h2>${esc(title)}</h2>${body}</fluent-card>`;
}

function kpi(value: string, caption: string): string {
  return `<div class="kpi"><div class="kpi-value">${esc(value)}</div><div class="kpi-caption">${esc(caption)}</div></div>`;
}

/**
 * A filter as a Fluent select (form-associated, so the form still submits it), with a native select in <noscript> for
 * browsers without JavaScript; CSS hides the Fluent element until it is defined.
 */
function select(name: string, current: string | undefined, options: Array<[string, string]>): string {
  const caption = name === 'businessUnit' ? 'Business unit' : name[0].toUpperCase() + name.slice(1);
  const all: Array<[string, string]> = [['', 'All'], ...options];
  const fluent = all
    .map(
      ([v, t]) =>
        `<fluent-option value="${esc(v)}"${v === (current ?? '') ? ' selected' : ''}>${esc(t)}</fluent-option>`,
    )
    .join('');
  const native = all
    .map(([v, t]) => `<option value="${esc(v)}"${v === (current ?? '') ? ' selected' : ''}>${esc(t)}</option>`)
    .join('');
  return `<label>${esc(caption)} <fluent-select name="${name}" value="${esc(current ?? '')}" position="below" aria-label="${esc(caption)}">${fluent}</fluent-select><noscript><select name="${name}">${native}</select></noscript></label>`;
}

/** The dashboard's SVG charts by panel id, rendered from the aggregate metrics (cacheable: no viewer-specific data). */
export function renderCharts(d: DashboardAggregates): Record<string, string> {
  const funnelStages = FUNNEL_STAGES.filter((st) => d.funnel.some((f) => f.stage === st));
  const tiers = RISK_TIERS.filter((t) => d.funnel.some((f) => f.tier === t));
  return {
    funnel: funnelStages.length
      ? funnelChart(
          d.funnel.map((f) => ({ ...f, stage: stageLabel(f.stage), tier: label(f.tier) })),
          funnelStages.map(stageLabel),
          tiers.map((t) => label(t)),
        )
      : '<p class="empty">No use cases yet.</p>',
    production: barChart(
      d.productionPerQuarter.map((p) => p.period),
      d.productionPerQuarter.map((p) => p.count),
      'Reached production',
    ),
    cost: lineChart(
      d.cost.trend.map((t) => t.period),
      d.cost.trend.map((t) => t.perDeployment),
      'USD per deployment',
    ),
    satisfaction: lineChart(
      d.satisfaction.trend.map((t) => t.period),
      d.satisfaction.trend.map((t) => t.mean),
      'Mean rating',
      { min: 1, max: 5 },
    ),
    reviewSla: d.reviewTimes.stages.length ? slaChart(d.reviewTimes.stages) : '',
  };
}

/**
 * The dashboard's content (server-rendered HTML with SVG charts): the portfolio funnel, the three CoE success metrics
 * with their trends, review times against SLA, knowledge and announcement panels, and the inventory with filters.
 * `query` carries the identity parameter of the local dev mode into the filter form and the CSV link.
 */
export function renderDashboardContent(
  d: DashboardData,
  options: { hidden?: Record<string, string>; csvUrl?: string } = {},
): string {
  const s = d.satisfaction;
  const k = d.knowledge;
  const productionTotal = d.productionPerQuarter.reduce((n, p) => n + p.count, 0);
  const charts = d.charts ?? renderCharts(d);
  const panels = [
    panel('funnel', 'Portfolio by stage and risk tier', charts.funnel, true),
    panel(
      'production',
      'Projects reaching production',
      `${kpi(String(productionTotal), 'in total')}${charts.production}`,
    ),
    panel(
      'cost',
      'Cost per production deployment',
      `${kpi(usd(d.cost.perDeployment), `per month, ${d.cost.deployments} deployment${d.cost.deployments === 1 ? '' : 's'} (total ${usd(d.cost.totalMonthlyCost)})`)}${charts.cost}`,
    ),
    panel(
      'satisfaction',
      'Business-unit satisfaction',
      `${kpi(s.mean === undefined ? '—' : `${s.mean.toFixed(2)} / 5`, `n = ${s.n}`)}${charts.satisfaction}<table><thead><tr><th>Business unit</th><th>Mean</th><th>n</th></tr></thead><tbody>${s.byBusinessUnit
        .map((b) => `<tr><td>${esc(b.businessUnit)}</td><td>${b.mean.toFixed(2)}</td><td>${b.n}</td></tr>`)
        .join('')}</tbody></table>`,
    ),
    panel(
      'review-sla',
      'Review time against SLA',
      `${kpi(d.reviewTimes.meanDaysToDecision === undefined ? '—' : `${d.reviewTimes.meanDaysToDecision} days`, `mean from submission to decision (${d.reviewTimes.decided} decided)`)}${charts.reviewSla}<table><thead><tr><th>Stage</th><th>Decided</th><th>On time</th><th>Overdue now</th></tr></thead><tbody>${d.reviewTimes.stages
        .map(
          (st) =>
            `<tr><td>${esc(st.stage)}</td><td>${st.decided}</td><td>${pct(st.onTimeShare)}</td><td>${st.overdueOpen}</td></tr>`,
        )
        .join('')}</tbody></table>`,
      true,
    ),
    panel(
      'knowledge',
      'Knowledge base',
      `<div class="kpis">${kpi(WHOLE.format(k.questions), 'questions')}${kpi(pct(k.answeredShare), 'answered from the playbooks')}${kpi(pct(k.thumbsUpShare), 'thumbs up')}${kpi(String(k.escalations), `escalated, ${k.escalationsAnswered} answered`)}${kpi(k.meanHoursToExpertAnswer === undefined ? '—' : `${k.meanHoursToExpertAnswer} h`, 'to an expert answer')}</div><h3>Top gaps</h3><ol class="gaps">${k.topGaps
        .map((g) => `<li>${esc(g.question)} <span class="muted">(${g.total})</span></li>`)
        .join('')}</ol>`,
    ),
    panel(
      'announcements',
      'Announcement reach',
      d.announcements.length
        ? `<table><thead><tr><th>Announcement</th><th>Delivered</th><th>Acknowledged</th></tr></thead><tbody>${d.announcements
            .map(
              (a) =>
                `<tr><td>${esc(a.title)}</td><td>${a.delivered} / ${a.recipients}</td><td>${a.requiresAck ? `${a.acknowledged} (${pct(a.delivered ? a.acknowledged / a.delivered : 0)})` : '—'}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '<p class="empty">No announcements sent yet.</p>',
    ),
    panel('inventory', d.viewer.isAdmin ? 'AI inventory' : 'My use cases', inventory(d, options), true),
  ];
  return `<div class="grid">${panels.join('')}</div><p class="muted">Generated ${esc(d.generatedAt.slice(0, 16).replace('T', ' '))} UTC for ${esc(d.viewer.name)}${d.viewer.isAdmin ? ' (CoE admin)' : ''}.</p>`;
}

function inventory(d: DashboardData, options: { hidden?: Record<string, string>; csvUrl?: string }): string {
  const f = d.filter;
  const hidden = Object.entries(options.hidden ?? {})
    .map(([n, v]) => `<input type="hidden" name="${esc(n)}" value="${esc(v)}">`)
    .join('');
  const form = `<form class="filters" method="get">${hidden}${select(
    'stage',
    f.stage,
    FUNNEL_STAGES.map((s) => [s, stageLabel(s)]),
  )}${select(
    'tier',
    f.tier,
    RISK_TIERS.map((t) => [t, label(t)]),
  )}${select(
    'businessUnit',
    f.businessUnit,
    d.businessUnits.map((b) => [b, b]),
  )}<fluent-button type="submit" appearance="accent">Filter</fluent-button><noscript><button type="submit">Filter</button></noscript>${options.csvUrl && d.viewer.isAdmin ? ` <fluent-anchor appearance="outline" href="${esc(options.csvUrl)}">Export CSV</fluent-anchor><noscript><a class="button" href="${esc(options.csvUrl)}">Export CSV</a></noscript>` : ''}</form>`;
  if (d.inventory.length === 0)
    return `${form}<p class="empty">${d.viewer.isAdmin ? 'No use cases match.' : 'You have no use cases matching this filter. Say "submit a use case" to the bot to start one.'}</p>`;
  const rows = d.inventory
    .map(
      (r) =>
        `<tr data-code="${esc(r.code)}"><td>${esc(r.code)}</td><td>${esc(r.title)}</td><td><span class="tier tier-${esc(r.tier)}">${esc(label(r.tier))}</span></td><td>${esc(stageLabel(r.stage))}</td><td>${esc(r.owner)}</td><td>${esc(r.businessUnit)}</td><td>${esc(r.models.join(', ') || '—')}</td><td>${esc(label(r.hosting))}</td><td>${esc(usd(r.monthlyCost))}</td><td>${esc(r.nextReReviewAt?.slice(0, 10) ?? '—')}</td><td>${r.openIncidents || ''}</td></tr>`,
    )
    .join('');
  const more =
    d.inventoryTotal > d.inventory.length
      ? `<p class="muted">Showing ${d.inventory.length} of ${d.inventoryTotal}; narrow the filter or export the CSV for all.</p>`
      : '';
  return `${form}<div class="table-scroll"><table class="inventory"><thead><tr><th>Case</th><th>Title</th><th>Tier</th><th>Stage</th><th>Owner</th><th>Business unit</th><th>Models</th><th>Hosting</th><th>Monthly cost</th><th>Next re-review</th><th>Open incidents</th></tr></thead><tbody>${rows}</tbody></table></div>${more}`;
}

const STYLE = `
:root{color-scheme:light dark;--bg:#f5f5f5;--card:#fff;--fg:#242424;--muted:#616161;--accent:#5b5fc7;--border:#e0e0e0}
@media (prefers-color-scheme:dark){:root{--bg:#1f1f1f;--card:#292929;--fg:#f0f0f0;--muted:#adadad;--border:#3d3d3d}}
body{margin:0;font-family:"Segoe UI",system-ui,sans-serif;background:var(--bg);color:var(--fg)}
header{padding:16px 24px;background:var(--accent);color:#fff}header h1{margin:0;font-size:20px;font-weight:600}
main{padding:16px 24px}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:16px}
.panel{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:12px 16px;overflow:auto}.panel.wide{grid-column:1/-1}
.panel h2{font-size:16px;margin:0 0 8px}.kpis{display:flex;flex-wrap:wrap;gap:16px}.kpi-value{font-size:24px;font-weight:600}.kpi-caption,.muted{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--border)}
.filters{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-bottom:8px}select,button,.button{font:inherit;padding:4px 8px;border-radius:4px;border:1px solid var(--border)}
button,.button{background:var(--accent);color:#fff;text-decoration:none;cursor:pointer}.tier{padding:1px 6px;border-radius:8px;font-size:12px}
.tier-high{background:#fde7e9;color:#a4262c}.tier-limited{background:#fff4ce;color:#8a5a00}.tier-minimal{background:#dff6dd;color:#0e700e}.tier-prohibited{background:#242424;color:#fff}
.empty{color:var(--muted)}.people a{display:block;padding:6px 0}
fluent-card.panel{display:block;box-sizing:border-box;height:auto;contain:none;background:var(--card);color:var(--fg)}
.filters label{display:flex;align-items:center;gap:6px}#inventory{overflow:visible;position:relative;z-index:1}.table-scroll{overflow:auto}
fluent-select:not(:defined),fluent-button:not(:defined),fluent-anchor:not(:defined){display:none}`;

/**
 * A full HTML page around `body`. `script` is inline page logic (the SSO bootstrap); `fluentModule` is the URL of the
 * Fluent UI web components bundle served by the bot, imported as a module (it registers the fluent-* elements) and
 * switched to the dark palette when the browser prefers dark (as the page's own colours do). Nothing external loads.
 */
export function dashboardHtml(
  body: string,
  options: { title?: string; script?: string; scripts?: string[]; fluentModule?: string } = {},
): string {
  const fluent = options.fluentModule
    ? `<script type="module">import{baseLayerLuminance,StandardLuminance}from${JSON.stringify(options.fluentModule)};if(matchMedia('(prefers-color-scheme: dark)').matches)baseLayerLuminance.setValueFor(document.body,StandardLuminance.DarkMode);</script>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(options.title ?? 'CoE portfolio')}</title><style>${STYLE}</style>${(options.scripts ?? []).map((src) => `<script src="${esc(src)}"></script>`).join('')}</head><body><header><h1>${esc(options.title ?? 'CoE portfolio dashboard')}</h1></header><main id="content">${body}</main>${options.script ? `<script>${options.script}</script>` : ''}${fluent}</body></html>`;
}
