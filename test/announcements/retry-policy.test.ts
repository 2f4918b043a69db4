import { TransportError } from '../../src/announcements/delivery-transport';
import { backoffDelayMs, classifyFailure, retryAfterWithJitterMs } from '../../src/announcements/retry-policy';
import { toTransportError } from '../../src/teams/announcement-delivery';
import { ConnectorSendError } from '../../src/teams/outbound/connector-send-error';

const policy = { maxAttempts: 5, backoffBaseMs: 1000, backoffMaxMs: 60_000, defaultRetryAfterMs: 1000 };
const fixed = (v: number) => () => v;

describe('delivery retry policy', () => {
  it('honours Retry-After on 429 and adds bounded jitter', () => {
    const d = classifyFailure(new TransportError(429, 3000, 'Too many requests'), 1, policy, fixed(1));
    expect(d).toMatchObject({ action: 'retry', throttled: true, delayMs: 3600 });
    expect(classifyFailure(new TransportError(429, 3000, 'x'), 1, policy, fixed(0))).toMatchObject({ delayMs: 3000 });
    expect(classifyFailure(new TransportError(429, undefined, 'x'), 1, policy, fixed(0))).toMatchObject({
      delayMs: 1000,
    });
    expect(retryAfterWithJitterMs(100, fixed(1))).toBe(150);
  });

  it.each([412, 500, 502, 503, 504])('retries %i with exponential backoff', (status) => {
    const first = classifyFailure(new TransportError(status, undefined, 'busy'), 1, policy, fixed(1));
    const third = classifyFailure(new TransportError(status, undefined, 'busy'), 3, policy, fixed(1));
    expect(first).toMatchObject({ action: 'retry', delayMs: 1000, throttled: false });
    expect(third).toMatchObject({ action: 'retry', delayMs: 4000 });
  });

  it('keeps backoff between half and all of the exponential delay, capped', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const cap = Math.min(60_000, 1000 * 2 ** (attempt - 1));
      expect(backoffDelayMs(attempt, policy, fixed(0))).toBe(cap / 2);
      expect(backoffDelayMs(attempt, policy, fixed(1))).toBe(cap);
    }
  });

  it('gives up after maxAttempts', () => {
    expect(classifyFailure(new TransportError(503, undefined, 'busy'), 5, policy)).toMatchObject({ action: 'failed' });
    expect(classifyFailure(new TransportError(429, 1000, 'busy'), 5, policy)).toMatchObject({ action: 'failed' });
  });

  it('treats 403 and 404 as unreachable, other 4xx as final', () => {
    expect(
      classifyFailure(new TransportError(403, undefined, 'User blocked the conversation with the bot.'), 1, policy),
    ).toMatchObject({ action: 'unreachable', conversationStatus: 'blocked' });
    expect(
      classifyFailure(new TransportError(403, undefined, 'The bot is not part of the conversation roster.'), 1, policy),
    ).toMatchObject({ action: 'unreachable', conversationStatus: 'uninstalled' });
    expect(classifyFailure(new TransportError(404, undefined, 'Conversation not found.'), 1, policy)).toMatchObject({
      action: 'unreachable',
      conversationStatus: 'uninstalled',
    });
    for (const status of [400, 401, 413])
      expect(classifyFailure(new TransportError(status, undefined, 'bad'), 1, policy)).toMatchObject({
        action: 'failed',
      });
  });

  it('retries network errors, flagging the ones whose outcome is unknown as possibly sent', () => {
    expect(classifyFailure(new TransportError(0, undefined, 'socket hang up', 'unknown'), 1, policy)).toMatchObject({
      action: 'retry',
      inDoubt: true,
    });
    expect(
      classifyFailure(new TransportError(0, undefined, 'connect ECONNREFUSED', 'not-sent'), 1, policy),
    ).toMatchObject({ action: 'retry', inDoubt: false });
    expect(classifyFailure(new Error('boom'), 1, policy)).toMatchObject({ action: 'retry', inDoubt: true });
  });

  it('maps connector errors to transport errors with the right outcome', () => {
    expect(toTransportError(new ConnectorSendError(429, 2000, 'Too many'))).toMatchObject({
      status: 429,
      retryAfterMs: 2000,
      outcome: 'not-sent',
    });
    expect(toTransportError(new ConnectorSendError(504, undefined, 'Gateway timeout'))).toMatchObject({
      status: 504,
      outcome: 'unknown',
    });
    expect(toTransportError(new ConnectorSendError(0, undefined, 'connect ECONNREFUSED 127.0.0.1:9'))).toMatchObject({
      status: 0,
      outcome: 'not-sent',
    });
    expect(toTransportError(new ConnectorSendError(0, undefined, 'read ECONNRESET'))).toMatchObject({
      status: 0,
      outcome: 'unknown',
    });
    const raw = Object.assign(new Error('Too many'), {
      statusCode: 429,
      response: { headers: { get: (n: string) => (n === 'retry-after' ? '7' : undefined) } },
    });
    expect(toTransportError(raw)).toMatchObject({ status: 429, retryAfterMs: 7000 });
  });
});
