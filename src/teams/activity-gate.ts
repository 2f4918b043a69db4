import { type Activity, ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from '../observability/logger';
import { invalidInvokeReason } from './invoke-validation';
import { sendInvokeResponse } from './invoke-response';

/**
 * The tenant an activity comes from. Teams puts it in `conversation.tenantId` and `channelData.tenant.id`;
 * when both are present they must agree, otherwise the activity has no trustworthy tenant (undefined).
 */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromConversation = activity.conversation?.tenantId;
  const fromChannel = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const a = typeof fromConversation === 'string' && fromConversation ? fromConversation : undefined;
  const b = typeof fromChannel === 'string' && fromChannel ? fromChannel : undefined;
  if (a && b && a.toLowerCase() !== b.toLowerCase()) return undefined;
  return a ?? b;
}

export interface ActivityGateOptions {
  /** The only tenant served; undefined serves every tenant (local mode without a configured tenant). */
  allowedTenant?: string;
  organisationName: string;
  logger: Logger;
}

async function refuseInvoke(context: TurnContext, status: number, error: string): Promise<void> {
  await sendInvokeResponse(context, status, { error });
}

/**
 * The first step of every inbound turn, after authentication and before anything else (turn state, the conversation
 * recorder, every route). Activities from another tenant get a polite refusal and nothing is stored; invokes whose
 * value is not in the shape the bot handles get a 400 with a plain sentence. Resolves true when the turn may go on.
 * Proactive turns (the bot continuing its own conversations) do not pass here.
 */
export function activityGate(options: ActivityGateOptions): (context: TurnContext) => Promise<boolean> {
  const allowed = options.allowedTenant?.toLowerCase();
  return async (context) => {
    const a = context.activity;
    if (allowed) {
      const tenant = tenantOf(a);
      if (tenant?.toLowerCase() !== allowed) {
        options.logger.warn('activity from another tenant refused', {
          tenantId: tenant?.slice(0, 64) ?? null,
          activityType: a.type,
          activityName: a.name,
        });
        if (a.type === ActivityTypes.Message) {
          await context.sendActivity(
            `Sorry, CoE Assistant only serves ${options.organisationName}, and this conversation is outside it, so I cannot help here.`,
          );
        } else if (a.type === ActivityTypes.Invoke) {
          await refuseInvoke(context, 403, `CoE Assistant only serves ${options.organisationName}.`);
        }
        return false;
      }
    }
    if (a.type === ActivityTypes.Invoke) {
      const reason = invalidInvokeReason(a);
      if (reason) {
        options.logger.info('invalid invoke refused', { activityName: a.name, reason });
        await refuseInvoke(context, 400, reason);
        return false;
      }
    }
    return true;
  };
}
