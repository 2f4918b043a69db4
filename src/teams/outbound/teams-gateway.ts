import type { Activity, CloudAdapter, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { AppEnv } from '../../config/env';
import type { ChannelRef } from '../../config/channel-settings';
import type { ConversationDirectory } from '../../store/conversation-directory';
import { createAdapter } from '../adapter';
import { ConnectorSendError, toConnectorSendError } from './connector-send-error';
import { equipForOutbound, type OutboundOptions, withOutboundOptions } from './outbound-pipeline';
import { channelBaseId, threadId } from './teams-ids';

export type { OutboundOptions } from './outbound-pipeline';

/** Where a message went: the conversation (new when the gateway opened a chat) and the message's id. */
export interface OutboundReceipt {
  conversationId?: string;
  activityId?: string;
}

/** A team member the bot has not chatted with yet. */
export interface TeamMember {
  userId: string;
  userName?: string;
  teamId: string;
  tenantId?: string;
}

type Reference = Partial<ConversationReference>;

/**
 * The one way the bot talks to Teams outside a user's turn: open a 1:1 chat, post to a channel's root, reply in a
 * thread, send to a stored conversation, update and delete. Every failure comes out as a ConnectorSendError with the
 * status, Retry-After and the domain's reason (blocked, uninstalled, throttled, transient, rejected). Callers may pace
 * each request and turn off the SDK's own retries (see OutboundOptions).
 */
export class TeamsGateway {
  constructor(
    private readonly deps: {
      adapter: CloudAdapter;
      botAppId: string;
      conversations: ConversationDirectory;
      /** Channels named in COE_CONFIG: reachable even before an install event reached this instance. */
      configuredChannels?: ChannelRef[];
    },
  ) {
    equipForOutbound(deps.adapter);
  }

  /** Sends to a stored conversation as it is (a personal chat, a group chat, a channel thread); returns the message id. */
  async send(
    conversationId: string,
    activity: Partial<Activity>,
    options: OutboundOptions = {},
  ): Promise<string | undefined> {
    const reference = await this.referenceFor(conversationId);
    return this.sendIn(reference, activity, options);
  }

  /** Starts a new post at the root of a channel, never a reply in whichever thread the bot last saw. */
  async postToChannel(
    channelId: string,
    activity: Partial<Activity>,
    options: OutboundOptions = {},
  ): Promise<OutboundReceipt> {
    const reference = await this.referenceFor(channelId);
    const conversationId = channelBaseId(channelId);
    const root = { ...reference, conversation: { ...reference.conversation, id: conversationId } } as Reference;
    return { conversationId, activityId: await this.sendIn(root, activity, options) };
  }

  /** Replies in the thread under `rootActivityId` in a channel. */
  async reply(
    channelId: string,
    rootActivityId: string,
    activity: Partial<Activity>,
    options: OutboundOptions = {},
  ): Promise<OutboundReceipt> {
    const reference = await this.referenceFor(channelId);
    const conversationId = threadId(channelId, rootActivityId);
    const thread = { ...reference, conversation: { ...reference.conversation, id: conversationId } } as Reference;
    return { conversationId, activityId: await this.sendIn(thread, activity, options) };
  }

  /** Opens a 1:1 chat with a member of a team the bot is installed in, from the team's stored reference, and sends. */
  async createPersonalChat(
    member: TeamMember,
    activity: Partial<Activity>,
    options: OutboundOptions = {},
  ): Promise<OutboundReceipt> {
    const [channel] = await this.deps.conversations.list({ kind: 'channel', status: 'active', teamId: member.teamId });
    if (!channel)
      throw new ConnectorSendError(404, undefined, `CoE Assistant is no longer installed in team ${member.teamId}.`);
    const stored = channel.reference as Reference;
    const tenantId = member.tenantId ?? channel.tenantId;
    const parameters = {
      isGroup: false,
      bot: stored.bot,
      members: [{ id: member.userId, name: member.userName ?? '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as ConversationParameters;
    let receipt: OutboundReceipt = {};
    await this.run(options, (logic) =>
      this.deps.adapter.createConversationAsync(
        this.deps.botAppId,
        'msteams',
        channel.serviceUrl,
        AuthenticationConstants.ToChannelFromBotOAuthScope,
        parameters,
        logic(async (ctx) => {
          const activityId = (await ctx.sendActivity(activity))?.id;
          receipt = { conversationId: ctx.activity.conversation?.id, activityId };
        }),
      ),
    );
    return receipt;
  }

  /** Replaces a message the bot sent earlier (a review card after a decision, an author's status card). */
  async update(
    conversationId: string,
    activityId: string,
    activity: Partial<Activity>,
    options: OutboundOptions = {},
  ): Promise<void> {
    const reference = await this.referenceFor(conversationId);
    await this.inTurn(reference, options, async (ctx) => {
      await ctx.updateActivity({ ...activity, id: activityId, conversation: reference.conversation } as Activity);
    });
  }

  /** Deletes a message the bot sent earlier. */
  async delete(conversationId: string, activityId: string, options: OutboundOptions = {}): Promise<void> {
    const reference = await this.referenceFor(conversationId);
    await this.inTurn(reference, options, async (ctx) => {
      await ctx.deleteActivity(activityId);
    });
  }

  /**
   * The stored reference of a conversation. A channel named in COE_CONFIG works even before an install event
   * reached this instance: its reference is built from the configuration and the newest known service URL.
   */
  private async referenceFor(conversationId: string): Promise<Reference> {
    const rec = await this.deps.conversations.get(conversationId);
    if (rec) return rec.reference as Reference;
    const channel = this.deps.configuredChannels?.find((c) => c.conversationId === conversationId);
    const serviceUrl = channel?.serviceUrl ?? (await this.deps.conversations.latestServiceUrl());
    if (!channel || !serviceUrl)
      throw new ConnectorSendError(
        404,
        undefined,
        `No conversation reference is stored for ${conversationId}; the bot was never installed there.`,
      );
    return {
      channelId: 'msteams',
      serviceUrl,
      bot: { id: this.deps.botAppId || 'coe-assistant', name: 'CoE Assistant' },
      conversation: {
        id: channel.conversationId,
        isGroup: true,
        conversationType: 'channel',
        name: channel.name,
      } as ConversationReference['conversation'],
    };
  }

  private async sendIn(
    reference: Reference,
    activity: Partial<Activity>,
    options: OutboundOptions,
  ): Promise<string | undefined> {
    let id: string | undefined;
    await this.inTurn(reference, options, async (ctx) => {
      id = (await ctx.sendActivity(activity))?.id;
    });
    return id;
  }

  private inTurn(reference: Reference, options: OutboundOptions, work: (ctx: TurnContext) => Promise<void>) {
    return this.run(options, (logic) =>
      this.deps.adapter.continueConversationAsync(this.deps.botAppId, reference, logic(work)),
    );
  }

  /**
   * Runs a proactive turn and rethrows its failure as a ConnectorSendError. The failure is caught inside the turn
   * because the adapter hands errors of a turn to its `onTurnError` handler (the app's error reply) instead of
   * throwing them, which would make a failed post look sent and keep an outbox from retrying it.
   */
  private async run(
    options: OutboundOptions,
    start: (logic: (work: (ctx: TurnContext) => Promise<void>) => (ctx: TurnContext) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    let failure: unknown;
    const logic = (work: (ctx: TurnContext) => Promise<void>) => async (ctx: TurnContext) => {
      try {
        await work(ctx);
      } catch (err) {
        failure = err;
      }
    };
    try {
      await withOutboundOptions(options, () => start(logic));
    } catch (err) {
      failure = err;
    }
    if (failure !== undefined) throw toConnectorSendError(failure);
  }
}

/** The gateway on an adapter of its own (workers and benchmarks that run without the bot's HTTP endpoint). */
export function createTeamsGateway(
  env: AppEnv,
  conversations: ConversationDirectory,
  configuredChannels: ChannelRef[] = [],
): TeamsGateway {
  return new TeamsGateway({
    adapter: createAdapter(env),
    botAppId: env.BOT_ID ?? '',
    conversations,
    configuredChannels,
  });
}
