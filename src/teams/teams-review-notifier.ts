import type { Activity } from 'botbuilder';
import type { ChannelRef } from '../config/channel-settings';
import { type CardRef, RecipientUnreachableError, type ReviewNotifier } from '../review/review-notifier';
import type { ReviewPerson } from '../review/review-types';
import type { ConversationDirectory } from '../store/conversation-directory';
import { isUnreachable } from '../store/send-failure';
import { cardActivity } from './card-activity';
import { ConnectorSendError } from './outbound/connector-send-error';
import type { TeamsGateway } from './outbound/teams-gateway';

type CardJson = Record<string, unknown> & { refresh?: { action: unknown; userIds?: string[] } };

/**
 * Replaces the Entra object ids in a card's `refresh.userIds` with the ids Teams matches them against: the user id from
 * the person's stored personal-chat reference when they installed the bot, else their "8:orgid:" MRI.
 */
export async function withTeamsRefreshIds(card: object, conversations: ConversationDirectory): Promise<CardJson> {
  const c = card as CardJson;
  if (!c.refresh?.userIds?.length) return c;
  const userIds = await Promise.all(
    c.refresh.userIds.map(async (aad) => {
      const chat = await conversations.personalChatOf(aad);
      const id = (chat?.reference as { user?: { id?: string } } | undefined)?.user?.id;
      return id ?? `8:orgid:${aad}`;
    }),
  );
  return { ...c, refresh: { ...c.refresh, userIds } };
}

/**
 * The message that carries a card: for a channel copy, the @mentions go in the message text with Teams mention
 * entities (Entra object id as the id), so the card itself stays plain Adaptive Card 1.5.
 */
export function cardMessage(card: object, mentions: ReviewPerson[] = []): Partial<Activity> {
  if (mentions.length === 0) return cardActivity(card);
  const tags = mentions.map((p) => `<at>${p.name}</at>`);
  return cardActivity(card, {
    text: `Waiting for a decision from ${tags.join(', ')}`,
    entities: mentions.map((p, i) => ({ type: 'mention', text: tags[i], mentioned: { id: p.id, name: p.name } })),
  });
}

/**
 * The review domain's notifier for Teams, over the outbound gateway: personal chats from the conversation directory,
 * the review channel from COE_CONFIG. A chat the gateway reports blocked or uninstalled is marked so.
 */
export class TeamsReviewNotifier implements ReviewNotifier {
  constructor(
    private readonly gateway: TeamsGateway,
    private readonly conversations: ConversationDirectory,
    private readonly reviewChannel: ChannelRef | undefined,
  ) {}

  async sendCardToPerson(aadObjectId: string, card: object): Promise<CardRef | undefined> {
    const chat = await this.conversations.personalChatOf(aadObjectId);
    if (!chat) return undefined;
    let activityId: string | undefined;
    try {
      activityId = await this.gateway.send(
        chat.conversationId,
        cardMessage(await withTeamsRefreshIds(card, this.conversations)),
      );
    } catch (err) {
      if (err instanceof ConnectorSendError && isUnreachable(err.reason)) {
        await this.conversations.setStatus(chat.conversationId, err.reason);
        throw new RecipientUnreachableError(
          `The personal chat of ${aadObjectId} is no longer reachable (HTTP ${err.status}).`,
        );
      }
      throw err;
    }
    if (!activityId) throw new Error('The Bot Connector accepted the review card but returned no activity id.');
    return { conversationId: chat.conversationId, activityId };
  }

  async sendCardToReviewChannel(card: object, mentions: ReviewPerson[]): Promise<CardRef | undefined> {
    if (!this.reviewChannel) return undefined;
    const posted = await this.gateway.postToChannel(
      this.reviewChannel.conversationId,
      cardMessage(await withTeamsRefreshIds(card, this.conversations), mentions),
    );
    if (!posted.activityId) throw new Error('The Bot Connector accepted the review card but returned no activity id.');
    return { conversationId: this.reviewChannel.conversationId, activityId: posted.activityId, mentions };
  }

  async updateCard(ref: CardRef, card: object): Promise<void> {
    await this.gateway.update(
      ref.conversationId,
      ref.activityId,
      cardMessage(await withTeamsRefreshIds(card, this.conversations), ref.mentions),
    );
  }
}
