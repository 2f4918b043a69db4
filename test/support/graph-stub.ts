import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A user as the stub's tenant holds them. */
export interface StubUser {
  id: string;
  displayName: string;
  mail?: string;
  department?: string;
  managerId?: string;
}

/** What the stub answers instead of the normal response (Graph's throttling and outage shapes). */
export interface StubFault {
  status: number;
  retryAfter?: string;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  form?: URLSearchParams;
  identityHeader?: string;
}

export const TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const CLIENT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const CLIENT_SECRET = 'stub-client-secret-never-logged';
export const IDENTITY_HEADER = 'stub-identity-header-value';

/**
 * A local server speaking the Microsoft Graph and Entra ID shapes the directory uses: the client credentials token
 * endpoint, the App Service managed identity endpoint, `/v1.0/users/{id}`, `/v1.0/users/{id}/manager` and
 * `/v1.0/groups/{id}/transitiveMembers` paged with `@odata.nextLink`. Tests change users and group members between
 * calls, queue faults (429 with Retry-After, 503) or take Graph down altogether.
 */
export class GraphStub {
  readonly users = new Map<string, StubUser>();
  /** Group id -> member ids; an id that is itself a group is returned as a nested group object (transitive members flatten it). */
  readonly groups = new Map<string, string[]>();
  readonly requests: SeenRequest[] = [];
  readonly faults: StubFault[] = [];
  /** While set, every Graph call (not the token endpoints) answers 503. */
  down = false;
  pageSize = 2;
  private issued = new Set<string>();
  private tokenCount = 0;
  private server?: http.Server;

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get graphUrl(): string {
    return `${this.baseUrl}/v1.0`;
  }

  get msiEndpoint(): string {
    return `${this.baseUrl}/msi/token`;
  }

  /** Graph requests for a path prefix, e.g. `/v1.0/groups/`. */
  count(prefix: string): number {
    return this.requests.filter((r) => r.path.startsWith(prefix)).length;
  }

  addUser(user: StubUser): this {
    this.users.set(user.id, user);
    return this;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections?.();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private graphError(
    res: http.ServerResponse,
    status: number,
    code: string,
    message: string,
    headers?: Record<string, string>,
  ): void {
    this.send(
      res,
      status,
      {
        error: {
          code,
          message,
          innerError: { date: new Date().toISOString(), 'request-id': `req-${this.requests.length}` },
        },
      },
      headers,
    );
  }

  private issue(): { access_token: string; token_type: string; expires_in: number } {
    const token = `stub-token-${++this.tokenCount}`;
    this.issued.add(token);
    return { access_token: token, token_type: 'Bearer', expires_in: 3599 };
  }

  /** How many tokens were issued. */
  get tokensIssued(): number {
    return this.tokenCount;
  }

  private toGraphUser(u: StubUser): Record<string, unknown> {
    return {
      '@odata.type': '#microsoft.graph.user',
      id: u.id,
      displayName: u.displayName,
      mail: u.mail ?? null,
      userPrincipalName: u.mail ?? `${u.id}@contoso.example`,
      department: u.department ?? null,
    };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', 'http://stub');
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
    };
    this.requests.push(seen);

    const tokenPath = url.pathname.match(/^\/([^/]+)\/oauth2\/v2\.0\/token$/);
    if (tokenPath && req.method === 'POST') {
      const form = new URLSearchParams(raw);
      seen.form = form;
      if (tokenPath[1] !== TENANT_ID)
        return this.send(res, 400, { error: 'invalid_request', error_description: 'AADSTS90002: Tenant not found.' });
      if (
        form.get('grant_type') !== 'client_credentials' ||
        form.get('client_id') !== CLIENT_ID ||
        form.get('client_secret') !== CLIENT_SECRET
      ) {
        return this.send(res, 401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
        });
      }
      if (form.get('scope') !== 'https://graph.microsoft.com/.default')
        return this.send(res, 400, { error: 'invalid_scope' });
      return this.send(res, 200, this.issue());
    }
    if (url.pathname === '/msi/token') {
      seen.identityHeader = req.headers['x-identity-header'] as string | undefined;
      if (seen.identityHeader !== IDENTITY_HEADER) return this.send(res, 401, { error: 'invalid_request' });
      if (url.searchParams.get('resource') !== 'https://graph.microsoft.com')
        return this.send(res, 400, { error: 'invalid_resource' });
      const t = this.issue();
      return this.send(res, 200, {
        access_token: t.access_token,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource: 'https://graph.microsoft.com',
        token_type: 'Bearer',
        client_id: url.searchParams.get('client_id'),
      });
    }

    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.issued.has(token))
      return this.graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    if (this.down) return this.graphError(res, 503, 'serviceNotAvailable', 'Service unavailable.');
    const fault = this.faults.shift();
    if (fault)
      return this.graphError(
        res,
        fault.status,
        fault.status === 429 ? 'TooManyRequests' : 'serviceNotAvailable',
        'Try again later.',
        fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {},
      );

    const members = url.pathname.match(/^\/v1\.0\/groups\/([^/]+)\/transitiveMembers$/);
    if (members) {
      const id = decodeURIComponent(members[1]);
      if (!this.groups.has(id))
        return this.graphError(res, 404, 'Request_ResourceNotFound', `Resource '${id}' does not exist.`);
      const all = this.flatten(id);
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const page = all.slice(skip, skip + this.pageSize);
      const body: Record<string, unknown> = {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects',
        value: page,
      };
      if (skip + this.pageSize < all.length)
        body['@odata.nextLink'] =
          `${this.graphUrl}/groups/${encodeURIComponent(id)}/transitiveMembers?$select=${encodeURIComponent(url.searchParams.get('$select') ?? '')}&$skiptoken=${skip + this.pageSize}`;
      return this.send(res, 200, body);
    }
    const manager = url.pathname.match(/^\/v1\.0\/users\/([^/]+)\/manager$/);
    if (manager) {
      const user = this.users.get(decodeURIComponent(manager[1]));
      const boss = user?.managerId ? this.users.get(user.managerId) : undefined;
      if (!boss)
        return this.graphError(
          res,
          404,
          'Request_ResourceNotFound',
          "Resource 'manager' does not exist or one of its queried reference-property objects are not present.",
        );
      return this.send(res, 200, this.toGraphUser(boss));
    }
    const user = url.pathname.match(/^\/v1\.0\/users\/([^/]+)$/);
    if (user) {
      const u = this.users.get(decodeURIComponent(user[1]));
      if (!u) return this.graphError(res, 404, 'Request_ResourceNotFound', `Resource '${user[1]}' does not exist.`);
      return this.send(res, 200, this.toGraphUser(u));
    }
    this.graphError(res, 400, 'BadRequest', `Unsupported path ${url.pathname}`);
  }

  /** Transitive members: users of the group and of nested groups (nested group objects are listed too, as Graph does). */
  private flatten(groupId: string, seen = new Set<string>()): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [];
    for (const id of this.groups.get(groupId) ?? []) {
      if (this.groups.has(id)) {
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ '@odata.type': '#microsoft.graph.group', id, displayName: `Group ${id}` });
        out.push(...this.flatten(id, seen));
      } else {
        const u = this.users.get(id);
        if (u) out.push(this.toGraphUser(u));
      }
    }
    return out;
  }
}
