import * as http from 'node:http';
import { ALEX, BotHarness } from '../support/bot-harness';

describe('scratch', () => {
  let h: BotHarness;
  beforeAll(async () => { h = await BotHarness.start(); });
  afterAll(async () => h.stop());
  it('connector 503', async () => {
    h.connector.fault = () => ({ status: 503 });
    let t = Date.now();
    const r = await h.post(h.activity(ALEX, { text: 'echo hi' }));
    console.log('503 echo', r.status, Date.now() - t, h.connector.calls.length);
    t = Date.now();
    const r2 = await h.post(h.activity(ALEX, { text: 'Which models are approved?' }));
    console.log('503 question', r2.status, Date.now() - t, h.connector.calls.length);
    h.connector.fault = undefined;
  }, 120000);
  it('connector hang', async () => {
    const server = http.createServer((req, res) => { setTimeout(() => { res.writeHead(201, {'content-type':'application/json'}); res.end('{"id":"x"}'); }, 20000); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as any).port}/`;
    const t = Date.now();
    const r = await h.post(h.activity(ALEX, { text: 'echo hi', serviceUrl: url }));
    console.log('hang echo', r.status, Date.now() - t);
    server.closeAllConnections(); server.close();
  }, 120000);
});
