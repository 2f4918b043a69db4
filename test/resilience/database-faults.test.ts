import { type Database, isConnectionError } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { ALEX, BotHarness, MEGAN, cardOf } from '../support/bot-harness';
import { POSTGRES_URL, createPostgresSchema, describeWithPostgres } from '../support/test-database';
import { VALID, WizardDriver, actionOf, textOf } from '../intake/wizard-driver';
import { type FailingDatabase, failingDatabase } from './support/failing-database';
import { TcpProxy } from './support/tcp-proxy';

describeWithPostgres(
  'database outage: PostgreSQL goes away behind a TCP proxy while the bot serves, then comes back',
  () => {
    const RETRY = 'could not reach my database';
    let schema: Awaited<ReturnType<typeof createPostgresSchema>>;
    let proxy: TcpProxy;
    let db: Database;
    let h: BotHarness;

    beforeAll(async () => {
      schema = await createPostgresSchema();
      const target = new URL(POSTGRES_URL!);
      proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
      const viaProxy = new URL(POSTGRES_URL!);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      db = await openDatabase({ databaseUrl: viaProxy.toString(), schema: schema.schema });
      h = await BotHarness.start({ db });
    }, 60_000);
    afterAll(async () => {
      await proxy?.restore();
      await h?.stop();
      await db?.close();
      await proxy?.stop();
      await schema?.drop();
    });

    it('while connections are refused, messages and card clicks get the plain "try again" answer, readiness says 503, and everything recovers', async () => {
      const megan = new WizardDriver(h, MEGAN);
      const atData = await megan.next(await megan.say('submit a use case'), 'basics');
      const envelope = actionOf(atData, 'intake.next').data;

      await proxy.cut('refuse');
      const replies = await h.say(ALEX, 'submit a use case');
      expect(textOf(cardOf(replies[replies.length - 1]))).toContain(RETRY);
      const click = await h.execute(MEGAN, 'intake.next', { ...envelope, ...VALID.data });
      expect(click.status).toBe(200);
      expect(click.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
      expect(click.body.value).toContain(RETRY);
      expect((await h.post(h.activity(ALEX, { text: 'Which models are approved?' }))).status).toBe(200);
      expect((await fetch(`${h.url}/readyz`)).status).toBe(503);

      await proxy.restore();
      await h.waitUntilReady(15_000);
      const retried = await megan.execute('intake.next', { ...envelope, ...VALID.data });
      expect(textOf(retried)).toContain('Step 3 of 6');
      expect(await h.bot.deps.intake.drafts.get(envelope.draftId)).toMatchObject({
        step: 'impact',
        version: envelope.version + 1,
        answers: { data: { dataSources: VALID.data.dataSources } },
      });
      expect((await h.say(ALEX, 'echo back again')).map((r) => r.text)).toContain('back again');
    }, 60_000);

    it('a connection lost in the middle of a transaction fails that transaction cleanly and does not crash the process', async () => {
      const work = db.transaction(async (tx) => {
        await tx.query('select 1');
        await proxy.cut('refuse');
        await new Promise((r) => setTimeout(r, 300));
        await tx.query('select 2');
      });
      await expect(work).rejects.toThrow(/not queryable|Connection terminated/);
      expect(isConnectionError(await work.catch((err: unknown) => err))).toBe(true);
      await proxy.restore();
      await h.waitUntilReady(15_000);
      expect(await db.query('select 1 as ok')).toEqual([{ ok: 1 }]);
    }, 30_000);

    it('when connections hang (a network black hole), every turn fails within the connect timeout with the same retryable answer, even with the pool exhausted', async () => {
      await proxy.cut('black-hole');
      await new Promise((r) => setTimeout(r, 300));
      const people = Array.from({ length: 14 }, (_, i) => ({
        id: `29:hole-${i}`,
        aadObjectId: `hole-aad-${i}`,
        name: `Hole ${i}`,
      }));
      const started = Date.now();
      const answers = await Promise.all(people.map((p) => h.say(p, 'my submissions')));
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(answers.map((replies) => textOf(cardOf(replies[replies.length - 1])).includes(RETRY))).toEqual(
        people.map(() => true),
      );

      await proxy.restore();
      await h.waitUntilReady(15_000);
      expect((await h.say(ALEX, 'echo back')).map((r) => r.text)).toContain('back');
    }, 60_000);
  },
);

describe('a database failure between an intake change and its hand-off to review', () => {
  let db: FailingDatabase;
  let h: BotHarness;

  beforeAll(async () => {
    db = failingDatabase(await openDatabase({ dataDir: 'memory://' }));
    h = await BotHarness.start({ db });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await db?.close();
  });

  it('routes, exactly once, a submission whose hand-off to review failed (the review worker sweeps stranded submissions)', async () => {
    const megan = new WizardDriver(h, MEGAN);
    const review = await megan.toReview();
    db.failNext(/insert into reviews/);
    const first = await megan.press(review, 'intake.submit');
    expect(db.fired).toBe(1);
    const code = /UC-\d{4}/.exec(textOf(first))![0];
    const stored = (await h.bot.deps.intake.useCases.getByCode(code))!;
    expect(stored.status).toBe('submitted');
    expect(await h.bot.deps.review.reviews.getByUseCase(stored.id)).toBeUndefined();

    const again = await megan.press(review, 'intake.submit');
    expect(textOf(again)).toContain('nothing was submitted twice');
    expect(await h.bot.deps.review.routeStranded(new Date())).toBe(0);

    const later = new Date(Date.now() + 5 * 60_000);
    await Promise.all([h.bot.deps.review.routeStranded(later), h.bot.deps.review.routeStranded(later)]);
    expect(await h.bot.deps.review.reviews.getByUseCase(stored.id)).toMatchObject({
      useCaseCode: code,
      status: 'in-review',
    });
    expect((await h.bot.deps.intake.useCases.getByCode(code))!.status).toBe('in-review');
    expect(await h.bot.deps.review.routeStranded(later)).toBe(0);
    const routed = (await h.bot.deps.audit.list({ subjectType: 'use-case', subjectId: code })).filter(
      (e) => e.action === 'review.routed',
    );
    expect(routed).toHaveLength(1);
  }, 60_000);

  it('does not let a decision flip a withdrawn use case whose review was not closed yet', async () => {
    const submitter = { id: '29:wendy', aadObjectId: '10000000-0000-0000-0000-000000000077', name: 'Wendy Withdraw' };
    const wendy = new WizardDriver(h, submitter);
    const code = /UC-\d{4}/.exec(textOf(await wendy.press(await wendy.toReview(), 'intake.submit')))![0];
    const uc = (await h.bot.deps.intake.useCases.getByCode(code))!;
    const review = (await h.bot.deps.review.reviews.getByUseCase(uc.id))!;
    const firedBefore = db.fired;
    db.failNext(/from reviews where use_case_id = \$1 for update/);
    const withdrawn = await wendy.press(await wendy.execute('intake.view', { useCaseId: uc.id }), 'intake.withdraw', {
      reason: 'Budget cut',
    });
    expect(textOf(withdrawn)).toContain(`${code} is withdrawn`);
    expect(db.fired).toBe(firedBefore + 1);

    const click = await h.execute(ALEX, 'review.approve', { reviewId: review.id, version: review.version });
    expect(JSON.stringify(click.body)).not.toContain('Your decision was recorded.');
    expect((await h.bot.deps.intake.useCases.getByCode(code))!.status).toBe('withdrawn');
    expect(
      (await h.bot.deps.audit.list({ subjectType: 'use-case', subjectId: code })).filter(
        (e) => e.action === 'review.decided',
      ),
    ).toEqual([]);
  }, 60_000);
});
