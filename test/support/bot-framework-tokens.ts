/** Bot Framework channel tokens for tests: a local OpenID metadata and key endpoint, and tokens signed for it. */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** Signs a Bot Framework-style channel token (RS256) with `key`. */
export function signToken(key: crypto.KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = crypto.sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** A local OpenID metadata + JWKS endpoint standing in for login.botframework.com. */
export async function startOpenIdServer(
  publicKey: crypto.KeyObject,
  kid: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/v1/.well-known/openidconfiguration')) {
      res.end(
        JSON.stringify({
          issuer: 'https://api.botframework.com',
          jwks_uri: `${base}/v1/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (req.url?.startsWith('/v1/keys')) {
      res.end(
        JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Claims of a Bot Framework channel token for bot `appId`, valid for ten minutes. */
export function channelClaims(appId: string, serviceUrl: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: 'https://api.botframework.com', aud: appId, serviceurl: serviceUrl, nbf: now - 60, exp: now + 600 };
}
