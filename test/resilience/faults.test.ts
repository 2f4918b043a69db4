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
import { type ChildDatabase, postgresChildDatabase } from './support/child-database';
import { stepAnswers, walkWizardToReview } from './support/load-run';
import { SlowConnector } from './support/slow-connector';
import { ChatClient, type Person, ReplyTap, cardIn, chatOf, executeActions, postJson, syntheticPerson } from './support/teams-traffic';

const API_TOKEN = 'resilience-test-token-0123456789';

/** The shipped configuration with fast announcement leases (a crashed sender's jobs are retaken after 5 s), as a file. */
function fastLeaseConfig(): string {
  const raw = rawOrg();
  raw.announcements = { ...raw.announcements, leaseSeconds: 5, messagesPerSecond: 20, statusUpdateSeconds: 1 };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coe-resilience-config-')), 'coe.yaml');
  fs.writeFileSync(file, stringify(raw));
  return file;
}

const actionData = (card: unknown, verb: string) => executeActions(card).find((a) => a.verb === verb)?.data;
const cardText = (message: Record<string, unknown>) => JSON.stringify(cardIn(message) ?? '');
const lastCard = (replies: Array<Record<string, unknown>>) => cardIn(replies[replies.length - 1]);

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeWithPostgres('crash: the bot process is SIGKILLed mid-turn and restarted on the same PostgreSQL database', () => {
  const run = `crash${Date.now().toString(36)}`;
  let database: ChildDatabase;
  let db: Database;
  let stub: ConnectorStub;
  let tap: ReplyTap;
  let bot: BotProcess;
  let configPath: string;

  const start = () => startBotProcess({ ...database.env, COE_CONFIG: configPath, COE_API_TOKEN: API_TOKEN });
  const chat = (person: Person) => new ChatClient(() => bot.url, stub.url, tap, person);
  /** Kills the bot the moment it sends a call matching `predicate` (the call itself is never answered). */
  const killWhen = (predicate: (call: RecordedCall) => boolean) => {
    tap.inject = (call) => {
      if (predicate(call)) {
        tap.inject = undefined;
        process.kill(bot.pid, 'SIGKILL');
      }
      return undefined;
    };
  };
  const restart = async () => {
    await bot.exited;
    bot = await start();
  };
  const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(sql, params as string[]))[0].n;

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
  });

  it('keeps a wizard step saved just before the crash, and the retried click changes nothing more', async () => {
    const person = syntheticPerson(run, 1);
    const alice = chat(person);
    const first = lastCard((await alice.say('submit a use case')).replies);
    const atData = (await alice.act('intake.next', { ...actionData(first, 'intake.next'), ...stepAnswers('basics', 'wizard', person) })).card;
    const envelope = actionData(atData, 'intake.next');
    expect(envelope).toMatchObject({ step: 'data' });
    const answers = stepAnswers('data', 'wizard', person, 'personal');

    killWhen((c) => c.conversationId === chatOf(person) && c.body.type === 'message');
    const crashed = await alice.say('', { text: undefined, value: { verb: 'intake.next', ...envelope, ...answers } });
    expect(crashed.result.status).toBe(0);
    await restart();

    const draftRow = async () => (await db.query<{ step: string; version: number; answers: any }>('select step, version, answers from use_case_drafts where id = $1', [envelope.draftId]))[0];
    expect(await draftRow()).toMatchObject({ step: 'impact', version: envelope.version + 1, answers: { data: { personalData: 'personal', dataSources: answers.dataSources } } });

    const retried = (await alice.act('intake.next', { ...envelope, ...answers })).card;
    expect(JSON.stringify(retried)).toContain('Nothing was changed; here is your draft as it is now.');
    expect(actionData(retried, 'intake.next')).toMatchObject({ step: 'impact', version: envelope.version + 1 });
    expect((await draftRow()).version).toBe(envelope.version + 1);

    let card = retried;
    for (const step of ['impact', 'solution', 'value']) card = (await alice.act('intake.next', { ...actionData(card, 'intake.next'), ...stepAnswers(step, 'wizard', person) })).card;
    const submitted = (await alice.act('intake.submit', actionData(card, 'intake.submit'))).card;
    expect(JSON.stringify(submitted)).toMatch(/UC-\d{4} submitted/);
    expect(await count('select count(*)::int as n from use_cases where submitter_id = $1', [person.aadObjectId])).toBe(1);
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
    const code = /UC-\d{4}/.exec(JSON.stringify(retried))?.[0];
    expect(JSON.stringify(retried)).toContain('nothing was submitted twice');
    const stored = await db.query<{ code: string; status: string }>('select code, status from use_cases where submitter_id = $1', [person.aadObjectId]);
    expect(stored).toEqual([{ code, status: 'in-review' }]);
    expect(await count(`select count(*)::int as n from reviews where use_case_code = $1`, [code])).toBe(1);
    const actions = await db.query<{ action: string }>(`select action from audit_events where subject_id = $1 and action in ('submitted', 'review.routed') order by id`, [code]);
    expect(actions.map((a) => a.action)).toEqual(['submitted', 'review.routed']);
  }, 60_000);

  it('keeps a decision committed just before the crash: the retried click after restart is a no-op with one audited decision', async () => {
    const person = syntheticPerson(run, 3);
    const carol = chat(person);
    const mark = tap.mark(chatOf(person));
    const submitted = (await carol.act('intake.submit', actionData(await walkWizardToReview(carol, 'decision-crash'), 'intake.submit'))).card;
    const code = /UC-\d{4}/.exec(JSON.stringify(submitted))![0];
    const statusCard = tap.since(chatOf(person), mark).map(cardIn).find((c) => JSON.stringify(c).includes(code));
    const reviewId = Number(actionData(statusCard, 'review.refresh').reviewId);

    killWhen((c) => c.conversationId === chatOf(person) && c.body.type === 'message' && cardText(c.body).includes(`${code} is approved`));
    expect((await carol.act('review.approve', { reviewId, version: 1 }, ALEX)).result.status).toBe(0);
    await restart();

    const decided = async () => count(`select count(*)::int as n from audit_events where subject_id = $1 and action = 'review.decided'`, [code]);
    expect(await decided()).toBe(1);
    const retried = (await carol.act('review.approve', { reviewId, version: 1 }, ALEX)).card;
    expect(JSON.stringify(retried)).toContain('Your decision was already recorded');
    expect(await decided()).toBe(1);
    expect(await db.query('select status, version from reviews where id = $1', [reviewId])).toEqual([{ status: 'approved', version: 2 }]);
    expect(await db.query('select status from use_cases where code = $1', [code])).toEqual([{ status: 'approved' }]);
  }, 60_000);

  it('finishes a broadcast interrupted by the crash: everyone gets it, twice only where the send was in doubt', async () => {
    const people = Array.from({ length: 24 }, (_, i) => syntheticPerson(run, 100 + i));
    for (const p of people) expect((await chat(p).say('hello')).result.status).toBe(200);
    const title = `Crash broadcast ${run}`;
    const deliveries = () => stub.calls.filter((c) => c.method === 'POST' && !('_rejectedWith' in c.body) && cardText(c.body).includes(title));
    let seen = 0;
    killWhen((c) => cardText(c.body).includes(title) && ++seen === 8);

    const created = await postJson(`${bot.url}/api/announcements`, { title, body: 'Sent while the bot crashes.', category: 'events', audience: { kind: 'personal-installs' } }, { authorization: `Bearer ${API_TOKEN}` });
    expect(created.status).toBe(202);
    const { id, recipients } = created.body as { id: number; recipients: number };
    expect(recipients).toBeGreaterThanOrEqual(people.length);
    await bot.exited;
    expect(deliveries().length).toBeLessThan(recipients);
    await restart();

    await eventually(async () => ((await db.query<{ status: string }>('select status from announcements where id = $1', [id]))[0].status === 'completed' ? true : undefined), 30_000, 'the broadcast to complete');
    const perChat = new Map<string, number>();
    for (const c of deliveries()) perChat.set(c.conversationId!, (perChat.get(c.conversationId!) ?? 0) + 1);
    const rows = await db.query<{ conversation_id: string; status: string; in_doubt: boolean }>('select conversation_id, status, in_doubt from announcement_deliveries where announcement_id = $1', [id]);
    expect(rows).toHaveLength(recipients);
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    expect(rows.filter((r) => !perChat.get(r.conversation_id))).toEqual([]);
    const twice = rows.filter((r) => (perChat.get(r.conversation_id) ?? 0) > 1);
    console.log('DEBUG broadcast', recipients, twice.length, rows.filter((r) => r.in_doubt).length, deliveries().length);
    expect(twice.filter((r) => !r.in_doubt)).toEqual([]);
    expect([...perChat.values()].every((n) => n <= 2)).toBe(true);
    const audit = await db.query<{ action: string }>(`select action from audit_events where subject_type = 'announcement' and subject_id = $1 order by id`, [String(id)]);
    expect(audit.map((a) => a.action)).toEqual(['draft-created', 'send-started', 'completed']);
  }, 60_000);

  describe('the Bot Connector fails or is slow', () => {
    afterEach(() => {
      tap.inject = undefined;
    });

    it('keeps answering (in bounded time) and logs when every send gets a 503', async () => {
      tap.inject = () => ({ status: 503 });
      const dave = chat(syntheticPerson(run, 4));
      const logged = bot.logs.length;
      const started = Date.now();
      const { result } = await dave.say('echo are you there');
      expect(result.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(bot.logs.slice(logged).some((l) => l.includes('"turn failed"') && l.includes('"level":"error"'))).toBe(true);
      tap.inject = undefined;
      const { replies } = await dave.say('echo back again');
      expect(replies.map((r) => r.text)).toEqual(['back again']);
    }, 60_000);

    it('answers a card click even when the notifications it triggers get 503s, and records the decision once', async () => {
      const person = syntheticPerson(run, 5);
      const erin = chat(person);
      const mark = tap.mark(chatOf(person));
      const submitted = (await erin.act('intake.submit', actionData(await walkWizardToReview(erin, 'connector-503'), 'intake.submit'))).card;
      const code = /UC-\d{4}/.exec(JSON.stringify(submitted))![0];
      const reviewId = Number(actionData(tap.since(chatOf(person), mark).map(cardIn).find((c) => JSON.stringify(c).includes(code)), 'review.refresh').reviewId);
      tap.inject = () => ({ status: 503 });
      const started = Date.now();
      const { result, card } = await erin.act('review.approve', { reviewId, version: 1 }, ALEX);
      const elapsed = Date.now() - started;
      console.log('DEBUG decision under 503', elapsed);
      expect(result.status).toBe(200);
      expect(JSON.stringify(card)).toContain('Your decision was recorded.');
      expect(elapsed).toBeLessThan(45_000);
      expect(await count(`select count(*)::int as n from audit_events where subject_id = $1 and action = 'review.decided'`, [code])).toBe(1);
    }, 90_000);

    it('serves other chats at full speed while one chat\'s connector answers slowly', async () => {
      const slow = await new SlowConnector(stub.url).start();
      try {
        slow.delayMs = 1500;
        const frank = new ChatClient(() => bot.url, slow.url, tap, syntheticPerson(run, 6));
        const grace = chat(syntheticPerson(run, 7));
        const slowTurn = frank.say('echo slowly');
        await new Promise((r) => setTimeout(r, 200));
        const fast = await grace.say('echo quickly');
        const slowDone = await slowTurn;
        expect(fast.result.status).toBe(200);
        expect(fast.result.ms).toBeLessThan(1000);
        expect(slowDone.result.status).toBe(200);
        expect(slowDone.result.ms).toBeGreaterThanOrEqual(1500);
        expect(slowDone.result.ms).toBeLessThan(10_000);
        expect(slow.forwarded).toBeGreaterThan(0);
      } finally {
        await slow.stop();
      }
    }, 30_000);
  });
});
