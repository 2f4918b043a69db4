import { silentLogger } from '../../src/observability/logger';
import { ReviewWorker } from '../../src/review/review-worker';
import type { Database } from '../../src/store/database';
import { ALEX, BotHarness, MEGAN, cardOf } from '../support/bot-harness';
import type { RecordedCall } from '../support/connector-stub';
import { POSTGRES_URL, createPostgresSchema } from '../support/test-database';
import { FACTS, PEOPLE, createUseCase, reviewOrg } from './review-fixtures';

const title = POSTGRES_URL
  ? 'two bot instances on one PostgreSQL database'
  : 'two bot instances on one PostgreSQL database (skipped: set DATABASE_URL to run it)';
const describeWithPostgres = POSTGRES_URL ? describe : describe.skip;

describeWithPostgres(title, () => {
  let schema: Awaited<ReturnType<typeof createPostgresSchema>>;
  let dbA: Database;
  let dbB: Database;
  let a: BotHarness;
  let b: BotHarness;

  const allCalls = (): RecordedCall[] => [...a.connector.calls, ...b.connector.calls];
  const submit = async () => {
    const uc = await createUseCase(dbA, { facts: FACTS.minimal, tier: 'minimal' });
    await a.bot.deps.review.submitted(uc);
    return { uc, review: (await a.bot.deps.review.reviews.getByUseCase(uc.id))! };
  };
  const decisions = async (code: string) =>
    (await a.bot.deps.audit.list({ subjectType: 'use-case', subjectId: code })).filter(
      (e) => e.action === 'review.decided',
    );

  beforeAll(async () => {
    schema = await createPostgresSchema();
    dbA = await schema.open();
    dbB = await schema.open();
    const org = reviewOrg();
    a = await BotHarness.start({ db: dbA, org });
    b = await BotHarness.start({ db: dbB, org });
    for (const u of [ALEX, MEGAN, PEOPLE.sam]) await a.say(u, 'hello');
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await dbA?.close();
    await dbB?.close();
    await schema?.drop();
  });

  it('two approvers deciding the same review on different instances: exactly one decision', async () => {
    const { uc, review } = await submit();
    const [ra, rb] = await Promise.all([
      a.execute(ALEX, 'review.approve', { reviewId: review.id, version: 1 }),
      b.execute(MEGAN, 'review.approve', { reviewId: review.id, version: 1 }),
    ]);
    const texts = [ra, rb].map((r) => JSON.stringify(r.body.value));
    expect(texts.filter((t) => t.includes('Your decision was recorded.'))).toHaveLength(1);
    expect(await decisions(uc.code)).toHaveLength(1);
    const stored = (await b.bot.deps.review.reviews.get(review.id))!;
    expect(stored).toMatchObject({ status: 'approved', version: 2 });
    expect(stored.decisions).toHaveLength(1);
  });

  it('the same approver clicking on both instances at once (a retried invoke): one decision', async () => {
    const { uc, review } = await submit();
    const results = await Promise.all([
      a.execute(ALEX, 'review.reject', { reviewId: review.id, version: 1, comment: 'Out of scope.' }),
      b.execute(ALEX, 'review.reject', { reviewId: review.id, version: 1, comment: 'Out of scope.' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(await decisions(uc.code)).toHaveLength(1);
  });

  it('both workers ticking at once send each reminder and each escalation once', async () => {
    await dbA.query(`update review_timers set fired_at = now(), outcome = 'cleared by test' where fired_at is null`);
    const submitted = [await submit(), await submit(), await submit()];
    const workerA = new ReviewWorker(a.bot.deps.review, 0, silentLogger);
    const workerB = new ReviewWorker(b.bot.deps.review, 0, silentLogger);
    const dueAt = (kind: string) =>
      Promise.all(
        submitted.map(
          async ({ review }) => (await a.bot.deps.review.reviews.timers(review.id)).find((t) => t.kind === kind)!.dueAt,
        ),
      );
    const remindAt = new Date(Math.max(...(await dueAt('reminder')).map((d) => Date.parse(d))) + 1000);
    const escalateAt = new Date(Math.max(...(await dueAt('escalation')).map((d) => Date.parse(d))) + 1000);

    const before = allCalls().length;
    const handled = await Promise.all([workerA.tick(remindAt), workerB.tick(remindAt), workerA.tick(remindAt)]);
    expect(handled.reduce((x, y) => x + y, 0)).toBe(3);
    const reminders = allCalls()
      .slice(before)
      .filter((c) => c.method === 'POST' && JSON.stringify(cardOf(c.body) ?? {}).includes('Reminder:'));
    const keys = reminders.map((c) => `${c.conversationId} ${JSON.stringify(cardOf(c.body)).match(/UC-\d+/)![0]}`);
    expect(keys).toHaveLength(6);
    expect(new Set(keys).size).toBe(6);

    const handledLater = await Promise.all([workerA.tick(escalateAt), workerB.tick(escalateAt)]);
    expect(handledLater.reduce((x, y) => x + y, 0)).toBe(3);
    for (const { uc } of submitted) {
      const events = await a.bot.deps.audit.list({ subjectType: 'use-case', subjectId: uc.code });
      expect(events.filter((e) => e.action === 'review.reminded')).toHaveLength(1);
      expect(events.filter((e) => e.action === 'review.escalated')).toHaveLength(1);
    }
  });
});
