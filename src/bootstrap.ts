import type { AddressInfo } from 'node:net';
import type { AnnouncementService } from './announcements/announcement-service';
import type { AppEnv } from './config/env';
import { isLoopbackHost } from './config/env';
import { allowedTenant } from './config/tenant-policy';
import type { IntakeService } from './intake/intake-service';
import { UseCaseRepository } from './intake/use-case-repository';
import { createIntentRouting } from './intents/intent-routing-setup';
import { createAnnouncementsModule } from './modules/announcements-module';
import { createIdentityModule } from './modules/identity-module';
import { createIntakeModule } from './modules/intake-module';
import { createKnowledgeModule } from './modules/knowledge-module';
import type { ModuleParts, Platform } from './modules/platform';
import { createPortfolioModule } from './modules/portfolio-module';
import { createReviewModule } from './modules/review-module';
import type { Logger } from './observability/logger';
import type { OrgConfig } from './org-settings';
import type { IncidentService } from './portfolio/incidents/incident-service';
import type { PortfolioFollowUps } from './portfolio/portfolio-follow-ups';
import type { PortfolioService } from './portfolio/portfolio-service';
import type { ReviewService } from './review/review-service';
import { AuditLog } from './store/audit-log';
import { ConversationDirectory } from './store/conversation-directory';
import { type Database, isConnectionError } from './store/database';
import { openDatabase } from './store/open-database';
import { activityGate } from './teams/activity-gate';
import { createAdapter } from './teams/adapter';
import { DatabaseBotStorage } from './teams/bot-state-storage';
import { createHttpServer } from './teams/http-server';
import { TeamsGateway } from './teams/outbound/teams-gateway';
import { replyWithError } from './teams/routes/core-routes';
import { createTeamsApp } from './teams/teams-app';
import type { TeamsDeps } from './teams/teams-deps';
import { beginTurn, turnIdOf } from './teams/turn-helpers';

/** The composition root's handles on the running bot: what the Teams routes share plus each capability's services. */
export interface BotHandles extends TeamsDeps {
  db: Database;
  audit: AuditLog;
  review: ReviewService;
  intake: IntakeService;
  announcements: AnnouncementService;
  portfolio: PortfolioService;
  portfolioFollowUps: PortfolioFollowUps;
  incidents: IncidentService;
}

export interface RunningBot {
  port: number;
  host: string;
  /** For tests and tools that drive the bot's services directly. */
  deps: BotHandles;
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
  const identity = createIdentityModule({ settings: env.directory, people: org, db, logger });
  const gateway = new TeamsGateway({
    adapter,
    botAppId: env.BOT_ID ?? '',
    conversations,
    configuredChannels: Object.values(org.channels).filter((c) => c !== undefined),
  });
  const platform: Platform = {
    env,
    org,
    db,
    logger,
    audit: new AuditLog(db),
    conversations,
    gateway,
    directory: identity.directory,
    people: identity.people,
  };

  // Each capability as one module; the order follows their ports (intake hands to review, portfolio to both).
  const useCases = new UseCaseRepository(db);
  const knowledge = await createKnowledgeModule(platform);
  const review = createReviewModule(platform, {
    useCases,
    alsoPending: [(now) => knowledge.askTheCoe.runPendingPosts(now)],
  });
  const intake = createIntakeModule(platform, { handoff: review.review, useCases });
  const announcements = createAnnouncementsModule(platform);
  const portfolio = createPortfolioModule(platform, {
    useCases,
    handoff: review.review,
    notifier: review.notifier,
    knowledge: knowledge.knowledge,
  });
  const modules: ModuleParts[] = [intake, review, announcements, portfolio, knowledge];

  const teams: TeamsDeps = {
    env,
    org,
    directory: identity.directory,
    logger,
    conversations,
    gateway,
    intents: createIntentRouting({
      env,
      categories: org.announcements.categories,
      logger: logger.child({ component: 'intents' }),
    }),
  };
  const deps: BotHandles = {
    ...teams,
    db,
    audit: platform.audit,
    review: review.review,
    intake: intake.intake,
    announcements: announcements.announcements,
    portfolio: portfolio.portfolio,
    portfolioFollowUps: portfolio.followUps,
    incidents: portfolio.incidents,
  };

  const app = createTeamsApp({
    adapter,
    storage: new DatabaseBotStorage(db, { cacheDocuments: db.kind === 'pglite' }),
    deps: teams,
    registrars: modules.flatMap((m) => (m.routes ? [m.routes] : [])),
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
    routes: modules.flatMap((m) => m.httpRoutes ?? []),
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
      const index = knowledge.knowledge;
      checks.knowledge = index.ready ? `ok (${index.chunkCount} passages)` : 'indexing';
      return { ready: checks.database === 'ok' && index.ready, checks };
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
  const indexing = knowledge.knowledge
    .indexDirectory(env.playbooksDir)
    .then((summary) => logger.info('playbooks indexed', { ...summary }))
    .catch((err) => logger.error('indexing the playbooks failed', { err, dir: env.playbooksDir }));
  const workers = [...modules.flatMap((m) => m.workers ?? []), ...identity.workers];
  for (const worker of workers) worker.start();
  logger.info('CoE Assistant is listening', {
    url: `http://${host}:${port}/api/messages`,
    database: db.kind,
    auth: env.authEnabled,
    tenant: tenant ?? 'any',
    directory: identity.people.mode,
    startupMs: Date.now() - startedAt,
  });

  let closed = false;
  return {
    port,
    host,
    deps,
    tick: (now) => review.worker.tick(now),
    async close() {
      if (closed) return;
      closed = true;
      for (const worker of workers) await worker.stop();
      await http.drain(10_000);
      await indexing;
      await knowledge.answers.flush();
      if (!options.db) await db.close();
    },
  };
}
