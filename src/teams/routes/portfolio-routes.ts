import { ActivityTypes } from 'botbuilder';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { PORTFOLIO_STAGES } from '../../portfolio/lifecycle';
import { PORTFOLIO_VERBS } from '../../portfolio/cards/portfolio-cards';
import { CHECK_IN_VERBS } from '../../portfolio/cards/check-in-cards';
import { INCIDENT_VERBS, incidentFormCard } from '../../portfolio/incidents/incident-cards';
import { randomUUID } from 'node:crypto';
import type { IncidentService } from '../../portfolio/incidents/incident-service';
import type { PortfolioFollowUps } from '../../portfolio/portfolio-follow-ups';
import type { PortfolioService } from '../../portfolio/portfolio-service';
import type { TeamsDeps } from '../teams-deps';
import { actorOf } from '../actor-of';
import { commandText } from '../turn-helpers';
import { sendCard } from './core-routes';

const useCaseId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const moveData = z
  .object({
    useCaseId,
    to: z.enum(PORTFOLIO_STAGES),
    version: z.coerce.number().int().min(0),
    reason: z.string().max(500).optional(),
  })
  .passthrough();
const ref = z.object({ useCaseId }).passthrough();

const reply = (r: { card: AdaptiveCard | object } | { message: string }): AdaptiveCard | string =>
  'message' in r ? r.message : (r.card as AdaptiveCard);

/** The portfolio services its routes call. */
interface PortfolioParts {
  portfolio: PortfolioService;
  followUps: PortfolioFollowUps;
  incidents: IncidentService;
}

/** Portfolio: the status card's moves and change form (Universal Actions), "portfolio UC-0001", "my portfolio", "export inventory". */
export function registerPortfolioRoutes(
  app: Application<TurnState>,
  deps: TeamsDeps,
  { portfolio, followUps, incidents }: PortfolioParts,
): void {
  app.adaptiveCards.actionExecute(PORTFOLIO_VERBS.move, async (context, _state, data) => {
    const parsed = moveData.safeParse(data);
    if (!parsed.success)
      return 'This card does not say which use case, stage and version it shows, so nothing was changed.';
    const { useCaseId: id, to, version, reason, ...rest } = parsed.data;
    return reply(
      await portfolio.chat.moveFromCard(actorOf(context), {
        useCaseId: id,
        to,
        version,
        reason,
        details: to === 'production' ? rest : undefined,
      }),
    );
  });

  app.adaptiveCards.actionExecute(PORTFOLIO_VERBS.change, async (context, _state, data) => {
    const parsed = ref.safeParse(data);
    if (!parsed.success) return 'This card does not say which use case it shows, so nothing was changed.';
    // The change form names its hosting and model inputs apart from the production form's (one card, unique ids).
    const {
      useCaseId: id,
      changeHosting,
      changeModel,
      ...fields
    } = parsed.data as Record<string, unknown> & { useCaseId: number };
    return reply(
      await portfolio.chat.changeFromCard(actorOf(context), id, {
        ...fields,
        hosting: changeHosting ?? fields.hosting,
        model: changeModel ?? fields.model,
      }),
    );
  });

  app.adaptiveCards.actionExecute(PORTFOLIO_VERBS.open, async (context, _state, data) => {
    const parsed = ref.safeParse(data);
    if (!parsed.success) return 'This button does not say which use case to open.';
    return reply(await portfolio.chat.statusCard(actorOf(context), parsed.data.useCaseId));
  });

  app.adaptiveCards.actionExecute(
    CHECK_IN_VERBS.checkIn,
    async (context, _state, data) => followUps.submitCheckIn(actorOf(context), data) as Promise<AdaptiveCard | string>,
  );
  app.adaptiveCards.actionExecute(
    CHECK_IN_VERBS.rate,
    async (context, _state, data) => followUps.rate(actorOf(context), data) as Promise<AdaptiveCard | string>,
  );

  app.adaptiveCards.actionExecute(
    INCIDENT_VERBS.report,
    async (context, _state, data) => incidents.report(actorOf(context), data) as Promise<AdaptiveCard | string>,
  );
  app.adaptiveCards.actionExecute(
    INCIDENT_VERBS.postMortem,
    async (context, _state, data) =>
      incidents.writePostMortem(actorOf(context), data) as Promise<AdaptiveCard | string>,
  );
  app.adaptiveCards.actionExecute(INCIDENT_VERBS.publish, async (context, _state, data) => {
    const parsed = z.object({ incidentId: useCaseId }).safeParse(data);
    if (!parsed.success) return 'This button does not say which incident it is about.';
    return incidents.publishLessons(actorOf(context), parsed.data.incidentId) as Promise<AdaptiveCard | string>;
  });

  app.message(
    /^\s*(report|raise|log)\s+(an?\s+)?(ai\s+)?incident\b(\s+(for|on|about)\s+(uc-?\d{1,6}))?[\s.!]*$/i,
    async (context) => {
      const code = /uc-?(\d{1,6})/i.exec(commandText(context))?.[1];
      await sendCard(context, incidentFormCard(randomUUID(), code ? `UC-${code.padStart(4, '0')}` : undefined));
    },
  );

  app.message(/^\s*(portfolio|lifecycle)\s+(uc-?\d{1,6})\s*$/i, async (context) => {
    const code = /uc-?(\d{1,6})/i.exec(commandText(context))![1];
    const found = await portfolio.chat.statusCard(actorOf(context), `UC-${code.padStart(4, '0')}`);
    if ('message' in found) await context.sendActivity(found.message);
    else await sendCard(context, found.card);
  });

  app.message(/^\s*(my\s+)?(portfolio|inventory|ai\s+inventory)\s*$/i, async (context) => {
    await sendCard(context, await portfolio.chat.portfolioList(actorOf(context)));
  });

  app.message(/^\s*export\s+(the\s+)?(ai\s+)?(inventory|portfolio)\b/i, async (context) => {
    for (const text of await portfolio.chat.exportInventory(actorOf(context), commandText(context))) {
      await context.sendActivity({ type: ActivityTypes.Message, text, textFormat: 'markdown' });
    }
  });
}
