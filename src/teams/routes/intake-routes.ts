import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { intakeCard } from '../../intake/cards/render-outcome';
import { refusedCard } from '../../intake/cards/notice-cards';
import { DAMAGED_ACTION } from '../../intake/card-action-data';
import type { Actor, IntakeOutcome } from '../../intake/intake-outcome';
import { refuse } from '../../runtime/outcome';
import type { IntakeService } from '../../intake/intake-service';
import { INTAKE_VERBS, type IntakeVerb } from '../../intake/intake-verbs';
import type { AdaptiveCard } from '../../cards/card-kit';
import type { TeamsDeps } from '../teams-deps';
import type { IntentHandler, IntentHandlers, IntentRequest } from '../teams-app';
import { actorOf } from '../actor-of';
import { conversationKind, turnLogger } from '../turn-helpers';
import { sendCard } from './core-routes';

/** The typed commands intake has always answered (kept here for their tests; they live with intake's intents). */
export { INTAKE_COMMANDS } from '../../intake/intake-intents';

const NO_IDENTITY = 'I can only handle use cases for people signed in to Teams with a work account.';
const PRIVATE_ONLY =
  'Use cases are private to you and the CoE, so please chat with me directly (open CoE Assistant in the Teams app bar) to submit or track them.';

/** Intake acts only for a person with an Entra identity: undefined when Teams sent none. */
function intakeActorOf(context: TurnContext): Actor | undefined {
  const { aadObjectId, name } = actorOf(context);
  return aadObjectId ? { id: aadObjectId, name } : undefined;
}

function isEmptyObject(data: unknown): boolean {
  return Boolean(data) && typeof data === 'object' && !Array.isArray(data) && Object.keys(data as object).length === 0;
}

/** Each card verb and the domain call it makes. */
function verbHandlers(
  intake: IntakeService,
): Record<IntakeVerb, (actor: Actor, data: unknown) => Promise<IntakeOutcome>> {
  return {
    [INTAKE_VERBS.next]: (a, d) => intake.act(a, 'next', d),
    [INTAKE_VERBS.back]: (a, d) => intake.act(a, 'back', d),
    [INTAKE_VERBS.save]: (a, d) => intake.act(a, 'save', d),
    [INTAKE_VERBS.cancel]: (a, d) => intake.act(a, 'cancel', d),
    [INTAKE_VERBS.discard]: (a, d) => intake.act(a, 'discard', d),
    [INTAKE_VERBS.resume]: (a, d) => intake.act(a, 'resume', d),
    [INTAKE_VERBS.submit]: (a, d) => intake.act(a, 'submit', d),
    [INTAKE_VERBS.mine]: async (a, d) =>
      isEmptyObject(d) ? intake.mySubmissions(a) : refuse('invalid', DAMAGED_ACTION),
    [INTAKE_VERBS.view]: (a, d) => intake.view(a, d),
    [INTAKE_VERBS.withdraw]: (a, d) => intake.withdraw(a, d),
    [INTAKE_VERBS.edit]: (a, d) => intake.edit(a, d),
    [INTAKE_VERBS.all]: (a, d) => intake.allSubmissions(a, { data: d }),
    [INTAKE_VERBS.export]: (a, d) => intake.exportSubmissions(a, d),
    [INTAKE_VERBS.refreshWizard]: (a, d) => intake.refreshWizard(a, d),
    [INTAKE_VERBS.refreshStatus]: (a, d) => intake.submittedStatus(a, d),
  };
}

/**
 * The card for an outcome in this person's locale. A card that refreshes itself (Universal Actions) names the
 * person it refreshes for, by the Teams id of the activity's sender; Teams refreshes only for listed users.
 */
function cardFor(context: TurnContext, outcome: IntakeOutcome): AdaptiveCard {
  const card = intakeCard(outcome, context.activity.locale);
  const userId = context.activity.from?.id;
  return card.refresh && userId ? { ...card, refresh: { ...card.refresh, userIds: [userId] } } : card;
}

/** Intake: the wizard (typed commands and card buttons), "my submissions", withdraw/edit, and the CoE's list and export. */
export function registerIntakeRoutes(
  app: Application<TurnState>,
  deps: TeamsDeps,
  intake: IntakeService,
): IntentHandlers {
  /** Runs a typed request in a personal chat and replies with the outcome's card. */
  const inPersonalChat =
    (run: (actor: Actor, request: IntentRequest) => Promise<IntakeOutcome>): IntentHandler =>
    async (context, _state, request) => {
      const actor = intakeActorOf(context);
      if (!actor) return void (await sendCard(context, refusedCard(NO_IDENTITY)));
      if (conversationKind(context) !== 'personal') return void (await context.sendActivity(PRIVATE_ONLY));
      await sendCard(context, cardFor(context, await run(actor, request)));
    };

  const handlers: IntentHandlers = {
    'intake.start': inPersonalChat((actor) => intake.start(actor)),
    'intake.resume': inPersonalChat((actor) => intake.resume(actor)),
    // "withdraw UC-0042" opens that use case (its card has Withdraw); otherwise the open draft, else the submissions.
    'intake.cancel': inPersonalChat(async (actor, { slots }) => {
      if (typeof slots.useCase === 'string') return intake.status(actor, slots.useCase);
      const outcome = await intake.cancelDraft(actor);
      return outcome.ok && outcome.value.kind === 'no-draft' ? intake.mySubmissions(actor) : outcome;
    }),
    'intake.mine': inPersonalChat((actor) => intake.mySubmissions(actor)),
    'intake.status': inPersonalChat((actor, { slots }) =>
      typeof slots.useCase === 'string' ? intake.status(actor, slots.useCase) : intake.mySubmissions(actor),
    ),
    'intake.all': inPersonalChat((actor, { text }) =>
      intake.allSubmissions(actor, { text: /^\s*all\s+submissions\b/i.test(text) ? text : 'all submissions' }),
    ),
  };

  for (const [verb, handle] of Object.entries(verbHandlers(intake))) {
    const run = async (context: TurnContext, data: unknown): Promise<AdaptiveCard> => {
      const actor = intakeActorOf(context);
      if (!actor) return refusedCard(NO_IDENTITY);
      const outcome = await handle(actor, data);
      if (!outcome.ok)
        turnLogger(context, deps.logger).info('intake action refused', { verb, reason: outcome.message });
      return cardFor(context, outcome);
    };
    // Universal Actions: the returned card replaces the one the person clicked.
    app.adaptiveCards.actionExecute(verb, (context, _state, data) => run(context, data));
    // Hosts without Universal Actions fall back to Action.Submit: the data carries `verb`; the answer is a new message.
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data: Record<string, unknown>) => {
      const { verb: _verb, ...rest } = data;
      await sendCard(context, await run(context, rest));
    });
  }
  return handlers;
}
