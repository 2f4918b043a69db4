import { ActivityTypes, INVOKE_RESPONSE_KEY, TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { errorCard } from '../cards/error-card';
import { helpCard } from '../cards/help-card';
import { welcomeCard } from '../cards/welcome-card';
import { cardActivity } from '../card-activity';
import type { TeamsDeps } from '../teams-deps';
import { rolesOf } from '../../intents/roles';
import type { IntentHandlers } from '../teams-app';
import { actorOf } from '../actor-of';
import { conversationKind, turnLogger } from '../turn-helpers';
import { answerCardAction, sendInvokeResponse } from '../invoke-response';
import { channelBaseId } from '../outbound/teams-ids';

/** Keeps ConversationDirectory current: writes a conversation's reference when it is new to this app instance or its service URL changed. */
export class ConversationRecorder {
  private readonly seen = new Map<string, string>();

  constructor(private readonly deps: TeamsDeps) {}

  /** Stores where the bot can reach this conversation (install events always write). */
  async remember(context: TurnContext, force = false): Promise<void> {
    const a = context.activity;
    const conversationId = a.conversation?.id;
    if (!conversationId || !a.serviceUrl || (!force && this.seen.get(conversationId) === a.serviceUrl)) return;
    await storeReference(context, this.deps);
    this.seen.set(conversationId, a.serviceUrl);
  }

  forget(conversationId: string): void {
    this.seen.delete(conversationId);
  }
}

async function storeReference(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const a = context.activity;
  const conversationId = a.conversation.id;
  const kind = conversationKind(context);
  const caller = actorOf(context);
  const team = (a.channelData as { team?: { id?: string; name?: string } } | undefined)?.team;
  const reference = { ...TurnContext.getConversationReference(a), activityId: undefined };
  await deps.conversations.upsert({
    conversationId,
    kind,
    aadObjectId: kind === 'personal' ? caller.aadObjectId : undefined,
    userName: kind === 'personal' ? caller.name : undefined,
    tenantId: caller.tenantId,
    teamId: team?.id,
    teamName: team?.name,
    channelId: kind === 'channel' ? channelBaseId(conversationId) : undefined,
    serviceUrl: a.serviceUrl,
    reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
  });
}

/** Sends an Adaptive Card as a new message. */
export async function sendCard(context: TurnContext, cardJson: object): Promise<string | undefined> {
  const res = await context.sendActivity(cardActivity(cardJson));
  return res?.id;
}

/** Welcome on install and install/uninstall bookkeeping; the handlers of help, greetings and a trivial echo (the framework floor for benchmarks). */
export function registerCoreRoutes(
  app: Application<TurnState>,
  deps: TeamsDeps,
  recorder: ConversationRecorder,
): IntentHandlers {
  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const added = context.activity.membersAdded ?? [];
    const kind = conversationKind(context);
    await recorder.remember(context, true);
    if (added.some((m) => m.id === botId)) {
      await sendCard(
        context,
        welcomeCard({
          organisation: deps.org.organisation.name,
          userName: kind === 'personal' ? context.activity.from?.name : undefined,
          scope: kind === 'channel' ? 'team' : kind,
        }),
      );
      turnLogger(context, deps.logger).info('bot installed', { scope: kind });
    }
  });

  app.conversationUpdate('membersRemoved', async (context) => {
    const botId = context.activity.recipient?.id;
    if ((context.activity.membersRemoved ?? []).some((m) => m.id === botId)) {
      const teamId = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
      if (teamId) await deps.conversations.setTeamStatus(teamId, 'uninstalled');
      await deps.conversations.setStatus(context.activity.conversation.id, 'uninstalled');
      recorder.forget(context.activity.conversation.id);
    }
  });

  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const action = (context.activity as { action?: string }).action ?? '';
    if (action.startsWith('remove')) {
      await deps.conversations.setStatus(context.activity.conversation.id, 'uninstalled');
      recorder.forget(context.activity.conversation.id);
    } else {
      await recorder.remember(context, true);
    }
  });

  const help = async (context: TurnContext, greet: boolean) => {
    const caller = actorOf(context);
    await sendCard(
      context,
      helpCard({
        roles: rolesOf(caller.aadObjectId, deps.directory),
        greetName: greet ? caller.name : undefined,
        organisation: deps.org.organisation.name,
      }),
    );
  };
  return {
    'assistant.help': (context) => help(context, false),
    'assistant.greeting': (context) => help(context, true),
    'assistant.echo': async (context, _state, request) => {
      await context.sendActivity(request.text.replace(/^\s*echo\s*/i, '') || '(empty)');
    },
  };
}

/** The reply for a failed turn: a plain sentence and the turn id, never a stack trace. */
export async function replyWithError(context: TurnContext, reference: string, retryable: boolean): Promise<void> {
  const message = retryable
    ? 'I could not reach my database just now. Nothing was lost; please try again in a moment.'
    : 'I hit an unexpected problem handling that. The CoE team can trace it with the reference below.';
  if (context.activity.type === ActivityTypes.Message)
    await sendCard(context, errorCard({ message, reference, retryable }));
  else if (context.activity.type === ActivityTypes.Invoke && !context.turnState.get(INVOKE_RESPONSE_KEY)) {
    if (context.activity.name === 'adaptiveCard/action')
      await answerCardAction(context, `${message} Reference: ${reference}`);
    else await sendInvokeResponse(context, retryable ? 503 : 500);
  }
}
