import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Application, type TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import type { Storage } from 'botbuilder';
import { ConversationRecorder, registerCoreRoutes } from './routes/core-routes';
import { registerIntentRoute } from './routes/intent-route';
import type { TeamsDeps } from './teams-deps';
import { turnLogger } from './turn-helpers';
import { answerCardAction, sendInvokeResponse } from './invoke-response';

/** What a recognised message asks for: its text (mention removed), the validated slots, and for a question the process it is about. */
export interface IntentRequest {
  text: string;
  slots: Record<string, unknown>;
  /** For an answered question: the intent to offer as a button under the answer. */
  offer?: string;
}

/** Carries out one intent for a message; roles were checked before it is called. */
export type IntentHandler = (context: TurnContext, state: TurnState, request: IntentRequest) => Promise<void>;

/** Each capability's handlers, by intent id. */
export type IntentHandlers = Record<string, IntentHandler>;

/** A capability's card actions and other activity routes; returns the handlers of the intents it declares. */
export type RouteRegistrar = (app: Application<TurnState>, deps: TeamsDeps) => IntentHandlers | void;

/** Builds the teams-ai Application: capability routes, then one message route that asks the intent layer. */
export function createTeamsApp(options: {
  adapter: TeamsAdapter;
  storage: Storage;
  deps: TeamsDeps;
  registrars?: RouteRegistrar[];
}): Application<TurnState> {
  const { deps } = options;
  const app = new Application<TurnState>({
    adapter: options.adapter,
    storage: options.storage,
    botAppId: deps.env.BOT_ID ?? '',
    // teams-ai removes the bot's own @mention (when the activity's mention entity names it); commandText removes any left.
    removeRecipientMention: true,
    startTypingTimer: true,
    longRunningMessages: false,
  });

  const recorder = new ConversationRecorder(deps);
  app.turn('beforeTurn', async (context) => {
    await recorder.remember(context);
    return true;
  });

  const handlers: IntentHandlers = { ...registerCoreRoutes(app, deps, recorder) };
  for (const register of options.registrars ?? []) Object.assign(handlers, register(app, deps) ?? {});
  registerIntentRoute(app, deps, handlers);

  // Invokes no route claimed (unknown card verbs, invoke kinds the bot does not offer) get an answer, not botbuilder's 501.
  app.activity(ActivityTypes.Invoke, async (context) => {
    const a = context.activity;
    const action = (a.value as { action?: { type?: unknown; verb?: unknown } } | undefined)?.action;
    turnLogger(context, deps.logger).info('unhandled invoke', {
      name: a.name,
      verb: typeof action?.verb === 'string' ? action.verb.slice(0, 100) : undefined,
    });
    if (a.name === 'adaptiveCard/action' && action?.type === 'Action.Execute' && typeof action.verb === 'string') {
      await answerCardAction(
        context,
        'I do not know that button (the card may be from an older version of CoE Assistant), so nothing was changed.',
      );
    } else {
      await sendInvokeResponse(context, 400, { error: 'CoE Assistant does not handle this kind of invoke.' });
    }
  });

  return app;
}
