import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bot made, as the stub saw it. */
export interface StubRequest {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: Record<string, unknown>;
  at: number;
}

/** How the stub answered a request. */
export interface StubAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface StubLimits {
  /** Requests per `windowMs` the whole app may make (Teams: 50 per second per app per tenant). */
  globalPerWindow?: number;
  /** Requests per `windowMs` to one conversation. */
  perConversationPerWindow?: number;
  windowMs?: number;
  /** Retry-After (seconds) on a 429 caused by the limits. */
  retryAfterSeconds?: number;
  /** Artificial processing time of each request, in ms. */
  latencyMs?: number;
}

/**
 * A Bot Connector stand-in for announcement tests and the broadcast benchmark. It enforces a global and a
 * per-conversation ceiling over a sliding window (answering 429 with Retry-After when exceeded, exactly as a
 * throttled connector would), lets a test inject answers (429, 5xx, 403) or never answer a request, and
 * counts every message that was accepted, per conversation, so duplicates and losses are visible.
 */
export class LimitedConnectorStub {
  readonly requests: StubRequest[] = [];
  /** Accepted message posts, in arrival order. */
  readonly delivered: StubRequest[] = [];
  /** 429 answers caused by the ceilings (not injected ones). */
  throttled = 0;
  injected = 0;
  /**
   * Injected answers; return undefined to let the request through to the ceilings. 'hang' never answers;
   * 'deliver-then-hang' accepts the message (it counts as delivered) but never answers, like a connection
   * that dies after Teams processed the request.
   */
  fault?: (req: StubRequest) => StubAnswer | 'hang' | 'deliver-then-hang' | undefined;
  private readonly accepted: number[] = [];
  private readonly acceptedLog: number[] = [];
  private readonly acceptedByConversation = new Map<string, number[]>();
  private readonly deliveredByConversation = new Map<string, number>();
  private readonly hanging: http.ServerResponse[] = [];
  private server?: http.Server;
  private counter = 0;
  private waiters: Array<() => void> = [];

  constructor(readonly limits: StubLimits = {}) {}

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
    for (const res of this.hanging) {
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{}');
    }
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  /** Accepted messages per conversation. */
  deliveryCounts(): Map<string, number> {
    return new Map(this.deliveredByConversation);
  }

  /** Accepted messages to one conversation. */
  messagesTo(conversationId: string): Array<Record<string, unknown>> {
    return this.delivered.filter((r) => r.conversationId === conversationId).map((r) => r.body);
  }

  /** The most requests accepted within any `windowMs` since `from` (the achieved peak rate). */
  peakPerWindow(windowMs = this.limits.windowMs ?? 1000, from = 0): number {
    const times = this.acceptedLog.filter((t) => t >= from).sort((a, b) => a - b);
    let peak = 0;
    let start = 0;
    for (let end = 0; end < times.length; end += 1) {
      while (times[end] - times[start] >= windowMs) start += 1;
      peak = Math.max(peak, end - start + 1);
    }
    return peak;
  }

  private within(times: number[], now: number, windowMs: number): number {
    while (times.length && now - times[0] >= windowMs) times.shift();
    return times.length;
  }

  private ceilingHit(call: StubRequest): boolean {
    const windowMs = this.limits.windowMs ?? 1000;
    if (
      this.limits.globalPerWindow !== undefined &&
      this.within(this.accepted, call.at, windowMs) >= this.limits.globalPerWindow
    )
      return true;
    if (this.limits.perConversationPerWindow !== undefined && call.conversationId) {
      const list = this.acceptedByConversation.get(call.conversationId) ?? [];
      this.acceptedByConversation.set(call.conversationId, list);
      if (this.within(list, call.at, windowMs) >= this.limits.perConversationPerWindow) return true;
    }
    return false;
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
    const call: StubRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      conversationId: m ? decodeURIComponent(m[1]) : undefined,
      activityId: m?.[2] ? decodeURIComponent(m[2]) : undefined,
      body,
      at: Date.now(),
    };
    this.requests.push(call);
    const injected = this.fault?.(call);
    if (injected === 'hang' || injected === 'deliver-then-hang') {
      if (injected === 'deliver-then-hang') this.recordDelivery(call);
      this.hanging.push(res);
      this.notify();
      return;
    }
    const answer = (a: StubAnswer) => {
      const send = () => {
        res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
        res.end(JSON.stringify(a.body ?? {}));
        this.notify();
      };
      if (this.limits.latencyMs) setTimeout(send, this.limits.latencyMs);
      else send();
    };
    if (injected) {
      this.injected += 1;
      answer({ body: { error: { code: 'Injected', message: `Injected ${injected.status}` } }, ...injected });
      return;
    }
    if (this.ceilingHit(call)) {
      this.throttled += 1;
      answer({
        status: 429,
        headers: { 'retry-after': String(this.limits.retryAfterSeconds ?? 1) },
        body: { error: { code: 'Throttled', message: 'Too many requests.' } },
      });
      return;
    }
    this.accepted.push(call.at);
    this.acceptedLog.push(call.at);
    if (call.conversationId) this.acceptedByConversation.get(call.conversationId)?.push(call.at);
    if (call.method === 'POST' && url.pathname === '/v3/conversations') {
      const members = (body.members as Array<{ id?: string }> | undefined) ?? [];
      answer({ status: 200, body: { id: `a:1on1-${members[0]?.id ?? ++this.counter}` } });
      return;
    }
    if (call.method === 'PUT') {
      answer({ status: 200, body: { id: call.activityId } });
      return;
    }
    this.recordDelivery(call);
    answer({ status: 201, body: { id: `act-${++this.counter}` } });
  }

  private recordDelivery(call: StubRequest): void {
    if (call.method !== 'POST' || call.body.type !== 'message' || !call.conversationId) return;
    this.delivered.push(call);
    this.deliveredByConversation.set(
      call.conversationId,
      (this.deliveredByConversation.get(call.conversationId) ?? 0) + 1,
    );
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Waits until `predicate` holds, or fails after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `Connector stub: ${what} not met within ${timeoutMs} ms (${this.delivered.length} messages accepted, ${this.requests.length} requests).`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}
