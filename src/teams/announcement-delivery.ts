import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Activity,
  ActivityTypes,
  CardFactory,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { channelBaseId } from '../announcements/audience';
import {
  type DeliveryMessage,
  type DeliveryRecipient,
  type DeliveryTransport,
  type SendOptions,
  type SendReceipt,
  TransportError,
} from '../announcements/delivery-transport';
import type { AppEnv } from '../config/env';
import type { ConversationDirectory } from '../store/conversation-directory';
import { createAdapter } from './adapter';
import { ConnectorSendError, ProactiveSender } from './proactive-sender';

/** Network failures where the request certainly never reached the service. */
const NOT_SENT_NETWORK = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

function retryAfterOf(headers: unknown): number | undefined {
  const h = headers as { get?: (n: string) => string | undefined } & Record<string, unknown>;
  const raw = h?.get?.('retry-after') ?? (h?.['retry-after'] as string | undefined);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(String(raw));
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** Maps whatever the Bot Framework SDK threw to the domain's TransportError (status, Retry-After, outcome). */
export function toTransportError(err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  const message = (err as Error)?.message ?? String(err);
  if (err instanceof ConnectorSendError) {
    const outcome =
      err.status === 504 || (err.status === 0 && !NOT_SENT_NETWORK.test(message)) ? 'unknown' : 'not-sent';
    return new TransportError(err.status, err.retryAfterMs, message, outcome);
  }
  const e = err as { statusCode?: number; response?: { headers?: unknown } };
  const status = e?.statusCode ?? 0;
  const outcome = status === 504 || (status === 0 && !NOT_SENT_NETWORK.test(message)) ? 'unknown' : 'not-sent';
  return new TransportError(status, retryAfterOf(e?.response?.headers), message, outcome);
}

/** The pipeline policy of the Azure SDK that silently retries 429, 5xx and network errors. */
const SDK_RETRY_POLICY = 'defaultRetryPolicy';
const DEPARTURE_POLICY = 'announcementDepartureGate';

/** The current send's `beforeRequest` hook, visible to the HTTP pipeline of the connector client it uses. */
const departureHook = new AsyncLocalStorage<(() => Promise<void>) | undefined>();

interface HttpPipeline {
  removePolicy(options: { name: string }): unknown;
  addPolicy(
    policy: {
      name: string;
      sendRequest: (request: unknown, next: (request: unknown) => Promise<unknown>) => Promise<unknown>;
    },
    options?: { afterPhase?: string },
  ): void;
}

/**
 * An adapter for announcement delivery whose connector clients (1) do not retry on their own: the Azure SDK
 * under botbuilder would otherwise wait out 429s and repeat 5xx or dropped requests invisibly, defeating the
 * engine's pacing and its record of messages that may have been sent twice; and (2) run the worker's pacing
 * gate as the last step before a request is written to the socket.
 */
export function createDeliveryAdapter(env: AppEnv): CloudAdapter {
  const adapter = createAdapter(env);
  adapter.use(async (context, next) => {
    const connector = context.turnState.get(adapter.ConnectorClientKey) as
      { client?: { pipeline?: HttpPipeline } } | undefined;
    const pipeline = connector?.client?.pipeline;
    if (pipeline) {
      pipeline.removePolicy({ name: SDK_RETRY_POLICY });
      pipeline.removePolicy({ name: DEPARTURE_POLICY });
      pipeline.addPolicy(
        {
          name: DEPARTURE_POLICY,
          sendRequest: async (request, nextPolicy) => {
            await departureHook.getStore()?.();
            return nextPolicy(request);
          },
        },
        { afterPhase: 'Sign' },
      );
    }
    await next();
  });
  return adapter;
}

/** The delivery transport with its own retry-free adapter, as the bot runs it. */
export function createTeamsDeliveryTransport(
  env: AppEnv,
  conversations: ConversationDirectory,
): TeamsDeliveryTransport {
  const adapter = createDeliveryAdapter(env);
  const botAppId = env.BOT_ID ?? '';
  return new TeamsDeliveryTransport({
    adapter,
    botAppId,
    proactive: new ProactiveSender(adapter, botAppId, conversations),
    conversations,
  });
}

function toActivity(message: DeliveryMessage): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    summary: message.summary,
    attachments: [CardFactory.adaptiveCard(message.card)],
  };
}

/**
 * Announcement delivery over the Bot Connector: personal chats through ProactiveSender, channels as new posts
 * (never as a reply in whichever thread the bot last saw), and team members the bot has not chatted with yet
 * through a new 1:1 conversation created from the team's stored reference.
 */
export class TeamsDeliveryTransport implements DeliveryTransport {
  constructor(
    private readonly deps: {
      adapter: CloudAdapter;
      botAppId: string;
      proactive: ProactiveSender;
      conversations: ConversationDirectory;
    },
  ) {}

  async send(recipient: DeliveryRecipient, message: DeliveryMessage, options: SendOptions = {}): Promise<SendReceipt> {
    const activity = toActivity(message);
    try {
      return await departureHook.run(options.beforeRequest, async () => {
        if (recipient.kind === 'channel' && recipient.conversationId)
          return this.postToChannel(recipient.conversationId, activity);
        if (recipient.conversationId)
          return { activityId: await this.deps.proactive.send(recipient.conversationId, activity) };
        return this.openChatAndSend(recipient, activity);
      });
    } catch (err) {
      throw toTransportError(err);
    }
  }

  async update(conversationId: string, activityId: string, message: DeliveryMessage): Promise<void> {
    try {
      await this.deps.proactive.update(conversationId, activityId, toActivity(message));
    } catch (err) {
      throw toTransportError(err);
    }
  }

  private async postToChannel(conversationId: string, activity: Partial<Activity>): Promise<SendReceipt> {
    const rec = await this.deps.conversations.get(conversationId);
    if (!rec)
      throw new TransportError(404, undefined, `No conversation reference is stored for channel ${conversationId}.`);
    const stored = rec.reference as Partial<ConversationReference>;
    const base = channelBaseId(conversationId);
    const reference = {
      ...stored,
      conversation: { ...(stored.conversation ?? {}), id: base },
    } as Partial<ConversationReference>;
    let activityId: string | undefined;
    await this.deps.adapter.continueConversationAsync(this.deps.botAppId, reference, async (ctx) => {
      activityId = (await ctx.sendActivity(activity))?.id;
    });
    return { activityId, conversationId };
  }

  private async openChatAndSend(recipient: DeliveryRecipient, activity: Partial<Activity>): Promise<SendReceipt> {
    if (!recipient.userId || !recipient.teamId)
      throw new TransportError(
        404,
        undefined,
        'The recipient has no chat with the bot and no team membership to open one from.',
      );
    const [channel] = await this.deps.conversations.list({
      kind: 'channel',
      status: 'active',
      teamId: recipient.teamId,
    });
    if (!channel)
      throw new TransportError(404, undefined, `CoE Assistant is no longer installed in team ${recipient.teamId}.`);
    const stored = channel.reference as Partial<ConversationReference>;
    const tenantId = recipient.tenantId ?? channel.tenantId;
    const parameters = {
      isGroup: false,
      bot: stored.bot,
      members: [{ id: recipient.userId, name: recipient.userName ?? '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as ConversationParameters;
    let receipt: SendReceipt = {};
    await this.deps.adapter.createConversationAsync(
      this.deps.botAppId,
      'msteams',
      channel.serviceUrl,
      AuthenticationConstants.ToChannelFromBotOAuthScope,
      parameters,
      async (ctx) => {
        const conversationId = ctx.activity.conversation?.id;
        receipt = { conversationId, activityId: (await ctx.sendActivity(activity))?.id };
      },
    );
    return receipt;
  }
}
