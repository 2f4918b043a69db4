import type { Database } from '../../src/store/database';
import { freezable } from './support/freezable-database';
import { LimitedConnectorStub } from './support/limited-connector-stub';
import { createPostgresSchema, describeWithPostgres } from '../support/test-database';
import {
  AUTHOR,
  deliveriesOf,
  eventually,
  instance,
  seedPersonalChats,
  sendAnnouncement,
} from './support/announcement-fixture';

/** Several bot instances on one PostgreSQL database, each with its own connection pool and worker. */
describeWithPostgres('announcement delivery with several instances on PostgreSQL (needs DATABASE_URL)', () => {
  let schema: Awaited<ReturnType<typeof createPostgresSchema>>;
  const opened: Database[] = [];
  const open = async () => {
    const db = await schema.open();
    opened.push(db);
    return db;
  };

  beforeAll(async () => {
    schema = await createPostgresSchema();
  });
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.close()));
    await schema.drop();
  });

  it('two workers share the queue: every recipient gets the announcement exactly once, within one global rate', async () => {
    const stub = await new LimitedConnectorStub({ globalPerWindow: 120 }).start();
    const [dbA, dbB] = [await open(), await open()];
    const a = instance(dbA);
    const b = instance(dbB);
    try {
      const chats = await seedPersonalChats(dbA, stub.url, 300, 'multi');
      a.worker({ messagesPerSecond: 60 }).start();
      b.worker({ messagesPerSecond: 60 }).start();
      const id = await sendAnnouncement(a.service);
      await eventually(async () => (await b.service.repo.get(id))?.status === 'completed', 20_000, 'completion');

      const counts = stub.deliveryCounts();
      expect(chats.filter((c) => counts.get(c) !== 1)).toEqual([]);
      expect(stub.delivered).toHaveLength(300);
      expect(stub.throttled).toBe(0);
      const rows = await deliveriesOf(dbA, id);
      const byWorker = new Map<string, number>();
      for (const r of rows) byWorker.set(r.claimed_by ?? '?', (byWorker.get(r.claimed_by ?? '?') ?? 0) + 1);
      expect(byWorker.size).toBe(2);
      expect(Math.min(...byWorker.values())).toBeGreaterThan(30);
      const seconds = (stub.delivered[299].at - stub.delivered[0].at) / 1000;
      expect(299 / seconds).toBeLessThan(60 * 1.1);
    } finally {
      await Promise.all([a.stopAll(), b.stopAll()]);
      await stub.stop();
    }
  });

  it('one instance dies mid-send: the other reclaims its leases; only messages in flight at the crash may arrive twice', async () => {
    const stub = await new LimitedConnectorStub({ globalPerWindow: 150 }).start();
    const [dbA, dbB] = [await open(), await open()];
    const doomedDb = freezable(dbA);
    const doomed = instance(doomedDb);
    const survivor = instance(dbB);
    try {
      await dbB.query(`update conversation_references set status = 'uninstalled'`);
      const chats = await seedPersonalChats(dbB, stub.url, 200, 'crash');
      const doomedWorker = doomed.worker({ messagesPerSecond: 60, leaseMs: 1500 });
      doomedWorker.start();
      survivor.worker({ messagesPerSecond: 60, leaseMs: 4000 }).start();
      const id = await sendAnnouncement(survivor.service);
      await stub.waitFor(() => stub.delivered.length >= 60, 10_000, 'first part of the send');
      doomedDb.freeze();
      await doomed.stopAll(0);
      const [held] = await dbB.query<{ n: number }>(
        `select count(*)::int as n from announcement_deliveries where claimed_by = $1 and status in ('claimed', 'sending')`,
        [doomedWorker.options.workerId],
      );
      expect(held.n).toBeGreaterThan(0);
      await eventually(async () => (await survivor.service.repo.get(id))?.status === 'completed', 20_000, 'completion');

      const counts = stub.deliveryCounts();
      const rows = await deliveriesOf(dbB, id);
      const inDoubt = new Set(rows.filter((r) => r.in_doubt).map((r) => r.conversation_id));
      expect(chats.filter((c) => !counts.get(c))).toEqual([]);
      expect(chats.filter((c) => (counts.get(c) ?? 0) > 1 && !inDoubt.has(c))).toEqual([]);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      const status = await survivor.service.status(AUTHOR, id);
      expect(status.ok && status.value.counts).toMatchObject({ total: 200, sent: 200, possiblySent: inDoubt.size });
    } finally {
      await survivor.stopAll();
      await stub.stop();
    }
  });
});
