import { UseCaseRepository } from '../../src/intake/use-case-repository';
import { silentLogger } from '../../src/observability/logger';
import type { CardRef } from '../../src/review/review-notifier';
import { ReviewService } from '../../src/review/review-service';
import { ReviewWorker } from '../../src/review/review-worker';
import { AuditLog } from '../../src/store/audit-log';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { Outbox } from '../../src/store/outbox';
import { FACTS, PEOPLE, RecordingNotifier, TestClock, createUseCase, reviewOrg } from './review-fixtures';

const { alex, megan, sam } = PEOPLE;
const START = new Date('2026-11-09T09:00:00Z');
const later = (ms: number) => new Date(START.getTime() + ms);

/** A notifier whose send to one person never returns: the process "dies" there, after everything before it was done. */
class StallingNotifier extends RecordingNotifier {
  readonly stalled: Promise<void>;
  private reached!: () => void;

  constructor(
    installed: Set<string>,
    private readonly stallAt: string,
  ) {
    super(installed);
    this.stalled = new Promise((resolve) => (this.reached = resolve));
  }

  override async sendCardToPerson(aadObjectId: string, card: object): Promise<CardRef | undefined> {
    if (aadObjectId !== this.stallAt) return super.sendCardToPerson(aadObjectId, card);
    this.reached();
    return new Promise<CardRef | undefined>(() => undefined);
  }
}

describe('follow-up of review changes survives a process that dies after the commit (outbox)', () => {
  let db: Database;
  let audit: AuditLog;
  let useCases: UseCaseRepository;

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
    audit = new AuditLog(db);
    useCases = new UseCaseRepository(db);
  });
  afterAll(async () => db.close());

  const serviceWith = (notifier: RecordingNotifier, clock: TestClock) =>
    new ReviewService({ db, org: reviewOrg(), useCases, audit, notifier, logger: silentLogger, now: clock.now });
  const everyone = () => new Set([alex.aadObjectId, megan.aadObjectId, sam.aadObjectId]);

  it('another instance sends the cards the dead process did not, and does not repeat the ones it did', async () => {
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    const dying = new StallingNotifier(everyone(), megan.aadObjectId);
    void serviceWith(dying, new TestClock(START)).submitted(uc);
    await dying.stalled;
    expect(dying.sent.map((s) => s.to)).toEqual([alex.aadObjectId]);

    const survivor = new RecordingNotifier(everyone());
    const clock = new TestClock(later(10_000));
    const worker = new ReviewWorker(serviceWith(survivor, clock), 0, silentLogger);
    expect(await worker.tick(later(10_000))).toBe(0);
    expect(survivor.sent).toHaveLength(0);

    clock.current = later(125_000);
    expect(await worker.tick(clock.current)).toBe(1);
    expect(survivor.sent.map((s) => s.to).sort()).toEqual([megan.aadObjectId, sam.aadObjectId].sort());
    expect(JSON.stringify(survivor.sent.find((s) => s.to === megan.aadObjectId)?.card)).toContain('review.approve');
    expect(JSON.stringify(survivor.sent.find((s) => s.to === sam.aadObjectId)?.card)).toContain(
      'This card stays up to date',
    );
    expect(await worker.tick(later(300_000))).toBe(0);
    expect(survivor.sent).toHaveLength(2);

    const sends = (await audit.list({ subjectType: 'use-case', subjectId: uc.code })).filter(
      (e) => e.action === 'review.card-sent',
    );
    expect(sends.map((e) => (e.details as { recipientId?: string }).recipientId).sort()).toEqual(
      [alex.aadObjectId, megan.aadObjectId, sam.aadObjectId].sort(),
    );
    expect(await new Outbox(db).pending()).toEqual([]);
  });

  it('tells the submitter about a decision whose process died before the notice went out', async () => {
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    const clock = new TestClock(START);
    await serviceWith(new RecordingNotifier(everyone()), clock).submitted(uc);
    const review = (await serviceWith(new RecordingNotifier(everyone()), clock).reviews.getByUseCase(uc.id))!;

    const dying = new StallingNotifier(everyone(), sam.aadObjectId);
    void serviceWith(dying, clock).decide(
      { aadObjectId: alex.aadObjectId, name: alex.name },
      { reviewId: review.id, version: review.version, decision: 'approve' },
    );
    await dying.stalled;
    expect((await useCases.get(uc.id))?.status).toBe('approved');

    const survivor = new RecordingNotifier(everyone());
    const later2 = new TestClock(later(200_000));
    expect(await serviceWith(survivor, later2).runPendingEffects(later2.current)).toBe(1);
    expect(survivor.textSentTo(sam.aadObjectId).join('\n')).toContain(`${uc.code} is approved`);
    expect(survivor.updates.length).toBeGreaterThan(0);
  });
});

describe('late follow-up of reminders', () => {
  it('a reminder retried after the approver decided is not sent to them', async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      const audit = new AuditLog(db);
      const useCases = new UseCaseRepository(db);
      const clock = new TestClock(START);
      const serviceWith = (notifier: RecordingNotifier) =>
        new ReviewService({
          db,
          org: reviewOrg((raw) => (raw.review.stages[0].policy = { type: 'all' })),
          useCases,
          audit,
          notifier,
          logger: silentLogger,
          now: clock.now,
        });
      const everyone = new Set([alex.aadObjectId, megan.aadObjectId, sam.aadObjectId]);
      const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
      await serviceWith(new RecordingNotifier(everyone)).submitted(uc);
      const review = (await serviceWith(new RecordingNotifier(everyone)).reviews.getByUseCase(uc.id))!;
      const reminderAt = new Date(
        (await serviceWith(new RecordingNotifier(everyone)).reviews.timers(review.id)).find(
          (t) => t.kind === 'reminder',
        )!.dueAt,
      );

      clock.current = reminderAt;
      const dying = new StallingNotifier(everyone, alex.aadObjectId);
      void serviceWith(dying).fireNextDueTimer(reminderAt);
      await dying.stalled;

      clock.current = new Date(reminderAt.getTime() + 1_000);
      const decided = await serviceWith(new RecordingNotifier(everyone)).decide(
        { aadObjectId: megan.aadObjectId, name: megan.name },
        { reviewId: review.id, version: review.version, decision: 'approve' },
      );
      expect(decided.ok).toBe(true);

      const survivor = new RecordingNotifier(everyone);
      clock.current = new Date(reminderAt.getTime() + 300_000);
      expect(await serviceWith(survivor).runPendingEffects(clock.current)).toBe(1);
      const reminders = survivor.sent.filter((x) => JSON.stringify(x.card).includes('Reminder:'));
      expect(reminders.map((x) => x.to)).toEqual([alex.aadObjectId]);
    } finally {
      await db.close();
    }
  });
});

describe('Outbox', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => db.close());

  it('lets one claimant hold an entry at a time, remembers finished steps across attempts, and gives up after the limit', async () => {
    const outbox = new Outbox(db, { leaseMs: 60_000, maxAttempts: 2 });
    const id = await db.transaction((tx) => outbox.enqueue(tx, 'test.topic', { n: 1 }, START));

    const first = (await outbox.claim(id, START))!;
    expect(first).toMatchObject({ topic: 'test.topic', payload: { n: 1 }, attempts: 1 });
    expect(await outbox.claim(id, later(1_000))).toBeUndefined();
    expect(await outbox.claimDue(later(30_000), 10_000, 10)).toEqual([]);

    const ran: string[] = [];
    const steps = outbox.steps(first);
    await steps.once('a', async () => (ran.push('a'), true));
    await steps.once('b', async () => (ran.push('b'), false));
    await steps.scoped('x').once('a', async () => (ran.push('x:a'), true));
    expect(await outbox.release(first, 'connector down', later(2_000))).toBe(false);
    expect(await outbox.claimDue(later(20_000), 10_000, 10)).toEqual([]);

    const [second] = await outbox.claimDue(later(90_000), 10_000, 10);
    expect(second.id).toBe(id);
    expect([...second.doneSteps].sort()).toEqual(['a', 'x:a']);
    const again = outbox.steps(second);
    await again.once('a', async () => (ran.push('a'), true));
    await again.once('b', async () => (ran.push('b'), true));
    expect(ran).toEqual(['a', 'b', 'x:a', 'b']);
    expect(await outbox.release(second, 'still down', later(91_000))).toBe(true);
    expect(await outbox.pending()).toEqual([]);
    expect(await outbox.claimDue(later(500_000), 0, 10)).toEqual([]);
  });
});
