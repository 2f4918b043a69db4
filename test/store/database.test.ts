import type { Database } from '../../src/store/database';
import { MIGRATIONS, runMigrations } from '../../src/store/migrations/index';
import { openDatabase } from '../../src/store/open-database';
import { AuditLog, auditToCsv } from '../../src/store/audit-log';
import { ConversationDirectory } from '../../src/store/conversation-directory';
import { DatabaseBotStorage, StaleStateError } from '../../src/teams/bot-state-storage';
import { createPostgresSchema, DRIVERS, tempDataDir } from '../support/test-database';

/** Opens a pair of connections to the same database: two PGlite handles are not allowed, so PGlite shares one. */
async function openPair(
  driver: 'pglite' | 'postgres',
): Promise<{ a: Database; b: Database; cleanup: () => Promise<void> }> {
  if (driver === 'pglite') {
    const a = await openDatabase({ dataDir: tempDataDir() });
    return { a, b: a, cleanup: () => a.close() };
  }
  const schema = await createPostgresSchema();
  const a = await schema.open();
  const b = await schema.open();
  return {
    a,
    b,
    cleanup: async () => {
      await a.close();
      await b.close();
      await schema.drop();
    },
  };
}

describe.each(DRIVERS)('store on %s', (driver) => {
  let a: Database;
  let b: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ a, b, cleanup } = await openPair(driver));
  });
  afterAll(async () => cleanup());

  it('applies every migration once and is idempotent', async () => {
    expect(await runMigrations(a)).toEqual([]);
    const rows = await a.query<{ version: number }>('select version from schema_migrations order by version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('bot state: round-trips a document and rejects a stale eTag write from another instance', async () => {
    const first = new DatabaseBotStorage(a);
    const second = new DatabaseBotStorage(b);
    await first.write({ 'msteams/bot/conversations/c1': { count: 1 } });
    const seenByA = await first.read(['msteams/bot/conversations/c1']);
    const seenByB = await second.read(['msteams/bot/conversations/c1']);
    expect(seenByA['msteams/bot/conversations/c1']).toMatchObject({ count: 1 });
    await second.write({ 'msteams/bot/conversations/c1': { ...seenByB['msteams/bot/conversations/c1'], count: 2 } });
    await expect(
      first.write({ 'msteams/bot/conversations/c1': { ...seenByA['msteams/bot/conversations/c1'], count: 99 } }),
    ).rejects.toBeInstanceOf(StaleStateError);
    const now = await first.read(['msteams/bot/conversations/c1']);
    expect(now['msteams/bot/conversations/c1']).toMatchObject({ count: 2 });
    await first.write({ 'msteams/bot/conversations/c1': { count: 3, eTag: '*' } });
    expect((await second.read(['msteams/bot/conversations/c1']))['msteams/bot/conversations/c1']).toMatchObject({
      count: 3,
    });
    await first.delete(['msteams/bot/conversations/c1']);
    expect(await second.read(['msteams/bot/conversations/c1'])).toEqual({});
  });

  it('bot state: of two concurrent writers with the same eTag exactly one wins', async () => {
    const s1 = new DatabaseBotStorage(a);
    const s2 = new DatabaseBotStorage(b);
    await s1.write({ k2: { n: 0 } });
    const base = (await s1.read(['k2'])).k2;
    const results = await Promise.allSettled([
      s1.write({ k2: { ...base, n: 1 } }),
      s2.write({ k2: { ...base, n: 2 } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  it('audit log is append-only and exports CSV with formula cells defused', async () => {
    const audit = new AuditLog(a);
    await audit.append({
      subjectType: 'use-case',
      subjectId: 'UC-0001',
      action: 'decided',
      actorName: 'Alex',
      comment: '=HYPERLINK("x")',
    });
    await expect(a.query(`update audit_events set action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(a.query('delete from audit_events')).rejects.toThrow(/append-only/);
    const events = await audit.list({ subjectType: 'use-case', subjectId: 'UC-0001' });
    expect(events).toHaveLength(1);
    const csv = auditToCsv(events);
    expect(csv.split('\r\n')[0]).toBe('at,actorId,actorName,subjectType,subjectId,action,comment,activityId,details');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('conversation directory keeps the newest reference and tracks install status', async () => {
    const dir = new ConversationDirectory(b);
    await dir.upsert({
      conversationId: 'a:1',
      kind: 'personal',
      aadObjectId: 'u1',
      serviceUrl: 'https://smba.example/',
      reference: { conversation: { id: 'a:1' } },
    });
    await dir.setStatus('a:1', 'uninstalled');
    expect(await dir.personalChatOf('u1')).toBeUndefined();
    await dir.upsert({
      conversationId: 'a:1',
      kind: 'personal',
      serviceUrl: 'https://smba2.example/',
      reference: { conversation: { id: 'a:1' } },
    });
    expect(await dir.personalChatOf('u1')).toMatchObject({
      serviceUrl: 'https://smba2.example/',
      status: 'active',
      aadObjectId: 'u1',
    });
  });
});

describe('bot state with the single-owner document cache (embedded database)', () => {
  it('serves reads from memory yet still rejects a stale eTag and persists every write', async () => {
    const dir = tempDataDir();
    const db = await openDatabase({ dataDir: dir });
    const cached = new DatabaseBotStorage(db, { cacheDocuments: true });
    expect(await cached.read(['c'])).toEqual({});
    await cached.write({ c: { n: 1 } });
    const first = (await cached.read(['c'])).c;
    await cached.write({ c: { ...first, n: 2 } });
    await expect(cached.write({ c: { ...first, n: 3 } })).rejects.toBeInstanceOf(StaleStateError);
    expect((await cached.read(['c'])).c).toMatchObject({ n: 2 });
    expect((await new DatabaseBotStorage(db).read(['c'])).c).toMatchObject({ n: 2 });
    await db.close();
  });
});

describe('opening a database', () => {
  it('refuses to guess a location when neither DATABASE_URL nor a data folder is given', async () => {
    await expect(openDatabase({ databaseUrl: '', dataDir: '' })).rejects.toThrow(/set DATABASE_URL, or COE_DATA_DIR/);
  });
});

describe('embedded database persistence', () => {
  it('keeps data across a close and reopen of the same data folder', async () => {
    const dir = tempDataDir();
    const first = await openDatabase({ dataDir: dir });
    await new DatabaseBotStorage(first).write({ persisted: { hello: 'world' } });
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    expect((await new DatabaseBotStorage(second).read(['persisted'])).persisted).toMatchObject({ hello: 'world' });
    await second.close();
  });
});
