import * as net from 'node:net';

/** How the proxy treats connections: forward them, refuse new ones (server down), or accept and never answer (network black hole). */
export type ProxyMode = 'forward' | 'refuse' | 'black-hole';

/**
 * A TCP proxy in front of a server (here PostgreSQL) that a test can cut and restore, standing in for a database
 * restart or a network failure without touching the shared server.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private mode: ProxyMode = 'forward';
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<this> {
    await this.listen(0);
    return this;
  }

  private async listen(port: number): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  private accept(client: net.Socket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    if (this.mode === 'black-hole') return;
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Drops every open connection and changes how new ones are treated ('refuse' closes the port). */
  async cut(mode: Exclude<ProxyMode, 'forward'>): Promise<void> {
    this.mode = mode;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (mode === 'refuse') await this.close();
  }

  /** Forwards again on the same port. */
  async restore(): Promise<void> {
    this.mode = 'forward';
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!this.server) await this.listen(this.port);
  }

  private async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await this.close();
  }
}
