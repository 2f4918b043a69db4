import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** Signs a JWT (RS256) with `key`, as Entra ID or the Bot Framework would. */
export function signToken(key: crypto.KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = crypto.sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${b64url(signature)}`;
}

/**
 * A local OpenID metadata + JWKS endpoint standing in for login.botframework.com or login.microsoftonline.com.
 * `url` is the metadata document; `requests` counts how often each path was fetched.
 */
export async function startOpenIdServer(publicKey: crypto.KeyObject, kid: string, issuer = 'https://api.botframework.com'): Promise<{ url: string; requests: Record<string, number>; close: () => Promise<void> }> {
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const requests: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const path = (req.url ?? '').split('?')[0];
    requests[path] = (requests[path] ?? 0) + 1;
    res.setHeader('content-type', 'application/json');
    if (path === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (path === '/v1/keys') {
      res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
