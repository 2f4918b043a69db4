import { ActivityTypes, type TurnContext } from 'botbuilder';
import { card, commandButton, text } from '../../cards/card-kit';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import type { Outcome } from '../../runtime/outcome';
import { AUDIT_EXPORT_USAGE } from '../../review/audit-export-command';
import { REVIEW_COMMENT_MAX_LENGTH, REVIEW_VERBS, waitingListCard } from '../../review/review-cards';
import type { ReviewService } from '../../review/review-service';
import type { Decision, ReviewRules, ReviewView } from '../../review/review-types';
import { reviewViewCard } from '../../review/review-views';
import { replyWithRefusal } from '../refusal-reply';
import type { TeamsDeps } from '../teams-deps';
import { withTeamsRefreshIds } from '../teams-review-notifier';
import type { IntentHandlers } from '../teams-app';
import { actorOf } from '../actor-of';
import { conversationKind } from '../turn-helpers';
import { sendCard } from './core-routes';
import { answerCardAction } from '../invoke-response';
import { cardActivity } from '../card-activity';

const reviewId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const decisionData = z.object({
  reviewId,
  version: z.coerce.number().int().positive(),
  comment: z.string().max(REVIEW_COMMENT_MAX_LENGTH).optional(),
});
const reviewRef = z.object({ reviewId });

const DECISION_VERBS: Array<[string, Decision]> = [
  [REVIEW_VERBS.approve, 'approve'],
  [REVIEW_VERBS.reject, 'reject'],
  [REVIEW_VERBS.requestChanges, 'request-changes'],
];

/**
 * Answers the invoke with the review card as the actor now sees it, in the Universal Actions response format, or with
 * the refusal's sentence. The card is sent here rather than by teams-ai because teams-ai replaces the message for
 * everyone when the returned card has a `refresh`, which would turn one approver's personal view into everyone's card.
 */
async function replyTo(
  context: TurnContext,
  result: Outcome<ReviewView>,
  deps: TeamsDeps,
  rules: ReviewRules,
): Promise<AdaptiveCard | string> {
  if (!result.ok) return replyWithRefusal(context, result, deps.logger, 'review action');
  const card = (await withTeamsRefreshIds(reviewViewCard(result.value, rules), deps.conversations)) as AdaptiveCard;
  await answerCardAction(context, card);
  return card;
}

/** Buttons for the audit exports an admin most often wants: this month and last month so far (UTC days). */
function exportAuditChoices(now: Date) {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const lastMonthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const lastMonthEnd = new Date(monthStart.getTime() - 86_400_000);
  return card(
    [text('Or pick one:', { isSubtle: true })],
    [
      commandButton('This month', `export audit from ${day(monthStart)} to ${day(now)}`),
      commandButton('Last month', `export audit from ${day(lastMonthStart)} to ${day(lastMonthEnd)}`),
    ],
  );
}

/** Review cards' Universal Actions (approve, reject, request changes, refresh, open), "what is waiting for me?" and "export audit". */
export function registerReviewRoutes(
  app: Application<TurnState>,
  deps: TeamsDeps,
  review: ReviewService,
): IntentHandlers {
  for (const [verb, decision] of DECISION_VERBS) {
    app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
      const parsed = decisionData.safeParse(data);
      if (!parsed.success) return 'This card does not say which review and version it shows, so nothing was changed.';
      const reply = await review.decide(actorOf(context), {
        reviewId: parsed.data.reviewId,
        version: parsed.data.version,
        decision,
        comment: parsed.data.comment,
        cardActivityId: context.activity.replyToId,
      });
      return replyTo(context, reply, deps, review.rules);
    });
  }

  app.adaptiveCards.actionExecute(REVIEW_VERBS.refresh, async (context, _state, data) => {
    const parsed = reviewRef.safeParse(data);
    if (!parsed.success) return 'This card does not say which review it shows.';
    return replyTo(
      context,
      await review.view(actorOf(context), parsed.data.reviewId, context.activity.replyToId),
      deps,
      review.rules,
    );
  });

  app.adaptiveCards.actionExecute(REVIEW_VERBS.open, async (context, _state, data) => {
    const parsed = reviewRef.safeParse(data);
    if (!parsed.success) return 'This button does not say which review to open.';
    const actor = actorOf(context);
    const personal = conversationKind(context) === 'personal';
    const found = await review.open(actor, parsed.data.reviewId, personal);
    if (!found.ok) return replyWithRefusal(context, found, deps.logger, 'review open');
    const { state } = found.value;
    const card = reviewViewCard(found.value, review.rules);
    const activityId = await sendCard(context, await withTeamsRefreshIds(card, deps.conversations));
    if (activityId)
      await review.registerPostedCopy(
        state,
        { conversationId: context.activity.conversation.id, activityId },
        personal ? actor.aadObjectId : undefined,
      );
    return `Here is ${state.useCaseCode}.`;
  });

  return {
    'review.queue': async (context) => {
      await sendCard(context, waitingListCard(await review.waitingFor(actorOf(context))));
    },
    'review.export-audit': async (context, _state, { text, slots }) => {
      // The service parses the typed command; a natural request naming a use case becomes that command.
      const command = /^\s*export\s+audit\b/i.test(text)
        ? text
        : typeof slots.useCase === 'string'
          ? `export audit ${slots.useCase}`
          : 'export audit';
      const result = await review.exportAudit(actorOf(context), command);
      // The usage sentence gets buttons that run the commands it names.
      if (!result.ok && result.message === AUDIT_EXPORT_USAGE) {
        await context.sendActivity(
          cardActivity(exportAuditChoices(new Date()), { text: result.message, textFormat: 'markdown' }),
        );
        return;
      }
      if (!result.ok) return void (await replyWithRefusal(context, result, deps.logger, 'audit export'));
      for (const reply of result.value) {
        await context.sendActivity({ type: ActivityTypes.Message, text: reply, textFormat: 'markdown' });
      }
    },
  };
}
