import type { UseCaseRepository } from '../intake/use-case-repository';
import { ReviewRepository } from '../review/review-repository';
import { ReviewService } from '../review/review-service';
import { ReviewWorker } from '../review/review-worker';
import { registerReviewRoutes } from '../teams/routes/review-routes';
import { TeamsReviewNotifier } from '../teams/teams-review-notifier';
import type { ModuleParts, Platform } from './platform';

/**
 * The ethics and risk review: the service, its notices to approvers through the Teams gateway, its card routes, and
 * the one outbox loop, which also runs the pending work other modules hand it (`alsoPending`, e.g. "Ask the CoE" posts).
 */
export function createReviewModule(
  p: Platform,
  options: { useCases: UseCaseRepository; alsoPending?: Array<(now: Date) => Promise<number>> },
) {
  const notifier = new TeamsReviewNotifier(p.gateway, p.conversations, p.org.channels.reviews);
  const review = new ReviewService({
    db: p.db,
    org: p.org,
    useCases: options.useCases,
    reviews: new ReviewRepository(p.db),
    audit: p.audit,
    notifier,
    logger: p.logger,
    people: p.people,
    directory: p.directory,
  });
  const worker = new ReviewWorker(
    {
      fireNextDueTimer: (now) => review.fireNextDueTimer(now),
      routeStranded: (now) => review.routeStranded(now),
      runPendingEffects: async (now) => {
        let done = await review.runPendingEffects(now);
        for (const pending of options.alsoPending ?? []) done += await pending(now);
        return done;
      },
    },
    p.org.review.workerIntervalSeconds * 1000,
    p.logger,
  );
  const parts: ModuleParts = {
    routes: (app, deps) => registerReviewRoutes(app, deps, review),
    workers: [worker],
  };
  return { review, notifier, worker, ...parts };
}
