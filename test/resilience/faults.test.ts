import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { Database } from '../../src/store/database';
import { ALEX } from '../support/bot-harness';
import { ConnectorStub, type RecordedCall } from '../support/connector-stub';
import { POSTGRES_URL, describeWithPostgres } from '../support/test-database';
import { rawOrg } from '../review/review-fixtures';
import { type BotProcess, startBotProcess } from './support/bot-process';
import { type ChildDatabase, pgliteChildDatabase, postgresChildDatabase } from './support/child-database';
import { eventually } from './support/eventually';
import { stepAnswers, walkWizardToReview } from './support/load-run';
import {
  ChatClient,
  type Person,
  ReplyTap,
  actionData,
  cardIn,
  cardText,
  chatOf,
  postJson,
  syntheticPerson,
} from './support/teams-traffic';

const API_TOKEN = 'resilience-test-token-0123456789';

/** The shipped configuration with fast announcement leases (a crashed sender's jobs are retaken after 5 s), as a file. */
function fastLeaseConfig(): string {
  const raw = rawOrg();
  raw.announcements = { ...raw.announcements, leaseSeconds: 5, messagesPerSecond: 20, statusUpdateSeconds: 1 };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coe-resilience-config-')), 'coe.yaml');
  fs.writeFileSync(file, stringify(raw));
  return file;
}

const lastCard = (replies: Array<Record<string, unknown>>) => cardIn(replies[replies.length - 1]);

describeWithPostgres(
  'crash: the bot process is SIGKILLed mid-turn and restarted on the same PostgreSQL database',
  () => {
    const run = `crash${Date.now().toString(36)}`;
    let database: ChildDatabase;
    let db: Database;
    let stub: ConnectorStub;
    let tap: ReplyTap;
    let bot: BotProcess;
    let configPath: string;

    const start = () => startBotProcess({ ...database.env, COE_CONFIG: configPath, COE_API_TOKEN: API_TOKEN });
    const chat = (person: Person) => new ChatClient(() => bot.url, stub.url, tap, person);
    const killWhen = (predicate: (call: RecordedCall) => boolean) =>
      tap.onceWhen(predicate, () => process.kill(bot.pid, 'SIGKILL'));
    const restart = async () => {
      await bot.exited;
      bot = await start();
    };
    const count = async (sql: string, params: string[]) => (await db.query<{ n: number }>(sql, params))[0].n;

    beforeAll(async () => {
      database = await postgresChildDatabase(POSTGRES_URL!);
      configPath = fastLeaseConfig();
      stub = await new ConnectorStub().start();
      tap = new ReplyTap().attach(stub);
      bot = await start();
      db = await database.open();
      expect((await chat(ALEX).say('hello')).result.status).toBe(200);
    }, 60_000);
    afterAll(async () => {
      await bot?.kill();
      await db?.close();
      await stub?.stop();
      await database?.drop();
      if (configPath) fs.rmSync(path.dirname(configPath), { recursive: true, force: true });
    });

    it('keeps a wizard step saved just before the crash, and the retried click changes nothing more', async () => {
      const person = syntheticPerson(run, 1);
      const alice = chat(person);
      const first = lastCard((await alice.say('submit a use case')).replies);
      const atData = (
        await alice.act('intake.next', {
          ...actionData(first, 'intake.next'),
          ...stepAnswers('basics', 'wizard', person),
        })
      ).card;
      const envelope = actionData(atData, 'intake.next');
      expect(envelope).toMatchObject({ step: 'data' });
      const answers = stepAnswers('data', 'wizard', person, 'personal');

      killWhen((c) => c.conversationId === chatOf(person) && c.body.type === 'message');
      const crashed = await alice.say('', { text: undefined, value: { verb: 'intake.next', ...envelope, ...answers } });
      expect(crashed.result.status).toBe(0);
      await restart();

      const draftRow = async () =>
        (
          await db.query<{ step: string; version: number; answers: any }>(
            'select step, version, answers from use_case_drafts where id = $1',
            [envelope.draftId],
          )
        )[0];
      expect(await draftRow()).toMatchObject({
        step: 'impact',
        version: envelope.version + 1,
        answers: { data: { personalData: 'personal', dataSources: answers.dataSources } },
      });

      const retried = (await alice.act('intake.next', { ...envelope, ...answers })).card;
      expect(JSON.stringify(retried)).toContain('Nothing was changed; here is your draft as it is now.');
      expect(actionData(retried, 'intake.next')).toMatchObject({ step: 'impact', version: envelope.version + 1 });
      expect((await draftRow()).version).toBe(envelope.version + 1);

      let card = retried;
      for (const step of ['impact', 'solution', 'value'])
        card = (
          await alice.act('intake.next', { ...actionData(card, 'intake.next'), ...stepAnswers(step, 'wizard', person) })
        ).card;
      const submitted = (await alice.act('intake.submit', actionData(card, 'intake.submit'))).card;
      expect(JSON.stringify(submitted)).toMatch(/UC-\d{4} submitted/);
      expect(
        await count('select count(*)::int as n from use_cases where submitter_id = $1', [person.aadObjectId]),
      ).toBe(1);
    }, 60_000);

    it('keeps a submission committed just before the crash: the retried Submit creates nothing twice and the review is routed once', async () => {
      const person = syntheticPerson(run, 2);
      const bob = chat(person);
      const review = await walkWizardToReview(bob, 'submit-crash');
      const submit = actionData(review, 'intake.submit');

      killWhen((c) => c.body.type === 'message' && cardText(c.body).includes('review.refresh'));
      expect((await bob.act('intake.submit', submit)).result.status).toBe(0);
      await restart();

      const retried = (await bob.act('intake.submit', submit)).card;
      const code = /UC-\d{4}/.exec(JSON.stringify(retried))![0];
      expect(JSON.stringify(retried)).toContain('nothing was submitted twice');
      const stored = await db.query<{ code: string; status: string }>(
        'select code, status from use_cases where submitter_id = $1',
        [person.aadObjectId],
      );
      expect(stored).toEqual([{ code, status: 'in-review' }]);
      expect(await count(`select count(*)::int as n from reviews where use_case_code = $1`, [code])).toBe(1);
      const actions = await db.query<{ action: string }>(
        `select action from audit_events where subject_id = $1 and action in ('submitted', 'review.routed') order by id`,
        [code],
      );
      expect(actions.map((a) => a.action)).toEqual(['submitted', 'review.routed']);
    }, 60_000);

    it('keeps a decision committed just before the crash: the retried click after restart is a no-op with one audited decision', async () => {
      const person = syntheticPerson(run, 3);
      const carol = chat(person);
      const mark = tap.mark(chatOf(person));
      const submitted = (
        await carol.act('intake.submit', actionData(await walkWizardToReview(carol, 'decision-crash'), 'intake.submit'))
      ).card;
      const code = /UC-\d{4}/.exec(JSON.stringify(submitted))![0];
      const reviewId = tap.reviewIdFor(person, mark, code)!;

      killWhen(
        (c) =>
          c.conversationId === chatOf(person) &&
          c.body.type === 'message' &&
          cardText(c.body).includes(`${code} is approved`),
      );
      expect((await carol.act('review.approve', { reviewId, version: 1 }, ALEX)).result.status).toBe(0);
      await restart();

      const decided = async () =>
        count(`select count(*)::int as n from audit_events where subject_id = $1 and action = 'review.decided'`, [
          code,
        ]);
      expect(await decided()).toBe(1);
      const retried = (await carol.act('review.approve', { reviewId, version: 1 }, ALEX)).card;
      expect(JSON.stringify(retried)).toContain('Your decision was already recorded');
      expect(await decided()).toBe(1);
      expect(await db.query('select status, version from reviews where id = $1', [reviewId])).toEqual([
        { status: 'approved', version: 2 },
      ]);
      expect(await db.query('select status from use_cases where code = $1', [code])).toEqual([{ status: 'approved' }]);
    }, 60_000);

    it('finishes a broadcast interrupted by the crash: everyone gets it, twice only where the send was in doubt', async () => {
      const people = Array.from({ length: 24 }, (_, i) => syntheticPerson(run, 100 + i));
      for (const p of people) expect((await chat(p).say('hello')).result.status).toBe(200);
      const title = `Crash broadcast ${run}`;
      const deliveries = () =>
        stub.calls.filter(
          (c) => c.method === 'POST' && !('_rejectedWith' in c.body) && cardText(c.body).includes(title),
        );
      let seen = 0;
      killWhen((c) => cardText(c.body).includes(title) && ++seen === 8);

      const created = await postJson(
        `${bot.url}/api/announcements`,
        { title, body: 'Sent while the bot crashes.', category: 'events', audience: { kind: 'personal-installs' } },
        { authorization: `Bearer ${API_TOKEN}` },
      );
      expect(created.status).toBe(202);
      const { id, recipients } = created.body as { id: number; recipients: number };
      expect(recipients).toBeGreaterThanOrEqual(people.length);
      await bot.exited;
      expect(deliveries().length).toBeLessThan(recipients);
      await restart();

      await eventually(
        async () =>
          (await db.query<{ status: string }>('select status from announcements where id = $1', [id]))[0].status ===
          'completed',
        30_000,
        'the broadcast to complete',
      );
      const perChat = new Map<string, number>();
      for (const c of deliveries()) perChat.set(c.conversationId!, (perChat.get(c.conversationId!) ?? 0) + 1);
      const rows = await db.query<{ conversation_id: string; status: string; in_doubt: boolean }>(
        'select conversation_id, status, in_doubt from announcement_deliveries where announcement_id = $1',
        [id],
      );
      expect(rows).toHaveLength(recipients);
      expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
      expect(rows.filter((r) => !perChat.get(r.conversation_id))).toEqual([]);
      const twice = rows.filter((r) => (perChat.get(r.conversation_id) ?? 0) > 1);
      expect(twice.filter((r) => !r.in_doubt)).toEqual([]);
      expect([...perChat.values()].every((n) => n <= 2)).toBe(true);
      const audit = await db.query<{ action: string }>(
        `select action from audit_events where subject_type = 'announcement' and subject_id = $1 order by id`,
        [String(id)],
      );
      expect(audit.map((a) => a.action)).toEqual(['draft-created', 'send-started', 'completed']);
    }, 60_000);
  },
);

describe('crash on embedded PGlite: the bot is SIGKILLed mid-decision and restarted on the same data folder', () => {
  it('keeps the acknowledged submission and the committed decision, and the retried click is a no-op', async () => {
    const database = pgliteChildDatabase();
    const stub = await new ConnectorStub().start();
    const tap = new ReplyTap().attach(stub);
    let bot = await startBotProcess(database.env);
    let db: Database | undefined;
    try {
      const person = syntheticPerson(`pglite${Date.now().toString(36)}`, 1);
      const client = new ChatClient(() => bot.url, stub.url, tap, person);
      const mark = tap.mark(chatOf(person));
      const submitted = (
        await client.act('intake.submit', actionData(await walkWizardToReview(client, 'pglite-crash'), 'intake.submit'))
      ).card;
      const code = /UC-\d{4}/.exec(JSON.stringify(submitted))![0];
      const reviewId = tap.reviewIdFor(person, mark, code)!;

      tap.onceWhen(
        (c) => c.conversationId === chatOf(person) && cardText(c.body).includes(`${code} is approved`),
        () => process.kill(bot.pid, 'SIGKILL'),
      );
      expect((await client.act('review.approve', { reviewId, version: 1 }, ALEX)).result.status).toBe(0);
      await bot.exited;
      bot = await startBotProcess(database.env);
      const retried = (await client.act('review.approve', { reviewId, version: 1 }, ALEX)).card;
      expect(JSON.stringify(retried)).toContain('Your decision was already recorded');
      await bot.stop();

      db = await database.open();
      expect(
        await db.query('select code, status from use_cases where submitter_id = $1', [person.aadObjectId]),
      ).toEqual([{ code, status: 'approved' }]);
      expect(
        await db.query(
          `select count(*)::int as n from audit_events where subject_id = $1 and action = 'review.decided'`,
          [code],
        ),
      ).toEqual([{ n: 1 }]);
    } finally {
      await bot.kill();
      await db?.close();
      await stub.stop();
      await database.drop();
    }
  }, 150_000);
});
