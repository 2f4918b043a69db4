import * as crypto from 'node:crypto';
import { channelClaims, signToken, startOpenIdServer } from '../support/bot-framework-tokens';
import { MEGAN, TENANT } from '../support/bot-harness';
import { tempDataDir } from '../support/test-database';
import { startBotProcess } from '../resilience/support/bot-process';

/**
 * Finding 5 (logs): the real process, with authentication on, answers valid, invalid and unauthenticated requests;
 * every line it writes to stdout or stderr is one JSON object (botbuilder's console output included).
 */
describe('every log line is JSON', () => {
  const APP_ID = '22222222-3333-4444-5555-666666666666';
  const SERVICE_URL = 'http://127.0.0.1:9/';
  const trusted = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('valid, invalid and unauthenticated requests leave only JSON lines, with the refusals logged plainly', async () => {
    const openId = await startOpenIdServer(trusted.publicKey, 'key-1');
    const bot = await startBotProcess({
      BOT_ID: APP_ID,
      BOT_PASSWORD: 'not-a-real-secret',
      BOT_TYPE: 'MultiTenant',
      BOT_OPENID_METADATA: openId.url,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      COE_DATA_DIR: tempDataDir(),
    });
    try {
      const feedback = (reaction: string) => ({
        type: 'invoke',
        name: 'message/submitAction',
        id: `in-${reaction}`,
        channelId: 'msteams',
        serviceUrl: SERVICE_URL,
        from: { id: MEGAN.id, name: MEGAN.name, aadObjectId: MEGAN.aadObjectId },
        recipient: { id: `28:${APP_ID}`, name: 'CoE Assistant' },
        conversation: { id: 'a:personal-megan', conversationType: 'personal', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
        value: { actionName: 'feedback', actionValue: { reaction, feedback: '{"feedbackText":"ok"}' } },
      });
      const post = async (body: unknown, token?: string) => {
        const res = await fetch(`${bot.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        });
        return { status: res.status, text: await res.text() };
      };
      const valid = signToken(trusted.privateKey, 'key-1', channelClaims(APP_ID, SERVICE_URL));
      const forged = signToken(forger.privateKey, 'key-1', channelClaims(APP_ID, SERVICE_URL));

      expect((await post(feedback('like'), valid)).status).toBe(200);
      expect((await post(feedback('love'), valid)).status).toBe(400);
      const anonymous = await post(feedback('like'));
      const forgedRes = await post(feedback('like'), forged);
      expect([anonymous.status, forgedRes.status]).toEqual([401, 401]);
      for (const body of [anonymous.text, forgedRes.text])
        expect(JSON.parse(body)).toEqual({ error: 'The request is not authenticated.' });
      expect((await post('{"type": ', valid)).status).toBe(400);
      expect((await fetch(`${bot.url}/no-such-route`)).status).toBe(404);
    } finally {
      await bot.stop();
      await openId.close();
    }

    const notJson = bot.logs.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    const records = bot.logs.map((line) => JSON.parse(line) as { level: string; msg: string; source?: string });
    expect(records.filter((r) => r.msg === 'request refused: not authenticated')).toHaveLength(2);
    expect(records.some((r) => r.msg === 'invalid invoke refused')).toBe(true);
    expect(records.some((r) => r.msg === 'CoE Assistant is listening')).toBe(true);
  }, 120_000);
});
