import * as net from 'node:net';
import { ALEX, BotHarness } from '../support/bot-harness';

describe('a Bot Connector that never answers', () => {
  let h: BotHarness;
  let blackHole: net.Server;
  const sockets: net.Socket[] = [];
  beforeAll(async () => {
    blackHole = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', () => r()));
    h = await BotHarness.start({ env: { CONNECTOR_TIMEOUT_MS: '1500' } });
  });
  afterAll(async () => {
    await h.stop();
    sockets.forEach((s) => s.destroy());
    await new Promise<void>((r) => blackHole.close(() => r()));
  });

  it('does not hold the turn open: the request is answered after the outbound time limit and the bot keeps serving', async () => {
    const port = (blackHole.address() as net.AddressInfo).port;
    const started = Date.now();
    const res = await h.post(h.activity(ALEX, { text: 'echo into the void', serviceUrl: `http://127.0.0.1:${port}/` }));
    const elapsed = Date.now() - started;
    // The failed reply ends the turn through the bot's error handler (logged, apology attempted), so the Connector gets
    // 200 and does not deliver the activity again; a 5xx here would mean the timeout escaped the handler.
    expect(res.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(15_000);
    const replies = await h.say(ALEX, 'echo still here');
    expect(replies.map((r) => r.text)).toContain('still here');
  });
});
