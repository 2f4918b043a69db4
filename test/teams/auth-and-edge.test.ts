import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALEX, BotHarness } from '../support/bot-harness';

const APP_ID = '11111111-2222-3333-4444-555555555555';

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** Signs a Bot Framework-style channel token (RS256) with `key`. */
function signToken(key: crypto.KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = crypto.sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** A local OpenID metadata + JWKS endpoint standing in for login.botframework.com. */
async function startOpenIdServer(publicKey: crypto.KeyObject, kid: string): Promise<{ url: string; close: () => Promise<void> }> {
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/v1/.well-known/openidconfiguration')) {
      res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url?.startsWith('/v1/keys')) {
      res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('with BOT_ID set, every request is authenticated', () => {
  const trusted = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  let openId: { url: string; close: () => Promise<void> };
  let h: BotHarness;

  beforeAll(async () => {
    openId = await startOpenIdServer(trusted.publicKey, 'key-1');
    h = await BotHarness.start({ env: { BOT_ID: APP_ID, BOT_PASSWORD: 'not-a-real-secret', BOT_TYPE: 'MultiTenant', BOT_OPENID_METADATA: openId.url } });
  });
  afterAll(async () => {
    await h.stop();
    await openId.close();
  });

  const claims = (serviceUrl: string) => ({
    iss: 'https://api.botframework.com',
    aud: APP_ID,
    serviceurl: serviceUrl,
    nbf: Math.floor(Date.now() / 1000) - 60,
    exp: Math.floor(Date.now() / 1000) + 600,
  });
  const installEvent = () => h.activity(ALEX, { type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '29:someone-else' }] });

  it('listens on all interfaces (auth on) rather than loopback only', () => {
    expect(h.bot.host).toBe('0.0.0.0');
  });

  it('answers 401 to a request without a token and runs no handler', async () => {
    const res = await h.post(installEvent());
    expect(res.status).toBe(401);
    expect(await h.bot.deps.conversations.personalChatOf(ALEX.aadObjectId)).toBeUndefined();
  });

  it('answers 401 to a token signed with a key the channel did not publish', async () => {
    const token = signToken(forger.privateKey, 'key-1', claims(h.connector.url));
    const res = await h.post(installEvent(), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(await h.bot.deps.conversations.personalChatOf(ALEX.aadObjectId)).toBeUndefined();
  });

  it('answers 401 to a correctly signed token for another bot', async () => {
    const token = signToken(trusted.privateKey, 'key-1', { ...claims(h.connector.url), aud: 'someone-else' });
    expect((await h.post(installEvent(), { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('accepts a correctly signed channel token and runs the handler', async () => {
    const token = signToken(trusted.privateKey, 'key-1', claims(h.connector.url));
    const res = await h.post(installEvent(), { authorization: `Bearer ${token}` });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: undefined });
    expect(await h.bot.deps.conversations.personalChatOf(ALEX.aadObjectId)).toMatchObject({ kind: 'personal' });
  });
});

describe('local mode and malformed input', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => h.stop());

  it('binds to 127.0.0.1 when BOT_ID is not set', () => {
    expect(h.bot.host).toBe('127.0.0.1');
  });

  it.each([
    ['not JSON', '{"type": "message", '],
    ['a JSON array', '[1,2,3]'],
    ['wrong types', JSON.stringify({ type: 42, channelId: 'msteams', serviceUrl: 'x', from: {}, conversation: {} })],
    ['a missing conversation', JSON.stringify({ type: 'message', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1/', from: { id: 'u' } })],
    ['deeply nested JSON', JSON.stringify({ type: 'message', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1/', from: { id: 'u' }, conversation: { id: 'c' }, value: JSON.parse('['.repeat(500) + ']'.repeat(500)) })],
  ])('answers 400 to %s', async (_name, body) => {
    const res = await h.post(body);
    expect(res.status).toBe(400);
  });

  it('answers 413 to a 5 MB body and keeps serving', async () => {
    const huge = JSON.stringify(h.activity(ALEX, { text: 'x'.repeat(5 * 1024 * 1024) }));
    const res = await h.post(huge);
    expect(res.status).toBe(413);
    const replies = await h.say(ALEX, 'echo still alive');
    expect(replies.map((r) => r.text)).toContain('still alive');
  });

  it('reports health and readiness', async () => {
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'ok' });
  });
});
