import { type SendFailureReason, sendFailureReason } from '../../store/send-failure';

/** Network failures where the request certainly never reached the service. */
const NOT_SENT_NETWORK = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

/**
 * A failed call to the Bot Connector, as the gateway reports it: the HTTP status (0 for network errors), the
 * Retry-After the service asked for, why it failed (the domain's rule) and whether the message may still have arrived
 * ('unknown' after a timeout, a dropped connection or a 504).
 */
export class ConnectorSendError extends Error {
  readonly reason: SendFailureReason;
  readonly outcome: 'not-sent' | 'unknown';

  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorSendError';
    this.reason = sendFailureReason(status, message);
    this.outcome = status === 504 || (status === 0 && !NOT_SENT_NETWORK.test(message)) ? 'unknown' : 'not-sent';
  }
}

/** Retry-After in milliseconds, from either header form (seconds or an HTTP date). */
function retryAfterOf(headers: unknown): number | undefined {
  const h = headers as ({ get?: (n: string) => string | undefined } & Record<string, unknown>) | undefined;
  const raw = h?.get?.('retry-after') ?? (h?.['retry-after'] as string | undefined);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(String(raw));
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** Maps whatever the Bot Framework SDK threw (a RestError, a network error) to a ConnectorSendError. */
export function toConnectorSendError(err: unknown): ConnectorSendError {
  if (err instanceof ConnectorSendError) return err;
  const e = err as { statusCode?: number; response?: { headers?: unknown }; message?: string } | undefined;
  return new ConnectorSendError(
    e?.statusCode ?? 0,
    retryAfterOf(e?.response?.headers),
    e?.message ?? String(err ?? 'The Bot Connector refused the message.'),
  );
}
