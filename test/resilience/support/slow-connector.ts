import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP forwarder in front of the connector stub that holds every request for `delayMs` before passing it on, so
 * activities whose serviceUrl is this proxy see a slow Bot Connector while the others see the stub directly.
 */
export class SlowConnector {
  delayMs = 0;
  /** Requests forwarded so far. */
  forwarded = 0;
  private server?: http.Server;

  constructor(private readonly targetUrl: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => setTimeout(() => this.forward(req, res, Buffer.concat(chunks)), this.delayMs));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return this;
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    this.forwarded += 1;
    const upstream = http.request(
      new URL(req.url ?? '/', this.targetUrl),
      { method: req.method, headers: { ...req.headers, host: new URL(this.targetUrl).host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
