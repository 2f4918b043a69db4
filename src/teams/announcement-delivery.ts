import {
  type DeliveryMessage,
  type DeliveryRecipient,
  type DeliveryTransport,
  type SendOptions,
  type SendReceipt,
  TransportError,
} from '../announcements/delivery-transport';
import { cardActivity } from './card-activity';
import { toConnectorSendError } from './outbound/connector-send-error';
import type { OutboundOptions, TeamsGateway } from './outbound/teams-gateway';

/** Maps a gateway failure (or anything else thrown) to the delivery engine's TransportError. */
export function toTransportError(err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  const e = toConnectorSendError(err);
  return new TransportError(e.status, e.retryAfterMs, e.message, e.outcome);
}

function toActivity(message: DeliveryMessage) {
  return cardActivity(message.card, { summary: message.summary });
}

/**
 * Announcement delivery through the outbound gateway: personal chats as they are stored, channels as new posts at
 * the root, and team members the bot has not chatted with yet through a new 1:1 chat. The engine paces and retries
 * itself, so the SDK's own retries are off and its pacing gate runs just before each request leaves.
 */
export class TeamsDeliveryTransport implements DeliveryTransport {
  constructor(private readonly gateway: TeamsGateway) {}

  async send(recipient: DeliveryRecipient, message: DeliveryMessage, options: SendOptions = {}): Promise<SendReceipt> {
    const activity = toActivity(message);
    const outbound: OutboundOptions = { sdkRetries: false, pace: options.beforeRequest };
    try {
      if (recipient.kind === 'channel' && recipient.conversationId) {
        const posted = await this.gateway.postToChannel(recipient.conversationId, activity, outbound);
        return { activityId: posted.activityId, conversationId: recipient.conversationId };
      }
      if (recipient.conversationId)
        return { activityId: await this.gateway.send(recipient.conversationId, activity, outbound) };
      if (!recipient.userId || !recipient.teamId)
        throw new TransportError(
          404,
          undefined,
          'The recipient has no chat with the bot and no team membership to open one from.',
        );
      const member = {
        userId: recipient.userId,
        userName: recipient.userName,
        teamId: recipient.teamId,
        tenantId: recipient.tenantId,
      };
      return await this.gateway.createPersonalChat(member, activity, outbound);
    } catch (err) {
      throw toTransportError(err);
    }
  }

  async update(conversationId: string, activityId: string, message: DeliveryMessage): Promise<void> {
    try {
      await this.gateway.update(conversationId, activityId, toActivity(message), { sdkRetries: false });
    } catch (err) {
      throw toTransportError(err);
    }
  }
}
