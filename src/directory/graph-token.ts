import { DirectoryUnavailableError } from './directory-port';

/** Supplies app-only access tokens for Microsoft Graph. `invalidate` drops a token Graph refused (401). */
export interface TokenProvider {
  readonly kind: 'client-credentials' | 'managed-identity';
  token(): Promise<string>;
  invalidate(): void;
}

type Fetch = typeof fetch;

/** Tokens are renewed this long before they expire, so a request never starts with a token about to lapse. */
const EARLY_RENEWAL_MS = 5 * 60_000;

abstract class CachingTokenProvider implements TokenProvider {
  abstract readonly kind: TokenProvider['kind'];
  private current?: { token: string; renewAt: number };
  private pending?: Promise<string>;

  constructor(protected readonly now: () => number = Date.now) {}

  protected abstract fetchToken(): Promise<{ token: string; expiresAt: number }>;

  /** A cached token while it is valid; one request at a time renews it. */
  async token(): Promise<string> {
    if (this.current && this.now() < this.current.renewAt) return this.current.token;
    this.pending ??= this.fetchToken()
      .then(({ token, expiresAt }) => {
        this.current = { token, renewAt: Math.max(this.now(), expiresAt - EARLY_RENEWAL_MS) };
        return token;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  invalidate(): void {
    this.current = undefined;
  }
}

async function readToken(res: Response, who: string): Promise<Record<string, unknown>> {
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok || typeof body.access_token !== 'string') {
    // The error code only: token endpoint descriptions can echo request details, and secrets never reach logs.
    const code = typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
    throw new DirectoryUnavailableError(`${who} did not issue a Microsoft Graph token (${code}).`, res.status);
  }
  return body;
}

/**
 * The OAuth 2.0 client credentials flow against Entra ID (`{authorityHost}/{tenant}/oauth2/v2.0/token`, scope
 * `https://graph.microsoft.com/.default`): for an app registration with a client secret. The authority host is
 * configurable (sovereign clouds, and tests point it at a local server).
 */
export class ClientCredentialsTokenProvider extends CachingTokenProvider {
  readonly kind = 'client-credentials' as const;

  constructor(
    private readonly options: {
      tenantId: string;
      clientId: string;
      clientSecret: string;
      authorityHost?: string;
      scope?: string;
      fetch?: Fetch;
    },
    now?: () => number,
  ) {
    super(now);
  }

  protected async fetchToken(): Promise<{ token: string; expiresAt: number }> {
    const host = (this.options.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
    const form = new URLSearchParams({
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      scope: this.options.scope ?? 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    });
    let res: Response;
    try {
      res = await (this.options.fetch ?? fetch)(
        `${host}/${encodeURIComponent(this.options.tenantId)}/oauth2/v2.0/token`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
          signal: AbortSignal.timeout(10_000),
        },
      );
    } catch (err) {
      throw new DirectoryUnavailableError(`The Entra ID token endpoint is not reachable (${(err as Error).message}).`);
    }
    const body = await readToken(res, 'Entra ID');
    const expiresIn = Number(body.expires_in ?? 3600);
    return { token: body.access_token as string, expiresAt: this.now() + expiresIn * 1000 };
  }
}

/**
 * The App Service managed identity endpoint (`IDENTITY_ENDPOINT` with the `X-IDENTITY-HEADER` secret, both set by App
 * Service): a token for the user-assigned identity `clientId` (the bot's identity), with no secret to keep.
 */
export class ManagedIdentityTokenProvider extends CachingTokenProvider {
  readonly kind = 'managed-identity' as const;

  constructor(
    private readonly options: {
      endpoint: string;
      identityHeader: string;
      clientId?: string;
      resource?: string;
      fetch?: Fetch;
    },
    now?: () => number,
  ) {
    super(now);
  }

  protected async fetchToken(): Promise<{ token: string; expiresAt: number }> {
    const url = new URL(this.options.endpoint);
    url.searchParams.set('resource', this.options.resource ?? 'https://graph.microsoft.com');
    url.searchParams.set('api-version', '2019-08-01');
    if (this.options.clientId) url.searchParams.set('client_id', this.options.clientId);
    let res: Response;
    try {
      res = await (this.options.fetch ?? fetch)(url, {
        headers: { 'X-IDENTITY-HEADER': this.options.identityHeader },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new DirectoryUnavailableError(
        `The managed identity endpoint is not reachable (${(err as Error).message}).`,
      );
    }
    const body = await readToken(res, 'The managed identity endpoint');
    const expiresOn = Number(body.expires_on);
    return {
      token: body.access_token as string,
      expiresAt: Number.isFinite(expiresOn) && expiresOn > 0 ? expiresOn * 1000 : this.now() + 3600_000,
    };
  }
}
