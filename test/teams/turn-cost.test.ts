import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { ALEX, BotHarness } from '../support/bot-harness';

/** Counts the statements a turn sends to the database: the embedded default must keep the hot path off the database. */
describe('database work per turn (embedded database)', () => {
  let h: BotHarness;
  /** Statements of the background workers (announcement delivery, review timers and outbox), which may poll during a turn. */
  const BACKGROUND = /announcement|review_timers|outbox|from use_cases u /;
  const statements: string[] = [];
  beforeAll(async () => {
    const db: Database = await openDatabase({ dataDir: 'memory://' });
    const query = db.query.bind(db);
    db.query = (async (sql: string, params?: unknown[]) => {
      const text = sql.replace(/\s+/g, ' ');
      if (!BACKGROUND.test(text)) statements.push(text.slice(0, 80));
      return query(sql, params as never);
    }) as Database['query'];
    h = await BotHarness.start({ db });
    await h.say(ALEX, 'echo warm-up');
    await h.say(ALEX, 'Which models are approved?');
    await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await h.stop();
  });

  it('an echo turn in a known conversation reads and writes nothing', async () => {
    statements.length = 0;
    await h.say(ALEX, 'echo ping');
    expect(statements).toEqual([]);
  });

  it('a knowledge question turn does no database work itself; its answer is logged in the next batch', async () => {
    statements.length = 0;
    await h.say(ALEX, 'How long does a privacy review take?');
    const duringTurn = statements.filter((s) => !/knowledge_documents|select max|count\(\*\)/.test(s));
    expect(duringTurn.filter((s) => !/^insert into knowledge_answers/.test(s))).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(statements.filter((s) => /^insert into knowledge_answers/.test(s))).toHaveLength(1);
  });
});
