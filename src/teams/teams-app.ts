import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Application, type TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import type { Storage } from 'botbuilder';
import { helpCard } from './cards/help-card';
import { ConversationRecorder, answerCardActionWithMessage, registerCoreRoutes, sendCard } from './routes/core-routes';
import type { TeamsDeps } from './teams-deps';
import { callerOf, commandText, turnLogger } from './turn-helpers';

/** Handles a free-text message no other route claimed (a knowledge question, or help for unknown input). */
export type FallbackHandler = (context: TurnContext, state: TurnState, text: string) => Promise<void>;

/** Extra routes a capability adds; registered in order, before the free-text fallback. */
export type RouteRegistrar = (app: Application<TurnState>, deps: TeamsDeps) => void;

/** Builds the teams-ai Application: capability routes first, then the free-text fallback. */
export function createTeamsApp(options: { adapter: TeamsAdapter; storage: Storage; deps: TeamsDeps; registrars?: RouteRegistrar[]; fallback?: FallbackHandler }): Application<TurnState> {
  const { deps } = options;
  const app = new Application<TurnState>({
    adapter: options.adapter,
    storage: options.storage,
    botAppId: deps.env.BOT_ID ?? '',
    removeRecipientMention: true,
    startTypingTimer: true,
    longRunningMessages: false,
  });

  const recorder = new ConversationRecorder(deps);
  app.turn('beforeTurn', async (context) => {
    await recorder.remember(context);
    return true;
  });

  registerCoreRoutes(app, deps, recorder);
  for (const register of options.registrars ?? []) register(app, deps);

  // Invokes no route claimed (unknown card verbs, invoke kinds the bot does not offer) get an answer, not botbuilder's 501.
  app.activity(ActivityTypes.Invoke, async (context) => {
    const a = context.activity;
    const action = (a.value as { action?: { type?: unknown; verb?: unknown } } | undefined)?.action;
    turnLogger(context, deps.logger).info('unhandled invoke', { name: a.name, verb: typeof action?.verb === 'string' ? action.verb.slice(0, 100) : undefined });
    if (a.name === 'adaptiveCard/action' && action?.type === 'Action.Execute' && typeof action.verb === 'string') {
      await answerCardActionWithMessage(context, 'I do not know that button (the card may be from an older version of CoE Assistant), so nothing was changed.');
    } else {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 400, body: { error: 'CoE Assistant does not handle this kind of invoke.' } } });
    }
  });

  app.activity(ActivityTypes.Message, async (context, state) => {
    const text = commandText(context);
    if (!text) {
      const caller = callerOf(context);
      await sendCard(context, helpCard({ isAdmin: deps.directory.isAdmin(caller.aadObjectId), isAuthor: deps.directory.isAuthor(caller.aadObjectId) }));
      return;
    }
    if (options.fallback) {
      await options.fallback(context, state, text);
      return;
    }
    turnLogger(context, deps.logger).info('unrouted message');
    await context.sendActivity("I didn't catch that. Type **help** to see what I can do.");
  });

  return app;
}
