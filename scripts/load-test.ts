import { pgliteChildDatabase, postgresChildDatabase } from '../test/resilience/support/child-database';
import { describeLoadResult, runLoadScenario } from '../test/resilience/support/load-scenario';

const USAGE = `npm run test:load -- [--conversations 64] [--seconds 60] [--warmup 5] [--seed 1] [--max-growth-mb 256] [--pglite]

Runs a bot process (dist/) against a connector stub with N concurrent conversations mixing knowledge questions,
intake wizard steps through to Submit, and review decisions, then checks the database against every acknowledged
write. Uses PostgreSQL (a throw-away schema) when DATABASE_URL is set, embedded PGlite otherwise or with --pglite.
Exits 1 on any 5xx, unanswered request, error card, lost write, or memory growth above --max-growth-mb.`;

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number.\n\n${USAGE}`);
  return value;
}

/** `npm run test:load`: the load scenario with command-line sizes, a printed summary and a pass/fail exit code. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const conversations = option(args, 'conversations', 64);
  const seconds = option(args, 'seconds', 60);
  const maxGrowthMb = option(args, 'max-growth-mb', 256);
  const url = args.includes('--pglite') ? undefined : process.env.DATABASE_URL;
  const database = url ? await postgresChildDatabase(url) : pgliteChildDatabase();
  process.stdout.write(
    `Load test: ${conversations} conversations for ${seconds} s on ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}...\n`,
  );
  try {
    const result = await runLoadScenario({
      database,
      conversations,
      durationMs: seconds * 1000,
      warmupMs: option(args, 'warmup', 5) * 1000,
      seed: option(args, 'seed', 1),
    });
    process.stdout.write(`${describeLoadResult(result)}\n`);
    const r = result.report;
    const growthMb = (result.rssEndBytes - result.rssWarmBytes) / 2 ** 20;
    const failures = [
      r.serverErrors && `${r.serverErrors} answers were 5xx`,
      r.networkErrors && `${r.networkErrors} requests got no answer`,
      r.errorCards && `${r.errorCards} turns showed the error card`,
      r.anomalies.length && `${r.anomalies.length} unexpected answers`,
      result.problems.length && `${result.problems.length} acknowledged writes are missing or wrong in the database`,
      growthMb > maxGrowthMb && `memory grew by ${growthMb.toFixed(0)} MB (limit ${maxGrowthMb} MB)`,
    ].filter(Boolean);
    process.stdout.write(failures.length ? `FAILED: ${failures.join('; ')}\n` : 'PASSED\n');
    process.exitCode = failures.length ? 1 : 0;
  } finally {
    await database.drop();
  }
}

main().catch((err) => {
  process.stderr.write(`Load test failed to run: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
