import * as crypto from 'node:crypto';
import { ALEX, BotHarness, MEGAN, STRANGER, TENANT } from '../support/bot-harness';
import { signToken, startOpenIdServer } from '../support/bot-framework-tokens';
import { FACTS, PEOPLE, createUseCase, reviewOrg } from '../review/review-fixtures';
import type { Database } from '../../src/store/database';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const RESOURCE = `api://coe.example.com/botid-${APP_ID}`;
const SAM = PEOPLE.sam;

/** Two cases: Sam's in production, Megan's in pilot. */
async function seed(db: Database): Promise<{ sam: string; megan: string }> {
  const a = await createUseCase(db, {
    facts: FACTS.minimal,
    tier: 'minimal',
    submitter: SAM,
    title: 'Contract summariser',
  });
  const b = await createUseCase(db, {
    facts: FACTS.minimal,
    tier: 'high',
    submitter: MEGAN,
    title: 'CV screening helper',
  });
  await db.query(`update use_cases set status = 'approved' where id = any($1::bigint[])`, [[a.id, b.id]]);
  await db.query(
    `insert into portfolio_cases (use_case_id, stage, production_at, monthly_cost_estimate) values ($1, 'production', '2026-08-01', 1500), ($2, 'pilot', null, null)`,
    [a.id, b.id],
  );
  await db.query(
    `insert into portfolio_ratings (use_case_id, business_unit, period, score, rater_id) values ($1, 'Finance', '2026-Q3', 4, 'x')`,
    [a.id],
  );
  return { sam: a.code, megan: b.code };
}

describe('dashboard tab with Teams SSO', () => {
  const trusted = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  let openId: Awaited<ReturnType<typeof startOpenIdServer>>;
  let h: BotHarness;
  let codes: { sam: string; megan: string };

  const token = (
    who: { aadObjectId: string; name: string },
    patch: Record<string, unknown> = {},
    key = trusted.privateKey,
  ) => {
    const now = Math.floor(Date.now() / 1000);
    const tid = (patch.tid as string) ?? TENANT;
    return signToken(key, 'tab-key', {
      iss: `https://login.microsoftonline.com/${tid}/v2.0`,
      aud: RESOURCE,
      tid,
      oid: who.aadObjectId,
      name: who.name,
      iat: now - 10,
      nbf: now - 10,
      exp: now + 3600,
      ...patch,
    });
  };
  const get = async (path: string, bearer?: string) => {
    const res = await fetch(`${h.url}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
  };

  beforeAll(async () => {
    openId = await startOpenIdServer(trusted.publicKey, 'tab-key');
    h = await BotHarness.start({
      org: reviewOrg((raw) => (raw.organisation.tenantId = TENANT)),
      env: {
        BOT_ID: APP_ID,
        BOT_PASSWORD: 'not-a-real-secret',
        BOT_TYPE: 'MultiTenant',
        TAB_OPENID_METADATA: openId.url,
        TAB_SSO_AUDIENCE: RESOURCE,
        TAB_ALLOWED_TENANTS: TENANT,
      },
    });
    codes = await seed(h.bot.deps.db);
  });
  afterAll(async () => {
    await h.stop();
    await openId.close();
  });

  it('serves the SSO shell page that loads TeamsJS from the bot itself, framable by Teams only', async () => {
    const page = await get('/tab/dashboard?as=' + ALEX.aadObjectId);
    expect(page.status).toBe(200);
    expect(page.text).toContain('/tab/static/teams-js.min.js');
    expect(page.text).toContain('getAuthToken');
    expect(page.text).not.toContain(codes.sam);
    const js = await get('/tab/static/teams-js.min.js');
    expect(js.status).toBe(200);
    expect(js.text).toContain('authentication');
  });

  it('serves the Fluent UI web components bundle from node_modules as a cacheable JavaScript module', async () => {
    const page = await get('/tab/dashboard?as=' + ALEX.aadObjectId);
    const src = /from"(\/tab\/assets\/fluent-web-components-[\d.]+\.min\.js)"/.exec(page.text)?.[1];
    expect(page.text).toContain('<script type="module">');
    expect(src).toBeDefined();
    const res = await fetch(`${h.url}${src}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('max-age=31536000');
    const body = await res.text();
    expect(body).toContain('provideFluentDesignSystem');
    expect(body.length).toBeGreaterThan(100_000);
  });

  it('serves the channel tab configuration page, which saves the dashboard as the tab content', async () => {
    const page = await get('/tab/config');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/tab/static/teams-js.min.js');
    expect(page.text).toContain('pages.config.setConfig');
    expect(page.text).toContain("'/tab/dashboard'");
    expect(page.text).not.toContain(codes.sam);
  });

  it('an admin with a valid token sees every case and the SVG charts', async () => {
    const res = await get('/tab/dashboard/content', token(ALEX));
    expect(res.status).toBe(200);
    expect(res.text).toContain(`data-code="${codes.sam}"`);
    expect(res.text).toContain(`data-code="${codes.megan}"`);
    expect((res.text.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(4);
    for (const panel of [
      'funnel',
      'production',
      'cost',
      'satisfaction',
      'review-sla',
      'knowledge',
      'announcements',
      'inventory',
    ])
      expect(res.text).toContain(`data-panel="${panel}"`);
    expect(res.text).toContain('USD 1,500');
  });

  it('an owner sees only their own cases; a stranger only the public metrics', async () => {
    const sam = await get('/tab/dashboard/content', token(SAM));
    expect(sam.text).toContain(`data-code="${codes.sam}"`);
    expect(sam.text).not.toContain(`data-code="${codes.megan}"`);
    const eve = await get('/tab/dashboard/content', token(STRANGER));
    expect(eve.status).toBe(200);
    expect(eve.text).not.toContain('data-code=');
    expect(eve.text).not.toContain('Contract summariser');
    expect(eve.text).toContain('Cost per production deployment');
    expect(eve.text).toContain('4.00 / 5');
  });

  it.each([
    [
      'expired',
      () => token(ALEX, { exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 }),
    ],
    ['wrong audience', () => token(ALEX, { aud: 'api://someone-else/botid-x' })],
    ['wrong tenant', () => token(ALEX, { tid: '99999999-9999-9999-9999-999999999999' })],
    ['forged', () => token(ALEX, {}, forger.privateKey)],
    ['garbage', () => 'not.a.token'],
  ])('refuses a %s token', async (_name, make) => {
    const res = await get('/tab/dashboard/content', make());
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('data-code=');
    expect((await get('/api/portfolio.csv', make())).status).toBe(401);
  });

  it('refuses requests without a token, and the local identity chooser is off when BOT_ID is set', async () => {
    expect((await get('/tab/dashboard/content')).status).toBe(401);
    expect((await get(`/tab/dashboard/content?as=${ALEX.aadObjectId}`)).status).toBe(401);
    expect((await get('/api/portfolio.csv?as=' + ALEX.aadObjectId)).status).toBe(401);
  });

  it('GET /api/portfolio.csv is for CoE admins', async () => {
    const csv = await get('/api/portfolio.csv', token(ALEX));
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe(
      'code,title,tier,stage,owner,businessUnit,models,hosting,goLive,monthlyCost,nextReReviewAt,openIncidents',
    );
    expect(csv.text).toContain(codes.sam);
    expect((await get('/api/portfolio.csv', token(SAM))).status).toBe(403);
  });
});

describe('dashboard tab in local mode (no BOT_ID, loopback)', () => {
  let h: BotHarness;
  let codes: { sam: string; megan: string };
  beforeAll(async () => {
    h = await BotHarness.start({ org: reviewOrg() });
    codes = await seed(h.bot.deps.db);
  });
  afterAll(async () => h.stop());

  it("offers an identity chooser and renders the chosen person's view", async () => {
    const chooser = await (await fetch(`${h.url}/tab/dashboard`)).text();
    expect(chooser).toContain('choose who you are');
    expect(chooser).toContain(`/tab/dashboard?as=${ALEX.aadObjectId}`);
    const page = await (await fetch(`${h.url}/tab/dashboard?as=${ALEX.aadObjectId}`)).text();
    expect(page).toContain(`data-code="${codes.megan}"`);
    expect(page).toContain('<svg ');
    const filtered = await (await fetch(`${h.url}/tab/dashboard?as=${ALEX.aadObjectId}&stage=pilot`)).text();
    expect(filtered).toContain(`data-code="${codes.megan}"`);
    expect(filtered).not.toContain(`data-code="${codes.sam}"`);
    const csv = await fetch(`${h.url}/api/portfolio.csv?as=${ALEX.aadObjectId}`);
    expect(csv.status).toBe(200);
  });
});
