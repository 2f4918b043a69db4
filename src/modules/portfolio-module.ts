import type { UseCaseRepository } from '../intake/use-case-repository';
import type { ReviewHandoff } from '../intake/review-handoff';
import type { KnowledgePublisher } from '../portfolio/incidents/incident-service';
import { IncidentService } from '../portfolio/incidents/incident-service';
import { PortfolioFollowUps, type PortfolioNotifier } from '../portfolio/portfolio-follow-ups';
import { PortfolioMetrics } from '../portfolio/portfolio-metrics';
import { PortfolioRepository } from '../portfolio/portfolio-repository';
import { PortfolioService } from '../portfolio/portfolio-service';
import { ReviewWorker } from '../review/review-worker';
import { registerPortfolioRoutes } from '../teams/routes/portfolio-routes';
import { dashboardRoutes } from '../teams/tab/dashboard-routes';
import type { ModuleParts, Platform } from './platform';

/**
 * The portfolio after approval: lifecycle moves and material changes (service), check-ins, surveys and re-reviews
 * (follow-ups), AI incidents, their card routes, the dashboard tab, and one loop for their due work.
 */
export function createPortfolioModule(
  p: Platform,
  options: {
    useCases: UseCaseRepository;
    handoff: ReviewHandoff;
    notifier: PortfolioNotifier;
    knowledge: KnowledgePublisher;
  },
) {
  const { db, org, audit } = p;
  const repository = new PortfolioRepository(db);
  const common = { db, org, useCases: options.useCases, audit, directory: p.directory, repository };
  const portfolio = new PortfolioService({
    ...common,
    handoff: options.handoff,
    metrics: new PortfolioMetrics(db, org.portfolio.reReviewMonths),
    logger: p.logger.child({ component: 'portfolio' }),
  });
  const followUps = new PortfolioFollowUps({
    ...common,
    handoff: options.handoff,
    notifier: options.notifier,
    logger: p.logger.child({ component: 'portfolio' }),
  });
  const incidents = new IncidentService({
    ...common,
    notifier: options.notifier,
    knowledge: options.knowledge,
    logger: p.logger.child({ component: 'incidents' }),
  });
  // Check-ins, surveys, re-reviews and incident notices run on the review worker's loop, with their own interval.
  const worker = new ReviewWorker(
    {
      fireNextDueTimer: async () => false,
      runPendingEffects: async (now) => (await followUps.runDue(now)) + (await incidents.runPending(now)),
    },
    org.portfolio.workerIntervalSeconds * 1000,
    p.logger,
  );
  const parts: ModuleParts = {
    routes: (app, deps) => registerPortfolioRoutes(app, deps, { portfolio, followUps, incidents }),
    httpRoutes: [
      dashboardRoutes({ env: p.env, org, directory: p.directory, db, metrics: portfolio.metrics, logger: p.logger }),
    ],
    workers: [worker],
  };
  return { portfolio, followUps, incidents, ...parts };
}
