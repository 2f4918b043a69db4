/**
 * Teams conversation id syntax, kept in the Teams layer: a reply thread in a channel is the channel's id followed by
 * `;messageid=<id of the thread's first message>`. The domain treats conversation ids as opaque strings.
 */

/** A channel's own conversation id, without the `;messageid=` suffix of a reply thread. */
export function channelBaseId(conversationId: string): string {
  return conversationId.split(';')[0];
}

/** The conversation id of the reply thread under `rootActivityId` in a channel. */
export function threadId(channelConversationId: string, rootActivityId: string): string {
  return `${channelBaseId(channelConversationId)};messageid=${rootActivityId}`;
}
