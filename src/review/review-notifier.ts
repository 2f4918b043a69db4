import type { ReviewPerson } from './review-types';

/** Where a sent card lives, so it can be replaced later; `mentions` are re-applied on every update of a channel copy. */
export interface CardRef {
  conversationId: string;
  activityId: string;
  mentions?: ReviewPerson[];
}

/** Raised by a notifier when a person cannot be reached in their personal chat (blocked, uninstalled, gone). */
export class RecipientUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipientUnreachableError';
  }
}

/**
 * The review domain's way out to Teams. Cards are plain Adaptive Card JSON; `refresh.userIds` hold Entra object ids
 * and the implementation turns them into the ids Teams expects.
 */
export interface ReviewNotifier {
  /** Sends a card to the person's personal chat with the bot; undefined when they never installed the bot. */
  sendCardToPerson(aadObjectId: string, card: object): Promise<CardRef | undefined>;
  /** Posts a card to the configured review channel, @mentioning `mentions`; undefined when no review channel is configured. */
  sendCardToReviewChannel(card: object, mentions: ReviewPerson[]): Promise<CardRef | undefined>;
  /** Replaces a card sent earlier. */
  updateCard(ref: CardRef, card: object): Promise<void>;
}
