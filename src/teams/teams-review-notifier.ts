import { type Activity, CardFactory } from 'botbuilder';
import type { ChannelRef } from '../config/org-config';
import { type CardRef, RecipientUnreachableError, type ReviewNotifier } from '../review/review-notifier';
import type { ReviewPerson } from '../review/review-types';
import type { ConversationDirectory } from '../store/conversation-directory';
import { ConnectorSendError, type ProactiveSender } from './proactive-sender';

type CardJson = Record<string, unknown> & { body?: unknown[]; msteams?: Record<string, unknown>; refresh?: { action: unknown; userIds?: string[] } };

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

/** Adds an @mention line for `people` at the top of the card, with the Teams mention entities (Entra object id as the id). */
export function withMentions(card: CardJson, people: ReviewPerson[]): CardJson {
  if (people.length === 0) return card;
  const tags = people.map((p) => `<at>${p.name}</at>`);
  const line = { type: 'TextBlock', text: `Waiting for a decision from ${tags.join(', ')}`, wrap: true };
  const entities = people.map((p, i) => ({ type: 'mention', text: tags[i], mentioned: { id: p.id, name: p.name } }));
  return { ...card, body: [line, ...(card.body ?? [])], msteams: { ...(card.msteams ?? {}), entities } };
}

function message(card: CardJson): Partial<Activity> {
  return { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
}

/** The review domain's notifier for Teams: personal chats from the conversation directory, the review channel from COE_CONFIG. */
export class TeamsReviewNotifier implements ReviewNotifier {
  constructor(
    private readonly proactive: ProactiveSender,
    private readonly conversations: ConversationDirectory,
    private readonly reviewChannel: ChannelRef | undefined,
  ) {}

  async sendCardToPerson(aadObjectId: string, card: object): Promise<CardRef | undefined> {
    const chat = await this.conversations.personalChatOf(aadObjectId);
    if (!chat) return undefined;
    let activityId: string | undefined;
    try {
      activityId = await this.proactive.send(chat.conversationId, message(await withTeamsRefreshIds(card, this.conversations)));
    } catch (err) {
      if (err instanceof ConnectorSendError && (err.status === 403 || err.status === 404)) {
        await this.conversations.setStatus(chat.conversationId, err.status === 403 ? 'blocked' : 'uninstalled');
        throw new RecipientUnreachableError(`The personal chat of ${aadObjectId} is no longer reachable (HTTP ${err.status}).`);
      }
      throw err;
    }
    if (!activityId) throw new Error('The Bot Connector accepted the review card but returned no activity id.');
    return { conversationId: chat.conversationId, activityId };
  }

  async sendCardToReviewChannel(card: object, mentions: ReviewPerson[]): Promise<CardRef | undefined> {
    if (!this.reviewChannel) return undefined;
    const prepared = withMentions(await withTeamsRefreshIds(card, this.conversations), mentions);
    const activityId = await this.proactive.send(this.reviewChannel.conversationId, message(prepared));
    if (!activityId) throw new Error('The Bot Connector accepted the review card but returned no activity id.');
    return { conversationId: this.reviewChannel.conversationId, activityId, mentions };
  }

  async updateCard(ref: CardRef, card: object): Promise<void> {
    const prepared = withMentions(await withTeamsRefreshIds(card, this.conversations), ref.mentions ?? []);
    await this.proactive.update(ref.conversationId, ref.activityId, message(prepared));
  }
}
