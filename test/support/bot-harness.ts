import * as path from 'node:path';
import { loadEnv } from '../../src/config/env';
import { loadOrgConfig, type OrgConfig } from '../../src/org-settings';
import { silentLogger } from '../../src/observability/logger';
import { type RunningBot, startBot } from '../../src/bootstrap';
import type { Database } from '../../src/store/database';
import { ConnectorStub } from './connector-stub';

export const ALEX = { id: '29:alex', aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };
export const MEGAN = { id: '29:megan', aadObjectId: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen' };
export const STRANGER = {
  id: '29:stranger',
  aadObjectId: '99999999-0000-0000-0000-000000000099',
  name: 'Eve Outsider',
};
export const TENANT = '00000000-0000-0000-0000-0000000000001';

export type User = typeof ALEX;

/** A bot started in-process on a random port with a connector stub, for driving it through /api/messages. */
export class BotHarness {
  bot!: RunningBot;
  readonly connector = new ConnectorStub();
  private seq = 0;

  static async start(
    options: { env?: Record<string, string>; db?: Database; org?: OrgConfig } = {},
  ): Promise<BotHarness> {
    const h = new BotHarness();
    await h.connector.start();
    const root = path.resolve(__dirname, '../..');
    const env = loadEnv(
      { NODE_ENV: 'test', PORT: '0', COE_DATA_DIR: 'memory://', LOG_LEVEL: 'error', ...options.env },
      root,
    );
    const dataDir = options.env?.COE_DATA_DIR ?? 'memory://';
    h.bot = await startBot({
      env: { ...env, dataDir: dataDir.startsWith('memory://') ? dataDir : env.dataDir },
      org: options.org ?? loadOrgConfig(path.join(root, 'config/coe.yaml')),
      logger: silentLogger,
      db: options.db,
    });
    await h.waitUntilReady();
    return h;
  }

  /** Waits until /readyz says ready (database reachable, playbooks indexed). */
  async waitUntilReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await fetch(`${this.url}/readyz`);
      if (res.ok) return;
      if (Date.now() > deadline) throw new Error(`The bot was not ready within ${timeoutMs} ms: ${await res.text()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.bot.port}`;
  }

  async stop(): Promise<void> {
    await this.bot.close();
    await this.connector.stop();
  }

  /** A personal-chat activity from `user`, addressed through the stub as serviceUrl. */
  activity(user: User, fields: Record<string, unknown>): Record<string, unknown> {
    this.seq += 1;
    return {
      type: 'message',
      id: `in-${this.seq}`,
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: '28:coe-bot', name: 'CoE Assistant' },
      conversation: { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      locale: 'en-US',
      ...fields,
    };
  }

  /** POSTs a raw body to /api/messages and returns the status and parsed body. */
  async post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  }

  /** Sends a chat message from `user` and returns the messages the bot sent in reply. */
  async say(user: User, text: string): Promise<Array<Record<string, unknown>>> {
    const before = this.connector.calls.length;
    const res = await this.post(this.activity(user, { text }));
    if (res.status >= 300) throw new Error(`POST /api/messages answered ${res.status}: ${JSON.stringify(res.body)}`);
    return this.connector.calls
      .slice(before)
      .filter((c) => c.body.type === 'message')
      .map((c) => c.body);
  }

  /** Sends an Action.Execute invoke as Teams does and returns the invoke response body. */
  async execute(
    user: User,
    verb: string,
    data: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): Promise<{ status: number; body: any }> {
    return this.post(
      this.activity(user, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        replyToId: 'card-1',
        ...extra,
      }),
    );
  }
}

/** The Adaptive Card JSON inside a recorded bot message, if it has one. */
export function cardOf(message: Record<string, unknown>): any {
  const attachments = (message.attachments as Array<{ contentType: string; content: unknown }> | undefined) ?? [];
  return attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
