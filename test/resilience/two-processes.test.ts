import type { Database } from '../../src/store/database';
import { ALEX } from '../support/bot-harness';
import { ConnectorStub } from '../support/connector-stub';
import { POSTGRES_URL, describeWithPostgres } from '../support/test-database';
import { type BotProcess, startBotProcess } from './support/bot-process';
import { type ChildDatabase, postgresChildDatabase } from './support/child-database';
import { walkWizardToReview } from './support/load-run';
import { ChatClient, ReplyTap, actionData, chatOf, syntheticPerson } from './support/teams-traffic';

/** Two separate bot processes (as behind a load balancer) on one PostgreSQL database, racing the same review. */
describeWithPostgres('two bot processes on one PostgreSQL database', () => {
  const run = `two${Date.now().toString(36)}`;
  let database: ChildDatabase;
  let db: Database;
  let stub: ConnectorStub;
  let tap: ReplyTap;
  let first: BotProcess;
  let second: BotProcess;

  beforeAll(async () => {
    database = await postgresChildDatabase(POSTGRES_URL!);
    stub = await new ConnectorStub().start();
    tap = new ReplyTap().attach(stub);
    [first, second] = await Promise.all([startBotProcess(database.env), startBotProcess(database.env)]);
    db = await database.open();
  }, 90_000);
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await db?.close();
    await stub?.stop();
    await database?.drop();
  });

  it('a wizard driven through both processes ends as one use case, and racing approvals on both record exactly one decision', async () => {
    const person = syntheticPerson(run, 1);
    const viaFirst = new ChatClient(() => first.url, stub.url, tap, person);
    const viaSecond = new ChatClient(() => second.url, stub.url, tap, person);
    const review = await walkWizardToReview(viaFirst, 'two-processes');
    const mark = tap.mark(chatOf(person));
    const submits = await Promise.all([
      viaFirst.act('intake.submit', actionData(review, 'intake.submit')),
      viaSecond.act('intake.submit', actionData(review, 'intake.submit')),
    ]);
    expect(submits.map((s) => s.result.status)).toEqual([200, 200]);
    const code = /UC-\d{4}/.exec(JSON.stringify(submits[0].card))![0];
    expect(
      await db.query('select count(*)::int as n from use_cases where submitter_id = $1', [person.aadObjectId]),
    ).toEqual([{ n: 1 }]);
    const reviewId = tap.reviewIdFor(person, mark, code)!;
    expect(reviewId).toBeDefined();

    const clicks = await Promise.all([
      viaFirst.act('review.approve', { reviewId, version: 1 }, ALEX),
      viaSecond.act('review.approve', { reviewId, version: 1 }, ALEX),
    ]);
    expect(clicks.map((c) => c.result.status)).toEqual([200, 200]);
    const decided = await db.query<{ n: number }>(
      `select count(*)::int as n from audit_events where subject_id = $1 and action = 'review.decided'`,
      [code],
    );
    expect(decided).toEqual([{ n: 1 }]);
    expect(await db.query('select status, version from reviews where id = $1', [reviewId])).toEqual([
      { status: 'approved', version: 2 },
    ]);
    expect(
      await db.query('select count(*)::int as n from audit_events where subject_id = $1 and action = $2', [
        code,
        'review.routed',
      ]),
    ).toEqual([{ n: 1 }]);
  }, 90_000);
});
