import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bot made to the connector stub. */
export interface RecordedCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: Record<string, unknown>;
  at: number;
}

/** Decides the stub's answer to one send; return undefined for the default 201. */
export type FaultInjector = (
  call: RecordedCall,
) => { status: number; headers?: Record<string, string>; body?: unknown } | undefined;

/**
 * A local HTTP server that speaks the Bot Connector REST shape (send, reply, update, delete, create conversation)
 * and records every call, so tests can assert what Teams would have received, byte for byte.
 */
export class ConnectorStub {
  readonly calls: RecordedCall[] = [];
  fault?: FaultInjector;
  /** Benchmarks turn recording off so memory stays flat; `count` still counts every call. */
  recordCalls = true;
  count = 0;
  private server?: http.Server;
  private counter = 0;
  private waiters: Array<() => void> = [];

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = { raw };
    }
    const url = new URL(req.url ?? '/', 'http://stub');
    const m = url.pathname.match(/\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/);
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      conversationId: m ? decodeURIComponent(m[1]) : undefined,
      activityId: m?.[2] ? decodeURIComponent(m[2]) : undefined,
      body,
      at: Date.now(),
    };
    const injected = this.fault?.(call);
    if (injected) {
      call.body = { ...body, _rejectedWith: injected.status };
      this.calls.push(call);
      res.writeHead(injected.status, { 'content-type': 'application/json', ...(injected.headers ?? {}) });
      res.end(JSON.stringify(injected.body ?? { error: { code: 'Injected', message: `injected ${injected.status}` } }));
      this.notify();
      return;
    }
    this.count += 1;
    if (this.recordCalls) this.calls.push(call);
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && url.pathname === '/v3/conversations') {
      const id = `a:created-${++this.counter}`;
      res.writeHead(200);
      res.end(JSON.stringify({ id, activityId: `act-${this.counter}` }));
    } else if (req.method === 'DELETE') {
      res.writeHead(200);
      res.end();
    } else if (req.method === 'PUT') {
      res.writeHead(200);
      res.end(JSON.stringify({ id: call.activityId }));
    } else {
      res.writeHead(201);
      res.end(JSON.stringify({ id: `act-${++this.counter}` }));
    }
    this.notify();
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Messages (not typing indicators) the bot sent to a conversation, in order. */
  messages(conversationId?: string): Array<Record<string, unknown>> {
    return this.calls
      .filter(
        (c) =>
          c.method === 'POST' &&
          c.body.type === 'message' &&
          !('_rejectedWith' in c.body) &&
          (!conversationId || c.conversationId === conversationId),
      )
      .map((c) => c.body);
  }

  /** Waits until `predicate` holds over the recorded calls, or fails after `timeoutMs`. */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `Connector stub: condition not met within ${timeoutMs} ms (${this.calls.length} calls recorded).`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  clear(): void {
    this.calls.length = 0;
  }
}
