import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { freezable } from './support/freezable-database';
import { LimitedConnectorStub } from './support/limited-connector-stub';
import {
  AUTHOR,
  deliveriesOf,
  eventually,
  instance,
  sampleInput,
  seedChannel,
  seedPersonalChats,
  sendAnnouncement,
} from './support/announcement-fixture';

/** The delivery engine against an HTTP Bot Connector stub, through the real Teams transport (TeamsGateway + CloudAdapter). */
describe('announcement delivery engine', () => {
  let db: Database;
  let stub: LimitedConnectorStub;
  let stack: ReturnType<typeof instance>;
  let prefixCounter = 0;

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    stub = await new LimitedConnectorStub({ globalPerWindow: 120, perConversationPerWindow: 5 }).start();
    stack = instance(db);
    await db.query(`update conversation_references set status = 'uninstalled'`);
    await db.query(`update announcement_pacer set tat = now(), slow_until = null`);
  });
  afterEach(async () => {
    await stack.stopAll();
    await stub.stop();
  });
  const prefix = () => `r${++prefixCounter}`;

  it('delivers exactly once to each of N recipients, paced under the ceilings, and completes the send', async () => {
    const chats = await seedPersonalChats(db, stub.url, 150, prefix());
    stack.worker({ messagesPerSecond: 80 }).start();
    const id = await sendAnnouncement(stack.service);
    await stub.waitFor(() => stub.delivered.length >= chats.length, 15_000, 'all deliveries');
    await eventually(async () => (await stack.service.repo.get(id))?.status === 'completed', 5000, 'completion');

    const counts = stub.deliveryCounts();
    expect(chats.filter((c) => counts.get(c) !== 1)).toEqual([]);
    expect(stub.delivered).toHaveLength(chats.length);
    expect(stub.throttled).toBe(0);
    expect(stub.peakPerWindow()).toBeLessThanOrEqual(120);
    const achieved =
      (stub.delivered.length - 1) / ((stub.delivered[stub.delivered.length - 1].at - stub.delivered[0].at) / 1000);
    // A loose floor: jest shares the CPU with other suites; bench/broadcast-bench.ts measures real throughput.
    expect(achieved).toBeGreaterThan(80 * 0.35);
    expect(achieved).toBeLessThan(80 * 1.1);
    const status = await stack.service.status(AUTHOR, id);
    expect(status.ok && status.value.counts).toMatchObject({
      total: 150,
      sent: 150,
      failed: 0,
      unreachable: 0,
      possiblySent: 0,
      queued: 0,
    });
    const card = stub.delivered[0].body as { attachments: Array<{ content: { body: unknown[] } }> };
    expect(JSON.stringify(card.attachments[0].content)).toContain('New approved model');
  });

  it('honours Retry-After on 429, slows the global rate, then delivers once', async () => {
    const [first, ...rest] = await seedPersonalChats(db, stub.url, 8, prefix());
    let throttledOnce = false;
    stub.fault = (req) => {
      if (req.conversationId === first && req.method === 'POST' && !throttledOnce) {
        throttledOnce = true;
        return { status: 429, headers: { 'retry-after': '1' } };
      }
      return undefined;
    };
    stack.worker().start();
    const id = await sendAnnouncement(stack.service);
    await stub.waitFor(
      () => stub.messagesTo(first).length === 1 && rest.every((c) => stub.messagesTo(c).length === 1),
      10_000,
      'delivery after 429',
    );
    await eventually(async () => (await stack.service.repo.get(id))?.status === 'completed', 5000, 'completion');

    const attempts = stub.requests.filter((r) => r.conversationId === first && r.method === 'POST');
    expect(attempts).toHaveLength(2);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(1000);
    const [pacer] = await db.query<{ slowed: boolean }>(
      'select slow_until is not null as slowed from announcement_pacer',
    );
    expect(pacer.slowed).toBe(true);
    const [row] = (await deliveriesOf(db, id)).filter((d) => d.conversation_id === first);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, in_doubt: false });
  });

  it('retries 502/503 with backoff until delivered, and gives up after maxAttempts', async () => {
    const [flaky, broken, fine] = await seedPersonalChats(db, stub.url, 3, prefix());
    const answers = [503, 502];
    stub.fault = (req) => {
      if (req.method !== 'POST') return undefined;
      if (req.conversationId === flaky && answers.length) return { status: answers.shift()! };
      if (req.conversationId === broken) return { status: 503 };
      return undefined;
    };
    stack.worker({ random: () => 1 }).start();
    const id = await sendAnnouncement(stack.service);
    await eventually(async () => (await stack.service.repo.get(id))?.status === 'completed', 10_000, 'completion');

    const rows = await deliveriesOf(db, id);
    expect(rows.find((r) => r.conversation_id === flaky)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(rows.find((r) => r.conversation_id === broken)).toMatchObject({
      status: 'failed',
      attempts: 4,
      last_http_status: 503,
    });
    expect(rows.find((r) => r.conversation_id === fine)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(stub.messagesTo(flaky)).toHaveLength(1);
    const tries = stub.requests.filter((r) => r.conversationId === flaky).map((r) => r.at);
    expect(tries[1] - tries[0]).toBeGreaterThanOrEqual(50);
    expect(tries[2] - tries[1]).toBeGreaterThanOrEqual(100);
  });

  it('treats 403 as final: one request, recipient marked blocked and left out of the next send', async () => {
    const [blocker, other] = await seedPersonalChats(db, stub.url, 2, prefix());
    stub.fault = (req) =>
      req.conversationId === blocker
        ? {
            status: 403,
            body: {
              error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' },
            },
          }
        : undefined;
    stack.worker().start();
    const id = await sendAnnouncement(stack.service);
    await eventually(async () => (await stack.service.repo.get(id))?.status === 'completed', 10_000, 'completion');

    expect(stub.requests.filter((r) => r.conversationId === blocker)).toHaveLength(1);
    expect((await deliveriesOf(db, id)).find((r) => r.conversation_id === blocker)).toMatchObject({
      status: 'unreachable',
      attempts: 1,
      last_http_status: 403,
    });
    expect((await stack.conversations.get(blocker))?.status).toBe('blocked');
    expect(stub.messagesTo(other)).toHaveLength(1);

    const next = await sendAnnouncement(stack.service, sampleInput({ title: 'Second' }));
    await eventually(
      async () => (await stack.service.repo.get(next))?.status === 'completed',
      10_000,
      'second completion',
    );
    expect((await deliveriesOf(db, next)).map((r) => r.conversation_id)).toEqual([other]);
  });

  it('treats other 4xx as final without retrying', async () => {
    const [bad] = await seedPersonalChats(db, stub.url, 1, prefix());
    stub.fault = (req) => (req.conversationId === bad ? { status: 400 } : undefined);
    stack.worker().start();
    const id = await sendAnnouncement(stack.service);
    await eventually(async () => (await stack.service.repo.get(id))?.status === 'completed', 10_000, 'completion');
    expect(stub.requests.filter((r) => r.conversationId === bad)).toHaveLength(1);
    expect((await deliveriesOf(db, id))[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await stack.conversations.get(bad))?.status).toBe('active');
  });

  it('recovers from a crashed worker: leased jobs are reclaimed, in-flight ones recorded as possibly sent, duplicates only among them', async () => {
    const chats = await seedPersonalChats(db, stub.url, 80, prefix());
    const hung = new Set(chats.slice(20, 24));
    stub.fault = (req) => (req.conversationId && hung.has(req.conversationId) ? 'deliver-then-hang' : undefined);
    const doomedDb = freezable(db);
    const doomed = instance(doomedDb);
    const doomedWorker = doomed.worker({ messagesPerSecond: 40, leaseMs: 1500, sendTimeoutMs: 60_000 });
    doomedWorker.start();
    const id = await sendAnnouncement(stack.service);
    await stub.waitFor(
      () => stub.delivered.length >= 30 && [...hung].every((c) => stub.messagesTo(c).length === 1),
      10_000,
      'first part of the send',
    );
    doomedDb.freeze();
    await doomed.stopAll(0);
    stub.fault = undefined;
    const [held] = await db.query<{ n: number }>(
      `select count(*)::int as n from announcement_deliveries where claimed_by = $1 and status in ('claimed', 'sending')`,
      [doomedWorker.options.workerId],
    );
    expect(held.n).toBeGreaterThanOrEqual(hung.size);

    const rescuer = stack.worker({ messagesPerSecond: 100, leaseMs: 15_000, sendTimeoutMs: 10_000 });
    rescuer.start();
    await eventually(
      async () => (await stack.service.repo.get(id))?.status === 'completed',
      15_000,
      'completion after the crash',
    );

    const counts = stub.deliveryCounts();
    const rows = await deliveriesOf(db, id);
    const inDoubt = new Set(rows.filter((r) => r.in_doubt).map((r) => r.conversation_id));
    const duplicates = chats.filter((c) => (counts.get(c) ?? 0) > 1);
    expect(chats.filter((c) => !counts.get(c))).toEqual([]);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    for (const c of hung) expect(inDoubt.has(c)).toBe(true);
    expect(duplicates.length).toBeGreaterThanOrEqual(hung.size);
    expect(duplicates.filter((c) => !inDoubt.has(c))).toEqual([]);
    expect(Math.max(...counts.values())).toBe(2);
    const status = await stack.service.status(AUTHOR, id);
    expect(status.ok && status.value.counts.possiblySent).toBe(inDoubt.size);
  });

  it('stops delivering when the send is cancelled', async () => {
    const chats = await seedPersonalChats(db, stub.url, 60, prefix());
    stack.worker({ messagesPerSecond: 20 }).start();
    const id = await sendAnnouncement(stack.service);
    await stub.waitFor(() => stub.delivered.length >= 10, 10_000, 'first deliveries');
    const cancelled = await stack.service.cancel(AUTHOR, id);
    expect(cancelled.ok).toBe(true);
    const atCancel = stub.delivered.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(stub.delivered.length).toBeLessThanOrEqual(atCancel + 3);
    const status = await stack.service.status(AUTHOR, id);
    expect(status.ok && status.value.announcement.status).toBe('cancelled');
    expect(status.ok && status.value.counts.cancelled).toBeGreaterThan(0);
    expect(status.ok && status.value.counts.sent + status.value.counts.cancelled).toBe(chats.length);
  });

  it('starts a scheduled announcement when its time comes, resolving the audience then', async () => {
    const channel = await seedChannel(db, stub.url, `sched-${prefix()}`);
    await stack.service.subscriptions.subscribeChannel(channel, 'events', 'test');
    const draft = await stack.service.repo.createDraft(
      sampleInput({ category: 'events', audience: { kind: 'category-subscribers' } }),
      AUTHOR,
      'teams',
    );
    const inTwoMinutes = new Date(Date.now() + 120_000);
    const scheduled = await stack.service.schedule(AUTHOR, draft.id, draft.version, {
      date: inTwoMinutes.toISOString().slice(0, 10),
      time: inTwoMinutes.toISOString().slice(11, 16),
      timeZone: 'UTC',
    });
    expect(scheduled.ok).toBe(true);
    stack.worker().start();
    await new Promise((r) => setTimeout(r, 300));
    expect(stub.messagesTo(channel)).toHaveLength(0);
    await db.query('update announcements set scheduled_at = now() where id = $1', [draft.id]);
    await stub.waitFor(() => stub.messagesTo(channel).length === 1, 5000, 'scheduled delivery');
    await eventually(async () => (await stack.service.repo.get(draft.id))?.status === 'completed', 5000, 'completion');
  });

  it('keeps the author status card current, throttled, with a final update', async () => {
    await seedPersonalChats(db, stub.url, 40, prefix());
    const draft = await stack.service.repo.createDraft(sampleInput({ requiresAck: true }), AUTHOR, 'teams');
    const sent = await stack.service.sendNow(AUTHOR, draft.id, draft.version);
    expect(sent.ok).toBe(true);
    const [authorChat] = await seedPersonalChats(db, stub.url, 1, `author-${prefixCounter}`);
    await stack.service.attachStatusCard(draft.id, authorChat, 'status-activity-1');
    stack.worker({ messagesPerSecond: 20, statusUpdateMs: 500 }).start();
    await eventually(
      async () => (await stack.service.repo.get(draft.id))?.status === 'completed',
      10_000,
      'completion',
    );
    await eventually(
      () => stub.requests.some((r) => r.method === 'PUT' && JSON.stringify(r.body).includes('Finished')),
      5000,
      'final status card',
    );

    const updates = stub.requests.filter((r) => r.method === 'PUT' && r.activityId === 'status-activity-1');
    const span = updates[updates.length - 1].at - updates[0].at;
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(span / 500) + 2);
    const last = JSON.stringify(updates[updates.length - 1].body);
    expect(last).toContain('"title":"Sent","value":"40"');
    expect(last).toContain('"title":"Acknowledged","value":"0 of 40"');
  });
});
