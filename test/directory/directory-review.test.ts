import type { OrgConfig } from '../../src/org-settings';
import { CachedDirectory } from '../../src/directory/cached-directory';
import { GraphDirectory } from '../../src/directory/graph-directory';
import { ClientCredentialsTokenProvider } from '../../src/directory/graph-token';
import { OrgDirectory } from '../../src/directory/org-directory';
import { UseCaseRepository } from '../../src/intake/use-case-repository';
import { silentLogger } from '../../src/observability/logger';
import { ReviewService } from '../../src/review/review-service';
import { AuditLog } from '../../src/store/audit-log';
import type { Database } from '../../src/store/database';
import { FACTS, PEOPLE, RecordingNotifier, TestClock, createUseCase, reviewOrg } from '../review/review-fixtures';
import { CLIENT_ID, CLIENT_SECRET, GraphStub, TENANT_ID } from '../support/graph-stub';
import { DRIVERS, createPostgresSchema, openDriverDatabase } from '../support/test-database';

const MONDAY_9AM = new Date('2026-11-09T09:00:00Z');
const TTL_MS = 15 * 60_000;
const { alex, megan, adele, sam } = PEOPLE;
const G_LEADS = '6f1c0000-0000-4000-8000-00000000c0e1';
const G_FINANCE_PRIVACY = '6f1c0000-0000-4000-8000-00000000f1a0';
const LEE = { aadObjectId: '00000000-0000-0000-0000-0000000000040', name: 'Lee Gu' };
const PAT = { aadObjectId: '00000000-0000-0000-0000-0000000000041', name: 'Pat Sales' };
const KIM = { aadObjectId: '00000000-0000-0000-0000-0000000000042', name: 'Kim Newhire' };
const actor = (p: { aadObjectId: string; name: string }) => ({ aadObjectId: p.aadObjectId, name: p.name });

/**
 * CoE leads is an Entra group (nobody listed in YAML); Privacy routes by business unit (Finance has its own Entra
 * group, everyone else the listed Privacy office); a "Line manager" stage goes to the submitter's manager.
 */
function directoryOrg(): OrgConfig {
  return reviewOrg((raw) => {
    raw.groups['coe-leads'] = {
      name: 'CoE leads',
      entraGroupId: G_LEADS,
      backup: { id: adele.aadObjectId, name: adele.name },
    };
    raw.groups['privacy-finance'] = { name: 'Privacy office (Finance)', entraGroupId: G_FINANCE_PRIVACY };
    const privacy = raw.review.stages.find((s: any) => s.id === 'privacy');
    privacy.approvers = { byBusinessUnit: { finance: 'privacy-finance', default: 'privacy' } };
    raw.review.stages.splice(1, 0, {
      id: 'line-manager',
      name: 'Line manager sign-off',
      approvers: { manager: true, fallback: 'coe-leads' },
      policy: { type: 'any' },
      slaBusinessDays: 3,
      after: ['coe-triage'],
      when: { field: 'outputUse', in: ['human-in-the-loop'] },
      because: 'the output informs decisions about people',
    });
  });
}

function seedTenant(stub: GraphStub): void {
  stub
    .addUser({ id: alex.aadObjectId, displayName: 'Alex Wilber', department: 'CoE' })
    .addUser({ id: megan.aadObjectId, displayName: 'Megan Bowen-Ruiz', department: 'CoE' })
    .addUser({ id: adele.aadObjectId, displayName: 'Adele Vance', department: 'Legal' })
    .addUser({ id: LEE.aadObjectId, displayName: 'Lee Gu', department: 'Finance' })
    .addUser({ id: sam.aadObjectId, displayName: 'Sam Submitter', department: 'Finance', managerId: adele.aadObjectId })
    .addUser({ id: PAT.aadObjectId, displayName: 'Pat Sales', department: 'Sales' })
    .addUser({ id: KIM.aadObjectId, displayName: 'Kim Newhire' });
  stub.groups.set(G_LEADS, [alex.aadObjectId, megan.aadObjectId]);
  stub.groups.set(G_FINANCE_PRIVACY, [LEE.aadObjectId]);
}

/** One bot instance: its own Graph client and cache object over a (possibly shared) database. */
function instance(db: Database, org: OrgConfig, stub: GraphStub, clock: TestClock, notifier: RecordingNotifier) {
  const graph = new GraphDirectory({
    tokens: new ClientCredentialsTokenProvider({
      tenantId: TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      authorityHost: stub.baseUrl,
    }),
    baseUrl: stub.graphUrl,
    maxAttempts: 2,
    sleep: async () => undefined,
  });
  const cache = new CachedDirectory({ db, source: graph, ttlMs: TTL_MS, logger: silentLogger, now: clock.now });
  const people = new OrgDirectory(org, cache);
  const audit = new AuditLog(db);
  const service = new ReviewService({
    db,
    org,
    useCases: new UseCaseRepository(db),
    audit,
    notifier,
    logger: silentLogger,
    now: clock.now,
    people,
  });
  return { cache, people, audit, service };
}

describe.each(DRIVERS)('Review routing and decisions from Entra ID (%s)', (driver) => {
  let db: Database;
  let drop: (() => Promise<void>) | undefined;
  let stub: GraphStub;
  let clock: TestClock;
  let notifier: RecordingNotifier;
  let bot: ReturnType<typeof instance>;
  const org = directoryOrg();

  const events = async (code: string, action: string) =>
    (await bot.audit.list({ subjectType: 'use-case', subjectId: code })).filter((e) => e.action === action);
  const stage = async (useCaseId: number, id: string) =>
    (await bot.service.reviews.getByUseCase(useCaseId))!.stages.find((s) => s.id === id)!;

  beforeAll(async () => {
    ({ db, drop } = await openDriverDatabase(driver));
  });
  afterAll(async () => {
    await db.close();
    await drop?.();
  });

  beforeEach(async () => {
    await db.query('delete from directory_cache');
    await db.query(
      `update review_timers set fired_at = now(), outcome = 'cleared between tests' where fired_at is null`,
    );
    stub = await new GraphStub().start();
    seedTenant(stub);
    clock = new TestClock(MONDAY_9AM);
    notifier = new RecordingNotifier(
      new Set([alex.aadObjectId, megan.aadObjectId, adele.aadObjectId, LEE.aadObjectId, sam.aadObjectId]),
    );
    bot = instance(db, org, stub, clock, notifier);
  });
  afterEach(() => stub.stop());

  it('routes to the Entra group’s current members with the directory’s names, and the audit trail records who they were', async () => {
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await bot.service.submitted(uc);
    const triage = await stage(uc.id, 'coe-triage');
    expect(triage.approvers).toEqual([
      { id: alex.aadObjectId, name: 'Alex Wilber' },
      { id: megan.aadObjectId, name: 'Megan Bowen-Ruiz' },
    ]);
    expect(triage.basis).toMatchObject({
      kind: 'group',
      groupId: 'coe-leads',
      entraGroupId: G_LEADS,
      source: 'directory',
    });
    expect(notifier.sent.map((s) => s.to).sort()).toEqual(
      [alex.aadObjectId, megan.aadObjectId, sam.aadObjectId].sort(),
    );
    const [routed] = await events(uc.code, 'review.routed');
    expect((routed.details as any).stages[0]).toMatchObject({
      id: 'coe-triage',
      approvers: [
        { id: alex.aadObjectId, name: 'Alex Wilber' },
        { id: megan.aadObjectId, name: 'Megan Bowen-Ruiz' },
      ],
      basis: { kind: 'group', entraGroupId: G_LEADS, source: 'directory' },
    });

    // Adele joins the group: within the TTL the shared cache answers; after it, routing sees her.
    stub.groups.set(G_LEADS, [alex.aadObjectId, megan.aadObjectId, adele.aadObjectId]);
    const cached = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await bot.service.submitted(cached);
    expect((await stage(cached.id, 'coe-triage')).approvers.map((p) => p.id)).toEqual([
      alex.aadObjectId,
      megan.aadObjectId,
    ]);
    expect((await stage(cached.id, 'coe-triage')).basis?.source).toBe('cache');
    clock.current = new Date(MONDAY_9AM.getTime() + TTL_MS + 1000);
    const later = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await bot.service.submitted(later);
    expect((await stage(later.id, 'coe-triage')).approvers.map((p) => p.id)).toEqual([
      alex.aadObjectId,
      megan.aadObjectId,
      adele.aadObjectId,
    ]);
  });

  it('routes a stage to the submitter’s manager, and to the fallback group when they have none', async () => {
    const uc = await createUseCase(db, { facts: FACTS.cvScreening, tier: 'high' });
    await bot.service.submitted(uc);
    const line = await stage(uc.id, 'line-manager');
    expect(line.approvers).toEqual([{ id: adele.aadObjectId, name: 'Adele Vance' }]);
    expect(line.basis).toMatchObject({ kind: 'manager', source: 'directory' });

    const noManager = await createUseCase(db, { facts: FACTS.cvScreening, tier: 'high', submitter: PAT });
    await bot.service.submitted(noManager);
    const fallback = await stage(noManager.id, 'line-manager');
    expect(fallback.approvers.map((p) => p.id)).toEqual([alex.aadObjectId, megan.aadObjectId]);
    expect(fallback.basis).toMatchObject({
      kind: 'manager',
      groupId: 'coe-leads',
      note: 'the submitter has no manager in the directory',
    });
  });

  it('routes Privacy by business unit: the submitter’s department first, else the unit the use case states, else the default', async () => {
    const finance = await createUseCase(db, { facts: FACTS.personal, tier: 'limited' });
    await bot.service.submitted(finance);
    expect((await stage(finance.id, 'privacy')).approvers).toEqual([{ id: LEE.aadObjectId, name: 'Lee Gu' }]);
    expect((await stage(finance.id, 'privacy')).basis).toMatchObject({
      kind: 'business-unit',
      unit: 'finance',
      unitFrom: 'directory',
      groupId: 'privacy-finance',
      entraGroupId: G_FINANCE_PRIVACY,
    });

    // Pat is in Sales (the use case says "Finance", but the directory is the authority): the default group.
    const sales = await createUseCase(db, { facts: FACTS.personal, tier: 'limited', submitter: PAT });
    await bot.service.submitted(sales);
    expect((await stage(sales.id, 'privacy')).approvers.map((p) => p.id)).toEqual([
      alex.aadObjectId,
      adele.aadObjectId,
    ]);
    expect((await stage(sales.id, 'privacy')).basis).toMatchObject({
      unit: 'default',
      unitFrom: 'default',
      groupId: 'privacy',
      source: 'config',
    });

    // Kim has no department in Entra ID: the use case's stated business unit decides.
    const stated = await createUseCase(db, { facts: FACTS.personal, tier: 'limited', submitter: KIM });
    await bot.service.submitted(stated);
    expect((await stage(stated.id, 'privacy')).basis).toMatchObject({ unit: 'finance', unitFrom: 'use-case' });
  });

  it('refuses a decision from someone removed from the group since routing, checked against Graph at decision time', async () => {
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await bot.service.submitted(uc);
    const review = (await bot.service.reviews.getByUseCase(uc.id))!;
    stub.groups.set(G_LEADS, [alex.aadObjectId]);

    const refused = await bot.service.decide(actor(megan), {
      reviewId: review.id,
      version: review.version,
      decision: 'approve',
    });
    expect(refused).toMatchObject({
      ok: false,
      message: expect.stringContaining(
        `You are no longer a member of CoE leads, so you cannot decide on ${uc.code} any more. Nothing was changed.`,
      ),
    });
    expect((await bot.service.reviews.get(review.id))!.version).toBe(review.version);
    const [refusal] = await events(uc.code, 'review.decision-refused');
    expect(refusal).toMatchObject({
      actorId: megan.aadObjectId,
      details: {
        reason: 'no-longer-a-member',
        membership: { groupId: 'coe-leads', entraGroupId: G_LEADS, member: false, source: 'directory' },
      },
    });

    const accepted = await bot.service.decide(
      { aadObjectId: alex.aadObjectId, name: 'Name From Card Data' },
      { reviewId: review.id, version: review.version, decision: 'approve' },
    );
    expect(accepted.ok).toBe(true);
    const [decided] = await events(uc.code, 'review.decided');
    expect(decided.actorName).toBe('Alex Wilber');
    expect((decided.details as any).membership).toMatchObject({ member: true, source: 'directory' });
    expect((await bot.service.reviews.get(review.id))!.status).toBe('approved');
  });

  it('uses the cached membership when Graph is down at decision time, and says so in the audit trail', async () => {
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await bot.service.submitted(uc);
    const review = (await bot.service.reviews.getByUseCase(uc.id))!;
    stub.down = true;
    clock.current = new Date(MONDAY_9AM.getTime() + 3_600_000);

    const reply = await bot.service.decide(actor(megan), {
      reviewId: review.id,
      version: review.version,
      decision: 'approve',
    });
    expect(reply.ok).toBe(true);
    const [decided] = await events(uc.code, 'review.decided');
    const membership = (decided.details as any).membership;
    expect(membership).toMatchObject({
      groupId: 'coe-leads',
      member: true,
      source: 'cache',
      fetchedAt: MONDAY_9AM.toISOString(),
      error: expect.stringContaining('HTTP 503'),
    });
    expect(membership.statement).toBe(
      `Microsoft Graph was unavailable (${membership.error}); the membership cached at ${MONDAY_9AM.toISOString()} was used.`,
    );
    expect(decided.actorName).toBe('Megan Bowen-Ruiz');
  });

  it('routes to the group’s backup when Graph is down and nothing is cached, says so, and lets the backup decide', async () => {
    stub.down = true;
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await bot.service.submitted(uc);
    const triage = await stage(uc.id, 'coe-triage');
    expect(triage.approvers).toEqual([{ id: adele.aadObjectId, name: adele.name }]);
    expect(triage.basis).toMatchObject({
      kind: 'group',
      standInFor: 'coe-leads',
      entraGroupId: G_LEADS,
      note: expect.stringContaining('the directory was unavailable'),
    });
    expect(triage.basis?.groupId).toBeUndefined();
    const [routed] = await events(uc.code, 'review.routed');
    expect((routed.details as any).stages[0].basis.note).toContain('Adele Vance decides instead of CoE leads');
    const review = (await bot.service.reviews.getByUseCase(uc.id))!;
    expect(
      (await bot.service.decide(actor(adele), { reviewId: review.id, version: review.version, decision: 'approve' }))
        .ok,
    ).toBe(true);
    expect((await bot.service.reviews.get(review.id))!.status).toBe('approved');
  });
});

(process.env.DATABASE_URL ? describe : describe.skip)('Two instances share the directory cache (PostgreSQL)', () => {
  let schema: Awaited<ReturnType<typeof createPostgresSchema>>;
  let dbA: Database;
  let dbB: Database;
  let stub: GraphStub;
  const org = directoryOrg();
  const clock = new TestClock(MONDAY_9AM);

  beforeAll(async () => {
    schema = await createPostgresSchema();
    dbA = await schema.open();
    dbB = await schema.open();
    stub = await new GraphStub().start();
    seedTenant(stub);
  });
  afterAll(async () => {
    await dbA.close();
    await dbB.close();
    await schema.drop();
    await stub.stop();
  });

  it('one instance asks Graph, the other reads the shared answer; a fresh answer fetched by one is what the other sees', async () => {
    const notifier = new RecordingNotifier(new Set([alex.aadObjectId, megan.aadObjectId, sam.aadObjectId]));
    const a = instance(dbA, org, stub, clock, notifier);
    const b = instance(dbB, org, stub, clock, notifier);
    const groupCalls = () => stub.count(`/v1.0/groups/${G_LEADS}/`);

    const first = await createUseCase(dbA, { facts: FACTS.minimal, tier: 'minimal' });
    await a.service.submitted(first);
    expect(groupCalls()).toBe(1);
    const second = await createUseCase(dbB, { facts: FACTS.minimal, tier: 'minimal' });
    await b.service.submitted(second);
    expect(groupCalls()).toBe(1);
    const approversOf = async (svc: ReviewService, id: number) =>
      (await svc.reviews.getByUseCase(id))!.stages[0].approvers.map((p) => p.name);
    expect(await approversOf(b.service, second.id)).toEqual(['Alex Wilber', 'Megan Bowen-Ruiz']);

    // Megan leaves the group. Her decision on instance A checks Graph afresh and is refused...
    stub.groups.set(G_LEADS, [alex.aadObjectId]);
    const review = (await a.service.reviews.getByUseCase(first.id))!;
    expect(
      (await a.service.decide(actor(megan), { reviewId: review.id, version: review.version, decision: 'approve' })).ok,
    ).toBe(false);
    expect(groupCalls()).toBe(2);
    // ...and instance B, within the TTL, reads that fresh answer from the shared cache without asking Graph.
    const third = await createUseCase(dbB, { facts: FACTS.minimal, tier: 'minimal' });
    await b.service.submitted(third);
    expect(groupCalls()).toBe(2);
    expect(await approversOf(b.service, third.id)).toEqual(['Alex Wilber']);

    // Background refresh near the end of the TTL: both instances run it at once, Graph is asked once.
    stub.groups.set(G_LEADS, [alex.aadObjectId, adele.aadObjectId]);
    clock.current = new Date(MONDAY_9AM.getTime() + TTL_MS * 0.8);
    const refreshed = await Promise.all([a.cache.refreshDue(), b.cache.refreshDue()]);
    expect(refreshed.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(1);
    expect(groupCalls()).toBe(3);
    const fourth = await createUseCase(dbA, { facts: FACTS.minimal, tier: 'minimal' });
    await a.service.submitted(fourth);
    expect(groupCalls()).toBe(3);
    expect(await approversOf(a.service, fourth.id)).toEqual(['Alex Wilber', 'Adele Vance']);
  });
});
