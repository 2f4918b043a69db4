import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ChannelRef } from '../config/channel-settings';
import type { ConversationDirectory } from '../store/conversation-directory';

/** Raised when the Bot Connector answers a proactive send with an HTTP error; keeps the status and Retry-After. */
export class ConnectorSendError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorSendError';
  }
}

function toSendError(err: unknown): ConnectorSendError {
  const e = err as {
    statusCode?: number;
    response?: { headers?: { get?: (n: string) => string | undefined } & Record<string, unknown> };
    message?: string;
  };
  const status = e.statusCode ?? 0;
  const header =
    e.response?.headers?.get?.('retry-after') ?? (e.response?.headers?.['retry-after'] as string | undefined);
  let retryAfterMs: number | undefined;
  if (header !== undefined) {
    const seconds = Number(header);
    retryAfterMs = Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(header) - Date.now());
  }
  return new ConnectorSendError(status, retryAfterMs, e.message ?? 'The Bot Connector refused the message.');
}

/** Sends and updates messages outside a user's turn (review cards, announcements, expert answers). */
export class ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly conversations: ConversationDirectory,
    private readonly configuredChannels: ChannelRef[] = [],
  ) {}

  /**
   * The stored reference of a conversation. A channel named in COE_CONFIG works even before an install event
   * reached this instance: its reference is built from the configuration and the newest known service URL.
   */
  private async referenceFor(conversationId: string): Promise<Partial<ConversationReference>> {
    const rec = await this.conversations.get(conversationId);
    if (rec) return rec.reference as Partial<ConversationReference>;
    const channel = this.configuredChannels.find((c) => c.conversationId === conversationId);
    const serviceUrl = channel?.serviceUrl ?? (await this.conversations.latestServiceUrl());
    if (!channel || !serviceUrl)
      throw new ConnectorSendError(
        404,
        undefined,
        `No conversation reference is stored for ${conversationId}; the bot was never installed there.`,
      );
    return {
      channelId: 'msteams',
      serviceUrl,
      bot: { id: this.botAppId || 'coe-assistant', name: 'CoE Assistant' },
      conversation: {
        id: channel.conversationId,
        isGroup: true,
        conversationType: 'channel',
        name: channel.name,
      } as ConversationReference['conversation'],
    };
  }

  /** Posts `activity` to a stored conversation; returns the new activity id. Errors carry the HTTP status. */
  async send(conversationId: string, activity: Partial<Activity>): Promise<string | undefined> {
    const reference = await this.referenceFor(conversationId);
    let id: string | undefined;
    await this.run(reference, async (ctx) => {
      id = (await ctx.sendActivity(activity))?.id;
    });
    return id;
  }

  /** Replaces a message the bot sent earlier (for example a review card after a decision). */
  async update(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<void> {
    const reference = await this.referenceFor(conversationId);
    await this.run(reference, async (ctx) => {
      await ctx.updateActivity({
        ...activity,
        id: activityId,
        conversation: reference.conversation,
      } as Partial<Activity>);
    });
  }

  /**
   * Runs `work` in a proactive turn and rethrows its failure as a ConnectorSendError. The failure is caught inside the
   * turn because the adapter hands errors of a turn to its `onTurnError` handler (the app's error reply) instead of
   * throwing them, which would make a failed post look sent and keep the outbox from retrying it.
   */
  private async run(
    reference: Partial<ConversationReference>,
    work: (ctx: TurnContext) => Promise<void>,
  ): Promise<void> {
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (ctx) => {
        try {
          await work(ctx);
        } catch (err) {
          failure = err;
        }
      });
    } catch (err) {
      failure = err;
    }
    if (failure !== undefined) throw toSendError(failure);
  }
}
