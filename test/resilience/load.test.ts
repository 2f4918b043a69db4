import { POSTGRES_URL } from '../support/test-database';
import { type ChildDatabase, pgliteChildDatabase, postgresChildDatabase } from './support/child-database';
import { describeLoadResult, type LoadScenarioResult, runLoadScenario } from './support/load-scenario';

/** Memory a bounded run may add to the bot process after warm-up; a leak of a few KB per turn shows well above it. */
const MAX_RSS_GROWTH_BYTES = 200 * 2 ** 20;

describe(`load: 16 concurrent conversations for 15 s against a bot process (${POSTGRES_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let database: ChildDatabase;
  let result: LoadScenarioResult;

  beforeAll(async () => {
    database = POSTGRES_URL ? await postgresChildDatabase(POSTGRES_URL) : pgliteChildDatabase();
    result = await runLoadScenario({
      database,
      conversations: 16,
      durationMs: 15_000,
      warmupMs: 3_000,
      seed: 20261122,
    });
    process.stdout.write(`${describeLoadResult(result)}\n`);
  }, 150_000);
  afterAll(async () => database?.drop());

  it('mixes questions, wizard steps, submissions and decisions', () => {
    const kinds = result.report.turnsByKind;
    expect(kinds.question).toBeGreaterThan(10);
    expect(kinds['wizard-step']).toBeGreaterThan(30);
    expect(result.report.submissions.length).toBeGreaterThan(3);
    expect(result.report.decisions.length).toBeGreaterThan(2);
  });

  it('answers every request, never with a 5xx or an error card, and always as a person would expect', () => {
    expect({
      serverErrors: result.report.serverErrors,
      networkErrors: result.report.networkErrors,
      errorCards: result.report.errorCards,
    }).toEqual({ serverErrors: 0, networkErrors: 0, errorCards: 0 });
    expect(result.report.statuses).toEqual({ 200: result.report.turns });
    expect(result.report.anomalies).toEqual([]);
  });

  it('loses no acknowledged write: every submission and decision is in the database, once', () => {
    expect(result.problems).toEqual([]);
  });

  it('keeps the bot process memory bounded', () => {
    expect(result.rssEndBytes - result.rssWarmBytes).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  });
});
