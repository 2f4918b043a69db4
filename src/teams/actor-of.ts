import type { TurnContext } from 'botbuilder';
import type { Actor } from '../directory/actor';

/**
 * Who sent this activity, from the activity itself: `from.aadObjectId` and `from.id`, the tenant from the conversation
 * (or channel data). Card data never decides who is acting.
 */
export function actorOf(context: TurnContext): Actor & { userId: string } {
  const a = context.activity;
  const channelTenant = (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return {
    aadObjectId: a.from?.aadObjectId,
    userId: a.from?.id ?? 'unknown',
    name: a.from?.name ?? 'Someone',
    tenantId: a.conversation?.tenantId ?? channelTenant,
    conversationId: a.conversation?.id,
  };
}
