import { ALEX } from '../support/bot-harness';
import { ConnectorStub } from '../support/connector-stub';
import { POSTGRES_URL } from '../support/test-database';
import { type BotProcess, startBotProcess } from './support/bot-process';
import { type ChildDatabase, pgliteChildDatabase, postgresChildDatabase } from './support/child-database';
import { walkWizardToReview } from './support/load-run';
import { SlowConnector } from './support/slow-connector';
import { ChatClient, type Person, ReplyTap, actionData, chatOf, syntheticPerson } from './support/teams-traffic';

/**
 * The longest a turn may take while the connector fails: the SDK retries a 503 three times with backoff (about
 * 10 s per send here), and Teams abandons a turn after 15 s.
 */
const TURN_LIMIT_MS = 15_000;

describe('the Bot Connector fails or is slow (bot process)', () => {
  const run = `conn${Date.now().toString(36)}`;
  let database: ChildDatabase;
  let stub: ConnectorStub;
  let tap: ReplyTap;
  let bot: BotProcess;

  const chat = (person: Person) => new ChatClient(() => bot.url, stub.url, tap, person);
  /** How often the audit trail (as an admin exports it in Teams) records `action` for use case `code`. */
  const audited = async (code: string, action: string) => {
    const { replies } = await chat(ALEX).say(`export audit ${code}`);
    return replies
      .map((r) => String(r.text ?? ''))
      .join('\n')
      .split('\n')
      .filter((line) => line.includes(`,${action},`)).length;
  };

  beforeAll(async () => {
    database = POSTGRES_URL ? await postgresChildDatabase(POSTGRES_URL) : pgliteChildDatabase();
    stub = await new ConnectorStub().start();
    tap = new ReplyTap().attach(stub);
    bot = await startBotProcess(database.env);
  }, 90_000);
  afterAll(async () => {
    await bot?.stop();
    await stub?.stop();
    await database?.drop();
  });
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
    expect(Date.now() - started).toBeLessThan(TURN_LIMIT_MS);
    expect(bot.logs.slice(logged).some((l) => l.includes('"turn failed"') && l.includes('"level":"error"'))).toBe(true);
    tap.inject = undefined;
    const { replies } = await dave.say('echo back again');
    expect(replies.map((r) => r.text)).toEqual(['back again']);
  }, 60_000);

  it('answers a card click even when the notifications it triggers get 503s, and records the decision once', async () => {
    const person = syntheticPerson(run, 5);
    const erin = chat(person);
    const mark = tap.mark(chatOf(person));
    const submitted = (
      await erin.act('intake.submit', actionData(await walkWizardToReview(erin, 'connector-503'), 'intake.submit'))
    ).card;
    const code = /UC-\d{4}/.exec(JSON.stringify(submitted))![0];
    const reviewId = tap.reviewIdFor(person, mark, code)!;
    tap.inject = () => ({ status: 503 });
    const started = Date.now();
    const { result, card } = await erin.act('review.approve', { reviewId, version: 1 }, ALEX);
    const elapsed = Date.now() - started;
    expect(result.status).toBe(200);
    expect(JSON.stringify(card)).toContain('Your decision was recorded.');
    expect(elapsed).toBeLessThan(TURN_LIMIT_MS);
    tap.inject = undefined;
    expect(await audited(code, 'review.decided')).toBe(1);
  }, 90_000);

  it("serves other chats at full speed while one chat's connector answers slowly", async () => {
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
