import * as fs from 'node:fs';
import type * as restify from 'restify';
import type { AppEnv } from '../../config/env';
import type { Directory } from '../../directory/directory';
import type { OrgConfig } from '../../org-settings';
import type { Logger } from '../../observability/logger';
import {
  DashboardCache,
  type DashboardViewer,
  loadAggregates,
  loadDashboard,
} from '../../portfolio/dashboard/dashboard-data';
import { dashboardHtml, esc, renderCharts, renderDashboardContent } from '../../portfolio/dashboard/dashboard-page';
import { inventoryToCsv } from '../../portfolio/inventory-csv';
import type { InventoryFilter, PortfolioMetrics } from '../../portfolio/portfolio-metrics';
import type { Database } from '../../store/database';
import { TabTokenValidator } from './tab-token-validator';

export interface DashboardRouteOptions {
  env: AppEnv;
  org: OrgConfig;
  directory: Directory;
  db: Database;
  metrics: PortfolioMetrics;
  logger: Logger;
  /** Replaces the token validator (tests point it at a local OpenID server through the environment instead). */
  validator?: TabTokenValidator;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Teams hosts that may frame the tab. */
const FRAME_ANCESTORS =
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.office.com https://*.cloud.microsoft https://*.microsoft365.com";
const TEAMS_JS_PATH = '/tab/static/teams-js.min.js';
/** The Fluent UI web components bundle's URL: versioned, so browsers may cache it for a year. */
const FLUENT_PATH = `/tab/assets/fluent-web-components-${(JSON.parse(fs.readFileSync(require.resolve('@fluentui/web-components/package.json'), 'utf8')) as { version: string }).version}.min.js`;

function list(v?: string): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The audiences the tab accepts: TAB_SSO_AUDIENCE, else the webApplicationInfo resource derived from PUBLIC_BASE_URL and BOT_ID. */
export function tabAudiences(env: AppEnv): string[] {
  const configured = list(env.TAB_SSO_AUDIENCE);
  if (configured.length) return configured;
  if (!env.BOT_ID) return [];
  const host = env.PUBLIC_BASE_URL ? new URL(env.PUBLIC_BASE_URL).host : undefined;
  return [...(host ? [`api://${host}/botid-${env.BOT_ID}`] : []), env.BOT_ID];
}

function filterOf(query: Record<string, unknown>): InventoryFilter {
  const pick = (k: string) => (typeof query[k] === 'string' && query[k] ? String(query[k]).slice(0, 100) : undefined);
  return { stage: pick('stage'), tier: pick('tier'), businessUnit: pick('businessUnit') };
}

/**
 * The dashboard tab and the inventory CSV, served by the bot process. In Teams the page gets an SSO token with TeamsJS
 * and fetches its content with it; the server validates the token (TabTokenValidator) and renders what that person may
 * see. Locally (no BOT_ID, loopback only) a dev identity chooser stands in for SSO.
 */
export function dashboardRoutes(options: DashboardRouteOptions): (server: restify.Server) => void {
  const { env, org, directory, db, metrics, logger } = options;
  const allowedTenants = org.organisation.tenantId ? [org.organisation.tenantId] : list(env.TAB_ALLOWED_TENANTS);
  const validator =
    options.validator ??
    new TabTokenValidator({ openIdMetadataUrl: env.TAB_OPENID_METADATA, audiences: tabAudiences(env), allowedTenants });
  // The CoE-wide metrics and charts are shared by every viewer and refreshed at most every 30 seconds.
  const cache = new DashboardCache((now) => loadAggregates(db, metrics, now), renderCharts, 30_000);
  // The prebuilt browser ESM bundle, read once from node_modules: nothing is downloaded at run time.
  const fluentBundle = fs.readFileSync(require.resolve('@fluentui/web-components/dist/web-components.min.js'), 'utf8');
  const page = (body: string, opts: Parameters<typeof dashboardHtml>[1] = {}) =>
    dashboardHtml(body, { ...opts, fluentModule: FLUENT_PATH });
  const local = (req: restify.Request) => !env.authEnabled && LOOPBACK.has(req.socket?.remoteAddress ?? '');

  const viewerOf = (id: string, name: string): DashboardViewer => ({
    aadObjectId: id,
    name: directory.person(id)?.name ?? name,
    isAdmin: directory.isAdmin(id),
  });

  /** The viewer from the bearer token, or (local mode) from `?as=`; a reason when neither holds. */
  async function identify(
    req: restify.Request,
  ): Promise<{ viewer: DashboardViewer } | { status: number; reason: string }> {
    const query = (req.query ?? {}) as Record<string, unknown>;
    if (local(req) && typeof query.as === 'string' && query.as)
      return { viewer: viewerOf(query.as.slice(0, 100), 'Local user') };
    const header = req.header('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    if (!token)
      return { status: 401, reason: 'Sign-in is required: open the dashboard from the CoE Assistant app in Teams.' };
    const verdict = await validator.validate(token);
    if (!verdict.ok) {
      logger.warn('dashboard token refused', { reason: verdict.reason });
      return {
        status: 401,
        reason: 'Your sign-in could not be verified. Close and reopen the tab; if it keeps happening, tell the CoE.',
      };
    }
    return { viewer: viewerOf(verdict.identity.aadObjectId, verdict.identity.name) };
  }

  async function content(req: restify.Request, viewer: DashboardViewer): Promise<string> {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const data = await loadDashboard(db, metrics, viewer, filterOf(query), new Date(), cache);
    const asParam = local(req) && typeof query.as === 'string' ? query.as : undefined;
    return renderDashboardContent(data, {
      hidden: asParam ? { as: asParam } : {},
      csvUrl: `/api/portfolio.csv${asParam ? `?as=${encodeURIComponent(asParam)}` : ''}`,
    });
  }

  const send = (res: restify.Response, status: number, type: string, body: string) => {
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Security-Policy', FRAME_ANCESTORS);
    res.setHeader('Cache-Control', 'no-store');
    res.writeHead(status);
    res.end(body);
  };

  function chooser(): string {
    const people = new Map<string, string>();
    for (const p of [...org.admins, ...org.authors, ...Object.values(org.groups).flatMap((g) => g.members)])
      people.set(p.id, p.name);
    for (const c of Object.values(org.portfolio.businessUnitContacts)) people.set(c.id, c.name);
    const links = [...people].map(
      ([id, name]) =>
        `<a href="/tab/dashboard?as=${encodeURIComponent(id)}">${esc(name)}${directory.isAdmin(id) ? ' (CoE admin)' : ''}</a>`,
    );
    links.push(`<a href="/tab/dashboard?as=00000000-0000-0000-0000-0000000000ff">Someone outside the CoE</a>`);
    return page(
      `<section class="panel"><h2>Local dev mode: choose who you are</h2><p class="muted">BOT_ID is not set, so there is no Teams sign-in. This chooser only answers on the loopback address.</p><div class="people">${links.join('')}</div></section>`,
    );
  }

  const shell = page('<p class="muted" id="status">Signing you in…</p>', {
    scripts: [TEAMS_JS_PATH],
    script: `(async function(){var s=document.getElementById('status');try{await microsoftTeams.app.initialize();var t=await microsoftTeams.authentication.getAuthToken();var r=await fetch('/tab/dashboard/content'+location.search,{headers:{Authorization:'Bearer '+t}});var h=await r.text();document.getElementById('content').innerHTML=h;}catch(e){s.textContent='The dashboard needs Microsoft Teams sign-in. Open it from the CoE Assistant app in Teams.';}})();`,
  });

  // The channel (configurable) tab's configuration page: nothing to choose, it saves the dashboard as the tab's content.
  const config = page(
    '<section class="panel"><h2>CoE portfolio dashboard</h2><p>Select <b>Save</b> to add the dashboard to this channel or chat. Everyone sees the public CoE metrics; CoE admins also see the whole AI inventory, others only their own use cases.</p></section>',
    {
      title: 'Add the CoE dashboard',
      scripts: [TEAMS_JS_PATH],
      script: `(async function(){await microsoftTeams.app.initialize();microsoftTeams.pages.config.registerOnSaveHandler(function(e){var url=location.origin+'/tab/dashboard';microsoftTeams.pages.config.setConfig({entityId:'coe-dashboard',contentUrl:url,websiteUrl:url,suggestedDisplayName:'CoE dashboard'}).then(function(){e.notifySuccess();},function(err){e.notifyFailure(String(err));});});microsoftTeams.pages.config.setValidityState(true);})();`,
    },
  );

  return (server) => {
    server.get('/tab/config', async (_req, res) => send(res, 200, 'text/html; charset=utf-8', config));

    server.get('/tab/dashboard', async (req, res) => {
      const query = (req.query ?? {}) as Record<string, unknown>;
      if (local(req)) {
        if (typeof query.as !== 'string' || !query.as) return send(res, 200, 'text/html; charset=utf-8', chooser());
        const who = await identify(req);
        if ('reason' in who)
          return send(res, who.status, 'text/html; charset=utf-8', page(`<p>${esc(who.reason)}</p>`));
        return send(res, 200, 'text/html; charset=utf-8', page(await content(req, who.viewer)));
      }
      return send(res, 200, 'text/html; charset=utf-8', shell);
    });

    server.get('/tab/dashboard/content', async (req, res) => {
      const who = await identify(req);
      if ('reason' in who) return send(res, who.status, 'text/html; charset=utf-8', `<p>${esc(who.reason)}</p>`);
      return send(res, 200, 'text/html; charset=utf-8', await content(req, who.viewer));
    });

    server.get(TEAMS_JS_PATH, async (_req, res) => {
      const file = require.resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js');
      send(res, 200, 'application/javascript; charset=utf-8', fs.readFileSync(file, 'utf8'));
    });

    server.get(FLUENT_PATH, async (_req, res) => {
      res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.writeHead(200);
      res.end(fluentBundle);
    });

    server.get('/api/portfolio.csv', async (req, res) => {
      const who = await identify(req);
      if ('reason' in who) return send(res, who.status, 'text/plain; charset=utf-8', who.reason);
      if (!who.viewer.isAdmin)
        return send(res, 403, 'text/plain; charset=utf-8', 'Only CoE admins can export the AI inventory.');
      const rows = await metrics.inventory(filterOf((req.query ?? {}) as Record<string, unknown>));
      res.setHeader('Content-Disposition', 'attachment; filename="ai-inventory.csv"');
      send(res, 200, 'text/csv; charset=utf-8', inventoryToCsv(rows));
    });
  };
}
