/** The delivery engine's view of Teams: send one message to one recipient, update one message. */

/** Where one announcement goes: a stored conversation, or a team member the bot has not chatted with yet. */
export interface DeliveryRecipient {
  key: string;
  kind: 'personal' | 'channel';
  conversationId?: string;
  aadObjectId?: string;
  userId?: string;
  userName?: string;
  teamId?: string;
  tenantId?: string;
}

/** A message to send: an Adaptive Card (plain JSON) and a one-line summary for notifications. */
export interface DeliveryMessage {
  card: Record<string, unknown>;
  summary: string;
}

/** What a successful send returns: the new message's id and, when the transport opened a chat, its id. */
export interface SendReceipt {
  activityId?: string;
  conversationId?: string;
}

/**
 * Whether a failed send may still have reached the recipient: 'not-sent' when the service refused it,
 * 'unknown' when the request may have been processed (timeouts, dropped connections, 504).
 */
export type SendOutcome = 'not-sent' | 'unknown';

/** A failed send, with the HTTP status (0 for network errors) and the Retry-After the service asked for. */
export class TransportError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
    message: string,
    readonly outcome: SendOutcome = 'not-sent',
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** How the worker paces a send from inside the transport. */
export interface SendOptions {
  /**
   * Awaited immediately before the request leaves the process (after any lookups and serialisation), so the
   * worker's spacing between messages holds on the wire and not only when the send was started.
   */
  beforeRequest?: () => Promise<void>;
}

/** The port the delivery worker sends through; the Teams layer implements it with the Bot Connector. */
export interface DeliveryTransport {
  /** Sends `message` to `recipient`; throws TransportError on failure. Must await `options.beforeRequest` before the request goes out. */
  send(recipient: DeliveryRecipient, message: DeliveryMessage, options?: SendOptions): Promise<SendReceipt>;
  /** Replaces a message sent earlier (the author's status card); throws TransportError on failure. */
  update(conversationId: string, activityId: string, message: DeliveryMessage): Promise<void>;
}
