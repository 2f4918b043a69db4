import * as crypto from 'node:crypto';

/** Who the tab's SSO token says the viewer is. */
export interface TabIdentity {
  aadObjectId: string;
  name: string;
  tenantId: string;
}

export type TokenVerdict = { ok: true; identity: TabIdentity } | { ok: false; reason: string };

export interface TabTokenValidatorOptions {
  /** The OpenID metadata document (Entra ID v2: https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration). */
  openIdMetadataUrl: string;
  /** Accepted audiences: the manifest's webApplicationInfo.resource (and the app's client id). */
  audiences: string[];
  /** Tenants whose people may open the tab; empty means any tenant. */
  allowedTenants: string[];
  /** Seconds of clock skew tolerated on exp/nbf. */
  clockSkewSeconds?: number;
  /** How long fetched signing keys are trusted before they are fetched again. */
  keyCacheMs?: number;
  now?: () => Date;
}

interface Jwk {
  kid?: string;
  kty: string;
  n?: string;
  e?: string;
  x5c?: string[];
}

const decode = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/**
 * Validates the Teams SSO token the dashboard page obtains with TeamsJS `getAuthToken`: RS256 signature by a key from
 * the tenant's OpenID JWKS (re-fetched once when an unknown key id appears), expiry and not-before, audience = the app's
 * webApplicationInfo resource, an Entra issuer for the token's own tenant, and the tenant allow-list.
 */
export class TabTokenValidator {
  private keys?: { at: number; byKid: Map<string, crypto.KeyObject> };
  private fetching?: Promise<Map<string, crypto.KeyObject>>;

  constructor(private readonly options: TabTokenValidatorOptions) {}

  private async fetchKeys(): Promise<Map<string, crypto.KeyObject>> {
    this.fetching ??= (async () => {
      try {
        const meta = (await (
          await fetch(this.options.openIdMetadataUrl, { signal: AbortSignal.timeout(5000) })
        ).json()) as { jwks_uri?: string };
        if (!meta.jwks_uri) throw new Error('the OpenID metadata has no jwks_uri');
        const jwks = (await (await fetch(meta.jwks_uri, { signal: AbortSignal.timeout(5000) })).json()) as {
          keys?: Jwk[];
        };
        const byKid = new Map<string, crypto.KeyObject>();
        for (const k of jwks.keys ?? []) {
          if (k.kty !== 'RSA' || !k.kid) continue;
          const key =
            k.n && k.e
              ? crypto.createPublicKey({ key: { kty: 'RSA', n: k.n, e: k.e }, format: 'jwk' })
              : k.x5c?.[0]
                ? new crypto.X509Certificate(Buffer.from(k.x5c[0], 'base64')).publicKey
                : undefined;
          if (key) byKid.set(k.kid, key);
        }
        this.keys = { at: Date.now(), byKid };
        return byKid;
      } finally {
        this.fetching = undefined;
      }
    })();
    return this.fetching;
  }

  private async keyFor(kid: string): Promise<crypto.KeyObject | undefined> {
    const fresh = this.keys && Date.now() - this.keys.at < (this.options.keyCacheMs ?? 3_600_000);
    if (fresh && this.keys!.byKid.has(kid)) return this.keys!.byKid.get(kid);
    // An unknown key id may mean the keys rolled over: fetch once more (at most once a minute for unknown ids).
    if (fresh && Date.now() - this.keys!.at < 60_000) return undefined;
    return (await this.fetchKeys()).get(kid);
  }

  async validate(token: string | undefined): Promise<TokenVerdict> {
    if (!token) return { ok: false, reason: 'no token' };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = decode(parts[0]);
      claims = decode(parts[1]);
    } catch {
      return { ok: false, reason: 'malformed token' };
    }
    if (header.alg !== 'RS256' || typeof header.kid !== 'string')
      return { ok: false, reason: 'unsupported token algorithm' };
    let key: crypto.KeyObject | undefined;
    try {
      key = await this.keyFor(header.kid);
    } catch (err) {
      return { ok: false, reason: `signing keys unavailable: ${(err as Error).message}` };
    }
    if (!key) return { ok: false, reason: 'unknown signing key' };
    const signed = crypto.verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      key,
      Buffer.from(parts[2], 'base64url'),
    );
    if (!signed) return { ok: false, reason: 'bad signature' };
    const now = (this.options.now?.() ?? new Date()).getTime() / 1000;
    const skew = this.options.clockSkewSeconds ?? 300;
    if (typeof claims.exp !== 'number' || claims.exp + skew < now) return { ok: false, reason: 'token expired' };
    if (typeof claims.nbf === 'number' && claims.nbf - skew > now) return { ok: false, reason: 'token not yet valid' };
    const aud = Array.isArray(claims.aud) ? (claims.aud as string[]) : [String(claims.aud)];
    if (!aud.some((a) => this.options.audiences.includes(a))) return { ok: false, reason: 'wrong audience' };
    const tid = typeof claims.tid === 'string' ? claims.tid : '';
    if (!tid) return { ok: false, reason: 'no tenant in token' };
    const iss = String(claims.iss ?? '');
    if (iss !== `https://login.microsoftonline.com/${tid}/v2.0` && iss !== `https://sts.windows.net/${tid}/`)
      return { ok: false, reason: 'unexpected issuer' };
    if (this.options.allowedTenants.length && !this.options.allowedTenants.includes(tid))
      return { ok: false, reason: 'tenant not allowed' };
    if (typeof claims.oid !== 'string') return { ok: false, reason: 'no user in token' };
    return {
      ok: true,
      identity: {
        aadObjectId: claims.oid,
        name: String(claims.name ?? claims.preferred_username ?? 'Someone'),
        tenantId: tid,
      },
    };
  }
}
