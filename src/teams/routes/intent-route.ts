import { ActionTypes, ActivityTypes, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { KNOWLEDGE_QUESTION, type IntentDecision, type Role } from '../../intents/intent';
import { rolesOf } from '../../intents/roles';
import { choiceMadeCard, CHOOSE_INTENT_VERB, clarifyCard, insteadCard } from '../cards/intent-cards';
import { helpCard } from '../cards/help-card';
import type { IntentHandlers } from '../teams-app';
import type { TeamsDeps } from '../teams-deps';
import { actorOf } from '../actor-of';
import { commandText, conversationKind, turnLogger } from '../turn-helpers';
import { sendCard } from './core-routes';
import { cardActivity } from '../card-activity';

const chooseSchema = z.object({ intent: z.string().max(80), text: z.string().max(4000) }).passthrough();

/** Intents worth suggesting after a refusal, in this order, when the person may use them. */
const SUGGESTIONS = ['intake.start', 'intake.mine', 'review.queue', KNOWLEDGE_QUESTION, 'assistant.help'];

/**
 * The one message route: every typed message goes to the intent layer, which decides to run an intent, answer a
 * question or ask which of two readings was meant. Roles are checked here, before any handler runs; each handler's
 * own authority checks (services, card data) stay where they are.
 */
export function registerIntentRoute(app: Application<TurnState>, deps: TeamsDeps, handlers: IntentHandlers): void {
  const { registry, router } = deps.intents;
  const missing = registry
    .all()
    .filter((d) => !handlers[d.id])
    .map((d) => d.id);
  if (missing.length) throw new Error(`No handler for the intents ${missing.join(', ')}.`);

  const run = async (
    context: TurnContext,
    state: TurnState,
    decision: IntentDecision,
    text: string,
    roles: Set<Role>,
  ): Promise<void> => {
    const log = turnLogger(context, deps.logger);
    if (decision.kind === 'clarify') {
      const options = decision.options.map((id) => registry.get(id)!).filter((d) => registry.allows(d.id, roles));
      if (options.length === 2) {
        await sendCard(context, clarifyCard(text, options));
        return;
      }
      if (options.length === 1)
        return run(
          context,
          state,
          {
            kind: 'run',
            intent: options[0].id,
            slots: registry.slotsFromText(options[0].id, text),
            source: decision.source,
            score: decision.score,
          },
          text,
          roles,
        );
      return run(context, state, { kind: 'answer', source: decision.source, score: decision.score }, text, roles);
    }
    const intent = decision.kind === 'run' ? decision.intent : KNOWLEDGE_QUESTION;
    const definition = registry.get(intent)!;
    if (!registry.allows(intent, roles)) {
      log.info('intent refused for role', { intent });
      const alternatives = SUGGESTIONS.map((id) => registry.get(id)).filter(
        (d): d is NonNullable<typeof d> => Boolean(d) && registry.allows(d!.id, roles) && d!.id !== intent,
      );
      const sentence = definition.refusal ?? `"${definition.title}" is not available to you.`;
      if (definition.refusalInCard) {
        await sendCard(context, insteadCard(alternatives, sentence));
      } else if (conversationKind(context) === 'personal') {
        // A plain sentence; what they can do instead comes as suggested replies under it (Teams shows them in 1:1 chats).
        await context.sendActivity({
          type: ActivityTypes.Message,
          text: sentence,
          suggestedActions: {
            to: [],
            actions: alternatives.map((d) => ({ type: ActionTypes.ImBack, title: d.title, value: d.command })),
          },
        });
      } else {
        await context.sendActivity(cardActivity(insteadCard(alternatives), { text: sentence }));
      }
      return;
    }
    const offer =
      decision.kind === 'answer' && decision.offer && registry.allows(decision.offer, roles)
        ? decision.offer
        : undefined;
    await handlers[intent](context, state, { text, slots: decision.kind === 'run' ? decision.slots : {}, offer });
  };

  app.activity(ActivityTypes.Message, async (context, state) => {
    const text = commandText(context);
    const roles = rolesOf(actorOf(context).aadObjectId, deps.directory);
    if (!text) {
      await sendCard(context, helpCard({ roles }));
      return;
    }
    const log = turnLogger(context, deps.logger);
    const decision = await router.route(text, log);
    log.info('message routed', {
      kind: decision.kind,
      intent:
        decision.kind === 'run'
          ? decision.intent
          : decision.kind === 'clarify'
            ? decision.options.join('|')
            : KNOWLEDGE_QUESTION,
      source: decision.source,
      score: Number(decision.score.toFixed(3)),
    });
    await run(context, state, decision, text, roles);
  });

  // A clarifying question's button: the chosen intent must be registered and allowed; slots are read from the text again.
  app.adaptiveCards.actionExecute(CHOOSE_INTENT_VERB, async (context, state, data) => {
    const parsed = chooseSchema.safeParse(data);
    const definition = parsed.success ? registry.get(parsed.data.intent) : undefined;
    if (!parsed.success || !definition || definition.hidden)
      return 'That choice is not one I offered, so nothing was done.';
    const roles = rolesOf(actorOf(context).aadObjectId, deps.directory);
    const decision: IntentDecision =
      definition.id === KNOWLEDGE_QUESTION
        ? { kind: 'answer', source: 'embedded', score: 1 }
        : {
            kind: 'run',
            intent: definition.id,
            slots: registry.slotsFromText(definition.id, parsed.data.text),
            source: 'embedded',
            score: 1,
          };
    await run(context, state, decision, parsed.data.text, roles);
    return choiceMadeCard(definition) as never;
  });
}
