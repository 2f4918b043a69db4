import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { createAnnouncementDelivery } from '../src/announcements/announcement-delivery-setup';
import { AnnouncementService } from '../src/announcements/announcement-service';
import { announcementSettingsSchema } from '../src/announcements/announcement-settings-schema';
import { loadEnv } from '../src/config/env';
import { Directory } from '../src/directory/directory';
import { loadOrgConfig } from '../src/org-settings';
import { createLogger, silentLogger } from '../src/observability/logger';
import { AuditLog } from '../src/store/audit-log';
import { ConversationDirectory } from '../src/store/conversation-directory';
import type { Database } from '../src/store/database';
import { openDatabase } from '../src/store/open-database';
import { TeamsDeliveryTransport } from '../src/teams/announcement-delivery';
import { createTeamsGateway } from '../src/teams/outbound/teams-gateway';
import { LimitedConnectorStub } from '../test/announcements/support/limited-connector-stub';
import { machineLine, markdownTable, ROOT, writeResult } from './bench-kit';
import { seedPersonalChats } from '../test/support/seed-personal-chats';

/**
 * `npm run bench:broadcast`: one announcement to N recipients through the real delivery worker (in a child
 * process, with the real Teams transport) against a connector stub that enforces a global ceiling and answers
 * 429 when it is exceeded. Run 1 goes straight through; run 2 SIGKILLs the worker half-way and restarts it.
 *
 * Flags: --recipients N (10000), --rate R (stub ceiling per second, 50), --pace P (the bot's messagesPerSecond,
 * default 93% of R, at most 50), --lease-ms L (5000), --latency-ms (stub processing time, 15),
 * --database-url URL (DATABASE_URL or the local coe_bench database), --skip-crash.
 */

interface Flags {
  recipients: number;
  rate: number;
  pace: number;
  leaseMs: number;
  latencyMs: number;
  databaseUrl: string;
  skipCrash: boolean;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function readFlags(): Flags {
  const rate = Number(flag('rate') ?? 50);
  const flags: Flags = {
    recipients: Number(flag('recipients') ?? 10_000),
    rate,
    pace: Number(flag('pace') ?? Math.min(50, Math.floor(rate * 0.93 * 10) / 10)),
    leaseMs: Number(flag('lease-ms') ?? 5000),
    latencyMs: Number(flag('latency-ms') ?? 15),
    databaseUrl: flag('database-url') ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/coe_bench',
    skipCrash: process.argv.includes('--skip-crash'),
  };
  for (const [k, v] of Object.entries(flags)) {
    if (typeof v === 'number' && (!Number.isFinite(v) || v <= 0)) throw new Error(`--${k} must be a positive number.`);
  }
  return flags;
}

const AUTHOR = {
  aadObjectId: '00000000-0000-0000-0000-0000000000020',
  userId: '29:alex',
  name: 'Alex Wilber',
  conversationId: 'a:bench-author',
};

function projectRoot(): string {
  return fs.existsSync(path.join(ROOT, 'config/coe.yaml')) ? ROOT : process.cwd();
}

function settingsFor(pace: number) {
  const org = loadOrgConfig(path.join(projectRoot(), 'config/coe.yaml'));
  return { org, settings: announcementSettingsSchema.parse({ ...org.announcements, messagesPerSecond: pace }) };
}

function serviceFor(db: Database, pace: number): AnnouncementService {
  const { org, settings } = settingsFor(pace);
  return new AnnouncementService({
    db,
    audit: new AuditLog(db),
    policy: new Directory(org),
    settings,
    logger: silentLogger,
  });
}

/** The child process: one bot instance's delivery worker, until SIGTERM (graceful) or SIGKILL (the crash). */
async function runWorker(): Promise<void> {
  const url = flag('database-url')!;
  const schema = flag('schema')!;
  const pace = Number(flag('pace'));
  const db = await openDatabase({ databaseUrl: url, schema });
  const service = serviceFor(db, pace);
  const conversations = new ConversationDirectory(db);
  const env = loadEnv({ NODE_ENV: 'test', PORT: '0', COE_DATA_DIR: 'memory://', LOG_LEVEL: 'error' }, projectRoot());
  const logger = createLogger({ level: 'warn', sink: (line) => process.stderr.write(line + '\n') });
  const leaseMs = Number(flag('lease-ms'));
  const worker = createAnnouncementDelivery({
    db,
    service,
    conversations,
    transport: new TeamsDeliveryTransport(createTeamsGateway(env, conversations)),
    logger,
    overrides: {
      messagesPerSecond: pace,
      leaseMs,
      sendTimeoutMs: Math.floor(leaseMs / 2),
      pollMs: 100,
      statusUpdateMs: 2000,
    },
  });
  worker.start();
  process.send?.({ ready: worker.options.workerId });
  process.on('SIGTERM', () => {
    worker
      .stop(10_000)
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}

function startWorker(flags: Flags, schema: string): Promise<{ child: ChildProcess; workerId: string }> {
  const child = spawn(
    process.execPath,
    [
      __filename,
      '--worker',
      '--database-url',
      flags.databaseUrl,
      '--schema',
      schema,
      '--pace',
      String(flags.pace),
      '--lease-ms',
      String(flags.leaseMs),
    ],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, workerId: (m as { ready: string }).ready }));
    child.once('exit', (code) => reject(new Error(`The worker process exited during start-up (code ${code}).`)));
  });
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    if (!(await c.query('select 1 from pg_database where datname = $1', [name])).rowCount)
      await c.query(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await c.end();
  }
}

/** Replaces the personal chats of an earlier run with `count` new ones reachable through `serviceUrl`. */
async function seed(db: Database, serviceUrl: string, prefix: string, count: number): Promise<string[]> {
  await db.query(`update conversation_references set status = 'uninstalled' where kind = 'personal'`);
  return seedPersonalChats(db, serviceUrl, count, prefix);
}

/** Queues one announcement to everyone seeded, with an author status card the worker keeps updating. */
async function queueAnnouncement(
  db: Database,
  service: AnnouncementService,
  stub: LimitedConnectorStub,
  title: string,
): Promise<number> {
  const draft = await service.repo.createDraft(
    {
      title,
      body: 'Benchmark announcement.',
      links: [],
      category: 'models',
      audience: { kind: 'personal-installs' },
      requiresAck: false,
    },
    AUTHOR,
    'teams',
  );
  const sent = await service.sendNow(AUTHOR, draft.id, draft.version);
  if (!sent.ok) throw new Error(sent.message);
  const authorChat = `a:bench-author-${draft.id}`;
  await new ConversationDirectory(db).upsert({
    conversationId: authorChat,
    kind: 'groupChat',
    serviceUrl: stub.url,
    reference: {
      channelId: 'msteams',
      serviceUrl: stub.url,
      bot: { id: '28:coe-bot' },
      conversation: { id: authorChat, conversationType: 'groupChat' },
    },
  });
  await service.attachStatusCard(draft.id, authorChat, `status-${draft.id}`);
  return draft.id;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, progress: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastPrint = 0;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms (${progress()}).`);
    if (Date.now() - lastPrint > 10_000) {
      lastPrint = Date.now();
      process.stdout.write(`  … ${progress()}\n`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface RunResult {
  run: string;
  recipients: number;
  delivered: number;
  missing: number;
  duplicates: number;
  possiblySent: number;
  duplicatesOutsidePossiblySent: number;
  throttled429: number;
  durationS: number;
  achievedPerS: number;
  ofCeilingPct: number;
  peakPerWindow: number;
  statusCardUpdates: number;
  crash?: {
    killedAfterDelivered: number;
    claimedAtKill: number;
    sendingAtKill: number;
    firstDeliveryAfterRestartMs: number;
  };
}

async function measure(
  db: Database,
  stub: LimitedConnectorStub,
  id: number,
  chats: string[],
  run: string,
  flags: Flags,
  startCount: { delivered: number; throttled: number; requests: number; at: number },
): Promise<RunResult> {
  const deliveries = stub.delivered.slice(startCount.delivered);
  const perChat = new Map<string, number>();
  for (const d of deliveries) perChat.set(d.conversationId!, (perChat.get(d.conversationId!) ?? 0) + 1);
  const rows = await db.query<{ conversation_id: string; in_doubt: boolean }>(
    'select conversation_id, in_doubt from announcement_deliveries where announcement_id = $1',
    [id],
  );
  const inDoubt = new Set(rows.filter((r) => r.in_doubt).map((r) => r.conversation_id));
  const duplicates = chats.filter((c) => (perChat.get(c) ?? 0) > 1);
  const durationS = deliveries.length > 1 ? (deliveries[deliveries.length - 1].at - deliveries[0].at) / 1000 : 0;
  const achieved = durationS > 0 ? (deliveries.length - 1) / durationS : 0;
  return {
    run,
    recipients: chats.length,
    delivered: chats.filter((c) => perChat.has(c)).length,
    missing: chats.filter((c) => !perChat.has(c)).length,
    duplicates: duplicates.length,
    possiblySent: inDoubt.size,
    duplicatesOutsidePossiblySent: duplicates.filter((c) => !inDoubt.has(c)).length,
    throttled429: stub.throttled - startCount.throttled,
    durationS,
    achievedPerS: achieved,
    ofCeilingPct: (achieved / flags.rate) * 100,
    peakPerWindow: stub.peakPerWindow(1000, startCount.at),
    statusCardUpdates: stub.requests.slice(startCount.requests).filter((r) => r.method === 'PUT').length,
  };
}

async function stopGracefully(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  const flags = readFlags();
  process.stdout.write(`Broadcast benchmark — ${machineLine()}\n`);
  process.stdout.write(
    `${flags.recipients} recipients, stub ceiling ${flags.rate}/s (1 s sliding window), bot pace ${flags.pace}/s, lease ${flags.leaseMs} ms, stub latency ${flags.latencyMs} ms\n\n`,
  );
  await ensureDatabase(flags.databaseUrl);
  const schema = `bench_${Date.now()}`;
  const admin = new Client({ connectionString: flags.databaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const db = await openDatabase({ databaseUrl: flags.databaseUrl, schema });
  const stub = await new LimitedConnectorStub({
    globalPerWindow: flags.rate,
    perConversationPerWindow: 7,
    windowMs: 1000,
    retryAfterSeconds: 1,
    latencyMs: flags.latencyMs,
  }).start();
  const service = serviceFor(db, flags.pace);
  const results: RunResult[] = [];
  const timeoutMs = (flags.recipients / flags.pace) * 3000 + 60_000;
  const status = async (id: number) => (await service.repo.get(id))?.status;
  const mark = () => ({
    delivered: stub.delivered.length,
    throttled: stub.throttled,
    requests: stub.requests.length,
    at: Date.now(),
  });
  try {
    process.stdout.write('Run 1: steady send\n');
    const chats1 = await seed(db, stub.url, 'steady', flags.recipients);
    const start1 = mark();
    const id1 = await queueAnnouncement(db, service, stub, 'Steady broadcast');
    const w1 = await startWorker(flags, schema);
    await waitUntil(
      async () => (await status(id1)) === 'completed',
      timeoutMs,
      () => `${stub.delivered.length - start1.delivered} delivered`,
    );
    await new Promise((r) => setTimeout(r, 2500));
    await stopGracefully(w1.child);
    results.push(await measure(db, stub, id1, chats1, 'steady', flags, start1));

    if (!flags.skipCrash) {
      process.stdout.write('Run 2: worker killed (SIGKILL) half-way, then restarted\n');
      const chats2 = await seed(db, stub.url, 'crash', flags.recipients);
      const start2 = mark();
      const id2 = await queueAnnouncement(db, service, stub, 'Crash broadcast');
      const w2 = await startWorker(flags, schema);
      await waitUntil(
        async () => stub.delivered.length - start2.delivered >= flags.recipients / 2,
        timeoutMs,
        () => `${stub.delivered.length - start2.delivered} delivered`,
      );
      w2.child.kill('SIGKILL');
      await new Promise((r) => w2.child.once('exit', r));
      const killedAt = Date.now();
      const killedAfterDelivered = stub.delivered.length - start2.delivered;
      const [held] = await db.query<{ claimed: number; sending: number }>(
        `select count(*) filter (where status = 'claimed')::int as claimed, count(*) filter (where status = 'sending')::int as sending
           from announcement_deliveries where announcement_id = $1 and claimed_by = $2`,
        [id2, w2.workerId],
      );
      process.stdout.write(
        `  killed after ${killedAfterDelivered} deliveries; it held ${held.claimed} claimed and ${held.sending} in-flight jobs\n`,
      );
      const beforeRestart = stub.delivered.length;
      const w3 = await startWorker(flags, schema);
      await waitUntil(
        async () => (await status(id2)) === 'completed',
        timeoutMs,
        () => `${stub.delivered.length - start2.delivered} delivered`,
      );
      await new Promise((r) => setTimeout(r, 2500));
      await stopGracefully(w3.child);
      const firstAfter = stub.delivered[beforeRestart]?.at ?? killedAt;
      const result = await measure(db, stub, id2, chats2, 'crash + restart', flags, start2);
      result.crash = {
        killedAfterDelivered,
        claimedAtKill: held.claimed,
        sendingAtKill: held.sending,
        firstDeliveryAfterRestartMs: firstAfter - killedAt,
      };
      results.push(result);
    }
  } finally {
    await stub.stop();
    await db.close();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }

  const table = markdownTable(
    [
      'run',
      'recipients',
      'delivered',
      'missing',
      'duplicates',
      'possibly sent',
      'dup. not flagged',
      '429s',
      'seconds',
      'msg/s',
      '% of ceiling',
      'peak/1 s',
      'status updates',
    ],
    results.map((r) => [
      r.run,
      ...[
        r.recipients,
        r.delivered,
        r.missing,
        r.duplicates,
        r.possiblySent,
        r.duplicatesOutsidePossiblySent,
        r.throttled429,
      ].map(String),
      r.durationS.toFixed(1),
      r.achievedPerS.toFixed(1),
      r.ofCeilingPct.toFixed(1),
      String(r.peakPerWindow),
      String(r.statusCardUpdates),
    ]),
  );
  process.stdout.write(`\n${table}\n`);
  const crash = results[1]?.crash;
  if (crash) {
    process.stdout.write(
      `\nCrash run: SIGKILL after ${crash.killedAfterDelivered} deliveries (the worker held ${crash.claimedAtKill} claimed and ${crash.sendingAtKill} in-flight jobs); ` +
        `first delivery ${crash.firstDeliveryAfterRestartMs} ms after the kill (restarted at once; leases of the dead worker expire after ${flags.leaseMs} ms).\n`,
    );
  }
  const checks = {
    everyoneDeliveredExactlyOnceInSteadyRun: results[0].missing === 0 && results[0].duplicates === 0,
    atLeast90PctOfCeiling: results[0].ofCeilingPct >= 90,
    no429FromPacing: results.every((r) => r.throttled429 === 0),
    crashRunEveryoneDelivered: results[1] ? results[1].missing === 0 : true,
    crashRunDuplicatesOnlyAmongPossiblySent: results[1] ? results[1].duplicatesOutsidePossiblySent === 0 : true,
  };
  const pass = Object.values(checks).every(Boolean);
  for (const [k, v] of Object.entries(checks)) process.stdout.write(`${v ? 'PASS' : 'FAIL'}  ${k}\n`);
  const file = writeResult('broadcast', {
    config: { ...flags, databaseUrl: undefined, database: 'postgres' },
    runs: results,
    checks,
    pass,
  });
  process.stdout.write(`Results written to ${path.relative(process.cwd(), file)}\n`);
  if (!pass) process.exitCode = 1;
}

if (process.argv.includes('--worker')) {
  runWorker().catch((err) => {
    process.stderr.write(`Broadcast worker failed: ${(err as Error).stack}\n`);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    process.stderr.write(`Broadcast benchmark failed: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
