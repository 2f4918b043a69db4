import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Query parameters of a signed document link. */
export const LINK_PARAMS = { person: 'for', expires: 'exp', signature: 'sig' } as const;

export type LinkCheck = { ok: true; personId: string } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

/**
 * Short-lived links to restricted documents. A link names the person it was issued to (their Entra object id),
 * the document and an expiry, and carries an HMAC-SHA256 of the three under a server key. It proves that this bot
 * issued exactly that grant: the person, the document or the expiry cannot be changed without breaking the
 * signature. It is a bearer link: whoever holds it can open that one document until it expires.
 */
export class DocumentLinkSigner {
  readonly ttlSeconds: number;
  private readonly key: Buffer;
  private readonly now: () => number;

  /** `secret` (at least 32 characters) keeps links valid across restarts and instances; without it a random key is made. */
  constructor(options: { secret?: string; ttlSeconds: number; now?: () => number }) {
    this.key = options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32);
    this.ttlSeconds = options.ttlSeconds;
    this.now = options.now ?? Date.now;
  }

  private mac(source: string, personId: string, expires: number): Buffer {
    return createHmac('sha256', this.key).update(`coe-doc-link-v1\n${source}\n${personId}\n${expires}`).digest();
  }

  /** A signer for one answer: every link it makes shares one expiry, so repeated calls give the same URL. */
  forPerson(personId: string): (source: string) => string {
    const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
    return (source) => {
      const q = new URLSearchParams({
        [LINK_PARAMS.person]: personId,
        [LINK_PARAMS.expires]: String(expires),
        [LINK_PARAMS.signature]: this.mac(source, personId, expires).toString('base64url'),
      });
      return q.toString();
    };
  }

  /** Checks a link's parameters against the document it asks for. */
  verify(source: string, params: Record<string, unknown>): LinkCheck {
    const personId = params[LINK_PARAMS.person];
    const expiresText = params[LINK_PARAMS.expires];
    const signature = params[LINK_PARAMS.signature];
    if (
      typeof personId !== 'string' ||
      typeof expiresText !== 'string' ||
      typeof signature !== 'string' ||
      !personId ||
      !signature
    )
      return { ok: false, reason: 'missing' };
    if (!/^\d{1,12}$/.test(expiresText)) return { ok: false, reason: 'invalid' };
    const expires = Number(expiresText);
    const expected = this.mac(source, personId, expires);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    if (expires * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, personId };
  }
}
