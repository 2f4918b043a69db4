import type { AddressInfo } from 'node:net';
import type { AdaptiveCard } from './cards/card-kit';
import { announcementApiRoutes } from './announcements/announcement-http-api';
import { createAnnouncementDelivery } from './announcements/announcement-delivery-setup';
import { AnnouncementService } from './announcements/announcement-service';
import type { AppEnv } from './config/env';
import { Directory } from './directory/directory';
import type { OrgConfig } from './org-settings';
import { isLoopbackHost } from './config/env';
import { allowedTenant } from './config/tenant-policy';
import { audienceGroupsFrom } from './directory/audience-groups';
import { createOrgDirectory } from './directory/create-directory';
import type { Logger } from './observability/logger';
import { AskTheCoe } from './knowledge/escalation/ask-the-coe';
import { AnswerLog } from './knowledge/feedback/answer-log';
import { DocumentLinkSigner } from './knowledge/documents/document-links';
import { KnowledgeService } from './knowledge/knowledge-service';
import { AuditLog } from './store/audit-log';
import { ConversationDirectory } from './store/conversation-directory';
import { type Database, isConnectionError } from './store/database';
import { openDatabase } from './store/open-database';
import { activityGate } from './teams/activity-gate';
import { createAdapter } from './teams/adapter';
import { IntakeService } from './intake/intake-service';
import { UseCaseRepository } from './intake/use-case-repository';
import { ReviewService } from './review/review-service';
import { ReviewWorker } from './review/review-worker';
import { DatabaseBotStorage } from './teams/bot-state-storage';
import { createHttpServer } from './teams/http-server';
import { playbookRoute } from './teams/playbook-route';
import { TeamsGateway } from './teams/outbound/teams-gateway';
import { cardActivity } from './teams/card-activity';
import { replyWithError } from './teams/routes/core-routes';
import { registerIntakeRoutes } from './teams/routes/intake-routes';
import { registerReviewRoutes } from './teams/routes/review-routes';
import { registerAnnouncementRoutes } from './teams/routes/announcement-routes';
import { registerPortfolioRoutes } from './teams/routes/portfolio-routes';
import { PortfolioService } from './portfolio/portfolio-service';
import { PortfolioFollowUps } from './portfolio/portfolio-follow-ups';
import { IncidentService } from './portfolio/incidents/incident-service';
import { dashboardRoutes } from './teams/tab/dashboard-routes';
import { TeamsDeliveryTransport } from './teams/announcement-delivery';
import { TeamsReviewNotifier } from './teams/teams-review-notifier';
import { knowledgeRoutes } from './teams/routes/knowledge-routes';
import { createIntentRouting } from './intents/intent-routing-setup';
import { createTeamsApp } from './teams/teams-app';
import type { TeamsDeps } from './teams/teams-deps';
import { turnIdOf, beginTurn } from './teams/turn-helpers';

export interface RunningBot {
  port: number;
  host: string;
  deps: TeamsDeps;
  /** Finishes in-flight turns, stops background work and closes the database. */
  close(): Promise<void>;
  /** Runs the background worker once at `now` (tests drive it with their own clock). */
  tick(now: Date): Promise<number>;
}

/** Opens storage, builds the domain services and the Teams layer, and starts listening. */
export async function startBot(options: {
  env: AppEnv;
  org: OrgConfig;
  logger: Logger;
  db?: Database;
}): Promise<RunningBot> {
  const { env, org, logger } = options;
  const startedAt = Date.now();
  const host = (env.HOST ?? (env.authEnabled ? '0.0.0.0' : '127.0.0.1')).replace(/^\[(.*)\]$/, '$1');
  if (!env.authEnabled && !isLoopbackHost(host))
    throw new Error(
      `Refusing to listen on ${host} without BOT_ID: unauthenticated requests are served on loopback addresses only.`,
    );
  const tenant = allowedTenant(env, org);
  const db = options.db ?? (await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir }));
  const conversations = new ConversationDirectory(db);
  const adapter = createAdapter(env);
  const admit = activityGate({ allowedTenant: tenant, organisationName: org.organisation.name, logger });
  const people = createOrgDirectory({ settings: env.directory, org, db, logger });
  const directory = new Directory(org, people.snapshot);
  const audit = new AuditLog(db);
  const gateway = new TeamsGateway({
    adapter,
    botAppId: env.BOT_ID ?? '',
    conversations,
    configuredChannels: Object.values(org.channels).filter((c) => c !== undefined),
  });
  const useCases = new UseCaseRepository(db);
  const notifier = new TeamsReviewNotifier(gateway, conversations, org.channels.reviews);
  const review = new ReviewService({ db, org, useCases, audit, notifier, logger, people: people.people });
  const documentLinks = new DocumentLinkSigner({
    secret: env.COE_LINK_SECRET,
    ttlSeconds: env.COE_LINK_TTL_MINUTES * 60,
  });
  if (!env.COE_LINK_SECRET)
    logger.info(
      'COE_LINK_SECRET is not set: links to restricted playbooks are signed with a key made at start, so they stop working when this instance restarts and on other instances.',
    );
  const knowledge = await KnowledgeService.create({
    db,
    logger: logger.child({ component: 'knowledge' }),
    openAi: env.openAi,
    azureSearch: env.azureSearch,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT || 3978}`,
    documentLinks,
  });
  const experts = org.channels.experts;
  const postToExperts = experts
    ? async (card: AdaptiveCard) => {
        await gateway.postToChannel(experts.conversationId, cardActivity(card));
      }
    : undefined;
  const askTheCoe = new AskTheCoe(db, knowledge, {
    audit,
    postToExperts,
    perHour: org.rateLimits.escalationsPerHour,
    logger: logger.child({ component: 'escalations' }),
  });
  // One background loop finishes every outbox's unfinished work: review follow-ups and "Ask the CoE" posts.
  const reviewWorker = new ReviewWorker(
    {
      fireNextDueTimer: (now) => review.fireNextDueTimer(now),
      routeStranded: (now) => review.routeStranded(now),
      runPendingEffects: async (now) => (await review.runPendingEffects(now)) + (await askTheCoe.runPendingPosts(now)),
    },
    org.review.workerIntervalSeconds * 1000,
    logger,
  );
  const answerLog = new AnswerLog(db);
  const announcements = new AnnouncementService({
    db,
    audit,
    policy: directory,
    settings: org.announcements,
    logger: logger.child({ component: 'announcements' }),
    groups: audienceGroupsFrom(org, people.people),
    // The announcements channel first: the compose form offers configured channels by name, in this order.
    channels: [org.channels.announcements, org.channels.experts, org.channels.reviews].filter((c) => c !== undefined),
  });
  const portfolioFollowUps = new PortfolioFollowUps({
    db,
    org,
    useCases,
    audit,
    handoff: review,
    notifier,
    logger: logger.child({ component: 'portfolio' }),
  });
  const incidents = new IncidentService({
    db,
    org,
    useCases,
    audit,
    notifier,
    knowledge,
    logger: logger.child({ component: 'incidents' }),
  });
  // Check-ins, surveys, re-reviews and incident notices run on the review worker's loop, with their own interval.
  const portfolioWorker = new ReviewWorker(
    {
      fireNextDueTimer: async () => false,
      runPendingEffects: async (now) => (await portfolioFollowUps.runDue(now)) + (await incidents.runPending(now)),
    },
    org.portfolio.workerIntervalSeconds * 1000,
    logger,
  );
  const announcementWorker = createAnnouncementDelivery({
    db,
    service: announcements,
    conversations,
    logger,
    transport: new TeamsDeliveryTransport(gateway),
  });
  const deps: TeamsDeps = {
    env,
    org,
    directory,
    db,
    logger,
    audit,
    conversations,
    gateway,
    review,
    announcements,
    intents: createIntentRouting({
      env,
      categories: org.announcements.categories,
      logger: logger.child({ component: 'intents' }),
    }),
    intake: new IntakeService({
      db,
      riskTiers: org.riskTiers,
      audit,
      handoff: review,
      isAdmin: (id) => directory.isAdmin(id),
      logger,
      submissionsPerDay: org.rateLimits.submissionsPerDay,
      approvedModels: org.intake.approvedModels,
    }),
    portfolio: new PortfolioService({
      db,
      org,
      useCases,
      audit,
      handoff: review,
      logger: logger.child({ component: 'portfolio' }),
    }),
    portfolioFollowUps,
    incidents,
  };

  const app = createTeamsApp({
    adapter,
    storage: new DatabaseBotStorage(db, { cacheDocuments: db.kind === 'pglite' }),
    deps,
    registrars: [
      registerIntakeRoutes,
      registerReviewRoutes,
      registerAnnouncementRoutes,
      registerPortfolioRoutes,
      knowledgeRoutes(knowledge, askTheCoe, answerLog),
    ],
  });
  app.error(async (context, err) => {
    const retryable = isConnectionError(err);
    logger.child({ turnId: turnIdOf(context) }).error('turn failed', { err, retryable });
    await replyWithError(context, turnIdOf(context), retryable).catch(() => undefined);
  });

  const http = createHttpServer({
    adapter,
    logger,
    maxBodyBytes: env.MAX_BODY_BYTES,
    routes: [
      playbookRoute({ dir: env.playbooksDir, links: documentLinks, directory, logger }),
      announcementApiRoutes({ service: announcements, token: env.COE_API_TOKEN, logger }),
      dashboardRoutes({ env, org, directory, db, metrics: deps.portfolio.metrics, logger }),
    ],
    logic: async (context) => {
      if (!(await admit(context))) return;
      beginTurn(context, logger);
      await app.run(context);
    },
    readiness: async () => {
      const checks: Record<string, string> = {};
      try {
        await db.query('select 1');
        checks.database = 'ok';
      } catch (err) {
        checks.database = (err as Error).message;
      }
      checks.knowledge = knowledge.ready ? `ok (${knowledge.chunkCount} passages)` : 'indexing';
      return { ready: checks.database === 'ok' && knowledge.ready, checks };
    },
  });

  if (!env.authEnabled) {
    logger.warn(
      `Bot Framework authentication is OFF because BOT_ID is not set: serving on ${host} (this machine) only. Never run like this in production.`,
    );
  }
  if (!tenant)
    logger.warn(
      'No tenant is configured (organisation.tenantId): activities from every tenant are served. Set it before deploying.',
    );
  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(env.PORT, host, () => resolve());
  });
  const port = (http.server.address() as AddressInfo).port;
  const indexing = knowledge
    .indexDirectory(env.playbooksDir)
    .then((summary) => logger.info('playbooks indexed', { ...summary }))
    .catch((err) => logger.error('indexing the playbooks failed', { err, dir: env.playbooksDir }));
  reviewWorker.start();
  portfolioWorker.start();
  announcementWorker.start();
  people.refresher?.start();
  people.snapshot?.start();
  logger.info('CoE Assistant is listening', {
    url: `http://${host}:${port}/api/messages`,
    database: db.kind,
    auth: env.authEnabled,
    tenant: tenant ?? 'any',
    directory: people.people.mode,
    startupMs: Date.now() - startedAt,
  });

  let closed = false;
  return {
    port,
    host,
    deps,
    tick: (now) => reviewWorker.tick(now),
    async close() {
      if (closed) return;
      closed = true;
      await reviewWorker.stop();
      await portfolioWorker.stop();
      await announcementWorker.stop();
      await people.refresher?.stop();
      await people.snapshot?.stop();
      await http.drain(10_000);
      await indexing;
      await answerLog.flush();
      if (!options.db) await db.close();
    },
  };
}
