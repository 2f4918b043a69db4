import type { AddressInfo } from 'node:net';
import * as restify from 'restify';
import { announcementApiRoutes, sameSecret } from '../../src/announcements/announcement-http-api';
import type { AnnouncementService } from '../../src/announcements/announcement-service';
import { silentLogger } from '../../src/observability/logger';
import { ALEX, BotHarness, MEGAN } from '../support/bot-harness';
import { eventually } from './support/announcement-fixture';

const TOKEN = 'test-token-0123456789-abcdefghijkl';

const body = (overrides: Record<string, unknown> = {}) => ({
  title: 'Office hours move to Wednesday',
  body: 'From next week, CoE office hours are on **Wednesday** 14:00-15:00.',
  links: [{ title: 'Calendar', url: 'https://coe.example.com/office-hours' }],
  category: 'events',
  audience: { kind: 'personal-installs' },
  requiresAck: false,
  ...overrides,
});

/** POST /api/announcements and GET /api/announcements/:id with the bot running. */
describe('announcements HTTP API', () => {
  let h: BotHarness;
  const call = async (
    method: string,
    path: string,
    options: { token?: string; json?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${h.url}${path}`, {
      method,
      headers: {
        ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  beforeAll(async () => {
    h = await BotHarness.start({ env: { COE_API_TOKEN: TOKEN } });
    for (const u of [ALEX, MEGAN]) await h.say(u, 'hello');
  });
  afterAll(async () => h.stop());

  it('refuses a missing or wrong token with 401 and stores nothing', async () => {
    const [before] = await h.bot.deps.db.query<{ n: number }>('select count(*)::int as n from announcements');
    const missing = await call('POST', '/api/announcements', { json: body() });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(missing.body.error).toMatch(/valid API token/);
    const wrong = await call('POST', '/api/announcements', { json: body(), token: TOKEN.slice(0, -1) + 'X' });
    expect(wrong.status).toBe(401);
    const basic = await call('POST', '/api/announcements', {
      json: body(),
      headers: { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
    });
    expect(basic.status).toBe(401);
    expect((await call('GET', '/api/announcements/1')).status).toBe(401);
    expect((await call('GET', '/api/announcements/1/deliveries.csv', { token: 'nope' })).status).toBe(401);
    const [after] = await h.bot.deps.db.query<{ n: number }>('select count(*)::int as n from announcements');
    expect(after.n).toBe(before.n);
  });

  it('validates the body with the same rules as the Teams form', async () => {
    const bad = await call('POST', '/api/announcements', {
      token: TOKEN,
      json: body({
        imageUrl: 'http://example.com/x.png',
        category: 'gossip',
        links: [1, 2, 3, 4].map((i) => ({ title: `L${i}`, url: 'https://x.example.com' })),
        extra: true,
      }),
    });
    expect(bad.status).toBe(400);
    const text = bad.body.issues.join(' ');
    expect(text).toMatch(/Image URL must start with https:\/\//);
    expect(text).toMatch(/Category must be one of: policy, models, training, events/);
    expect(text).toMatch(/at most 3 link buttons/);
    expect(text).toMatch(/Unknown field: extra/);
    const unknownChannel = await call('POST', '/api/announcements', {
      token: TOKEN,
      json: body({ audience: { kind: 'channels', conversationIds: ['19:nowhere@thread.tacv2'] } }),
    });
    expect(unknownChannel.status).toBe(400);
    expect(unknownChannel.body.issues[0]).toMatch(/not installed in these channels: 19:nowhere@thread.tacv2/);
  });

  it('accepts a valid announcement with 202, delivers it, audits it and reports progress', async () => {
    const res = await call('POST', '/api/announcements', { token: TOKEN, json: body({ requestedBy: 'intranet-cms' }) });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'sending',
      statusUrl: `/api/announcements/${res.body.id}`,
      replayed: false,
    });
    expect(res.headers.get('location')).toBe(res.body.statusUrl);
    const id = res.body.id as number;
    await eventually(
      async () => (await call('GET', res.body.statusUrl, { token: TOKEN })).body.status === 'completed',
      10_000,
      'completion',
    );
    const status = await call('GET', res.body.statusUrl, { token: TOKEN });
    expect(status.body.counts).toMatchObject({
      total: res.body.recipients,
      sent: res.body.recipients,
      failed: 0,
      possiblySent: 0,
    });
    expect(
      h.connector
        .messages(`a:personal-${MEGAN.aadObjectId}`)
        .some((m) => JSON.stringify(m).includes('Office hours move to Wednesday')),
    ).toBe(true);

    const audit = await h.bot.deps.audit.list({ subjectType: 'announcement', subjectId: String(id) });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['draft-created', 'send-started', 'completed']));
    expect(audit.find((e) => e.action === 'send-started')?.actorName).toBe('Announcements API (intranet-cms)');

    const csv = await call('GET', `/api/announcements/${id}/deliveries.csv`, { token: TOKEN });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(csv.body)).toContain(MEGAN.aadObjectId);
    expect((await call('GET', '/api/announcements/999999', { token: TOKEN })).status).toBe(404);
    expect((await call('GET', '/api/announcements/abc', { token: TOKEN })).status).toBe(404);
  });

  it('returns the same announcement for a repeated Idempotency-Key, without sending twice', async () => {
    const headers = { 'idempotency-key': 'cms-42' };
    const first = await call('POST', '/api/announcements', {
      token: TOKEN,
      json: body({ title: 'Idempotent' }),
      headers,
    });
    const second = await call('POST', '/api/announcements', {
      token: TOKEN,
      json: body({ title: 'Idempotent' }),
      headers,
    });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toMatchObject({ id: first.body.id, replayed: true });
    const [n] = await h.bot.deps.db.query<{ n: number }>(
      `select count(*)::int as n from announcements where title = 'Idempotent'`,
    );
    expect(n.n).toBe(1);
  });

  it('schedules when scheduledAt is given', async () => {
    const at = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const res = await call('POST', '/api/announcements', {
      token: TOKEN,
      json: body({ title: 'Later', scheduledAt: at }),
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'scheduled', scheduledAt: at });
    const past = await call('POST', '/api/announcements', {
      token: TOKEN,
      json: body({ scheduledAt: '2020-01-01T00:00:00Z' }),
    });
    expect(past.status).toBe(400);
  });
});

describe('announcements HTTP API without COE_API_TOKEN', () => {
  it('answers 503 and explains how to enable it', async () => {
    const server = restify.createServer();
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    announcementApiRoutes({ service: {} as AnnouncementService, token: undefined, logger: silentLogger })(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${url}/api/announcements`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: '{}',
      });
      expect(res.status).toBe(503);
      expect((await res.json()).error).toMatch(/disabled.*COE_API_TOKEN/);
      expect((await fetch(`${url}/api/announcements/1`)).status).toBe(503);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('compares tokens in constant time and exactly', () => {
    expect(sameSecret(TOKEN, TOKEN)).toBe(true);
    expect(sameSecret(TOKEN + ' ', TOKEN)).toBe(false);
    expect(sameSecret('', TOKEN)).toBe(false);
  });
});
