import * as crypto from 'node:crypto';
import { ALEX, BotHarness } from '../support/bot-harness';
import { signToken, startOpenIdServer } from '../support/bot-framework-tokens';

const APP_ID = '11111111-2222-3333-4444-555555555555';

describe('with BOT_ID set, every request is authenticated', () => {
  const trusted = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  let openId: { url: string; close: () => Promise<void> };
  let h: BotHarness;

  beforeAll(async () => {
    openId = await startOpenIdServer(trusted.publicKey, 'key-1');
    h = await BotHarness.start({
      env: {
        BOT_ID: APP_ID,
        BOT_PASSWORD: 'not-a-real-secret',
        BOT_TYPE: 'MultiTenant',
        BOT_OPENID_METADATA: openId.url,
      },
    });
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
  const installEvent = () =>
    h.activity(ALEX, { type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '29:someone-else' }] });

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
    [
      'a missing conversation',
      JSON.stringify({ type: 'message', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1/', from: { id: 'u' } }),
    ],
    [
      'deeply nested JSON',
      JSON.stringify({
        type: 'message',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:1/',
        from: { id: 'u' },
        conversation: { id: 'c' },
        value: JSON.parse('['.repeat(500) + ']'.repeat(500)),
      }),
    ],
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
