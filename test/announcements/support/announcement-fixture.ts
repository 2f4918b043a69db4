import * as path from 'node:path';
import { createAnnouncementDelivery } from '../../../src/announcements/announcement-delivery-setup';
import type { AnnouncementInput } from '../../../src/announcements/announcement-input';
import { AnnouncementService } from '../../../src/announcements/announcement-service';
import type { AnnouncementSettings } from '../../../src/announcements/announcement-settings-schema';
import type { DeliveryWorker } from '../../../src/announcements/delivery-worker';
import type { DeliveryWorkerOptions } from '../../../src/announcements/worker-options';
import { loadEnv } from '../../../src/config/env';
import { Directory } from '../../../src/directory/directory';
import { loadOrgConfig } from '../../../src/org-settings';
import { createLogger, type Logger, silentLogger } from '../../../src/observability/logger';
import { AuditLog } from '../../../src/store/audit-log';
import { ConversationDirectory } from '../../../src/store/conversation-directory';
import type { Database, Queryable } from '../../../src/store/database';
import { TeamsDeliveryTransport } from '../../../src/teams/announcement-delivery';
import { createTeamsGateway } from '../../../src/teams/outbound/teams-gateway';

export const ROOT = path.resolve(__dirname, '../../..');
export const AUTHOR = {
  aadObjectId: '00000000-0000-0000-0000-0000000000020',
  userId: '29:alex',
  name: 'Alex Wilber',
  conversationId: 'a:author-chat',
};

/** Fast settings for tests (above the production ceiling of 50/s, which only the config schema enforces). */
export const FAST_SETTINGS: AnnouncementSettings = {
  categories: ['policy', 'models', 'training', 'events'],
  messagesPerSecond: 100,
  perConversationPerSecond: 5,
  maxAttempts: 4,
  leaseSeconds: 5,
  statusUpdateSeconds: 1,
};

export const FAST_WORKER: Partial<DeliveryWorkerOptions> = {
  leaseMs: 15_000,
  sendTimeoutMs: 10_000,
  pollMs: 50,
  housekeepingMs: 100,
  backoffBaseMs: 50,
  backoffMaxMs: 400,
  defaultRetryAfterMs: 200,
  throttleCooldownMs: 500,
  statusUpdateMs: 300,
};

/** A logger that prints to stderr when ANNOUNCE_TEST_LOG is set (debugging), silent otherwise. */
export function testLogger(): Logger {
  return process.env.ANNOUNCE_TEST_LOG
    ? createLogger({ level: 'debug', sink: (l) => process.stderr.write(l + '\n') })
    : silentLogger;
}

/** One bot instance's announcement stack over `db`: the service and a worker factory using the real Teams transport. */
export function instance(db: Database, options: { settings?: AnnouncementSettings; logger?: Logger } = {}) {
  const settings = options.settings ?? FAST_SETTINGS;
  const logger = options.logger ?? testLogger();
  const org = loadOrgConfig(path.join(ROOT, 'config/coe.yaml'));
  const env = loadEnv({ NODE_ENV: 'test', PORT: '0', COE_DATA_DIR: 'memory://', LOG_LEVEL: 'error' }, ROOT);
  const conversations = new ConversationDirectory(db);
  const transport = new TeamsDeliveryTransport(createTeamsGateway(env, conversations));
  const service = new AnnouncementService({
    db,
    audit: new AuditLog(db),
    policy: new Directory(org),
    settings,
    logger,
  });
  const workers: DeliveryWorker[] = [];
  const worker = (overrides: Partial<DeliveryWorkerOptions> = {}): DeliveryWorker => {
    const w = createAnnouncementDelivery({
      db,
      service,
      conversations,
      transport,
      logger,
      settings,
      overrides: { ...FAST_WORKER, ...overrides },
    });
    workers.push(w);
    return w;
  };
  return {
    db,
    service,
    transport,
    conversations,
    worker,
    workers,
    stopAll: (timeoutMs = 3000) => Promise.all(workers.map((w) => w.stop(timeoutMs))),
  };
}

export { seedPersonalChats } from '../../support/seed-personal-chats';

/** Stores a team channel (`19:<name>@thread.tacv2`) reachable through `serviceUrl`. */
export async function seedChannel(
  db: Queryable,
  serviceUrl: string,
  name: string,
  teamId = `19:team-${name}@thread.tacv2`,
): Promise<string> {
  const conversationId = `19:${name}@thread.tacv2`;
  await new ConversationDirectory(db).upsert({
    conversationId,
    kind: 'channel',
    tenantId: 'tenant-1',
    teamId,
    teamName: `Team ${name}`,
    serviceUrl,
    reference: {
      channelId: 'msteams',
      serviceUrl,
      bot: { id: '28:coe-bot' },
      conversation: { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
    },
  });
  return conversationId;
}

/** A valid announcement for tests. */
export function sampleInput(overrides: Partial<AnnouncementInput> = {}): AnnouncementInput {
  return {
    title: 'New approved model',
    body: 'GPT-4o is now **approved** for Internal data. See the playbook for details.',
    links: [{ title: 'Approved models', url: 'https://coe.example.com/playbooks/approved-models' }],
    category: 'models',
    audience: { kind: 'personal-installs' },
    requiresAck: false,
    ...overrides,
  };
}

/** Creates a draft as AUTHOR and starts sending it; returns its id. */
export async function sendAnnouncement(
  service: AnnouncementService,
  input: AnnouncementInput = sampleInput(),
): Promise<number> {
  const draft = await service.repo.createDraft(input, AUTHOR, 'teams');
  const sent = await service.sendNow(AUTHOR, draft.id, draft.version);
  if (!sent.ok) throw new Error(`sendNow refused: ${sent.message} ${sent.issues?.join(' ') ?? ''}`);
  return draft.id;
}

/** Polls until `check` returns true or the time is up. */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Delivery rows of one announcement keyed by conversation id. */
export async function deliveriesOf(db: Queryable, announcementId: number) {
  return db.query<{
    conversation_id: string;
    status: string;
    attempts: number;
    in_doubt: boolean;
    claimed_by: string | null;
    last_http_status: number | null;
  }>(
    'select conversation_id, status, attempts, in_doubt, claimed_by, last_http_status from announcement_deliveries where announcement_id = $1 order by id',
    [announcementId],
  );
}
