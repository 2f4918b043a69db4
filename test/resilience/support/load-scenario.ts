import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { percentiles } from '../../../bench/bench-kit';
import { rawOrg } from '../../review/review-fixtures';
import { ALEX } from '../../support/bot-harness';
import { ConnectorStub } from '../../support/connector-stub';
import { startBotProcess } from './bot-process';
import type { ChildDatabase } from './child-database';
import { type LoadReport, type TurnKind, runLoad, verifyLoad } from './load-run';
import { ReplyTap } from './teams-traffic';

export interface LoadScenarioOptions {
  database: ChildDatabase;
  conversations: number;
  durationMs: number;
  warmupMs: number;
  seed?: number;
}

export interface LoadScenarioResult {
  report: LoadReport;
  /** What the database shows that contradicts what the bot acknowledged (empty when nothing was lost). */
  problems: string[];
  readyMs: number;
  rssWarmBytes: number;
  rssEndBytes: number;
  /** The bot's log lines at warning level and above, written during the run. */
  logs: string[];
}

/**
 * The shipped configuration with the per-person rate limits off, as a file: sixteen simulated people working at machine
 * speed would otherwise reach the daily submission limit within seconds (the limits have their own tests).
 */
function unlimitedConfig(): string {
  const raw = rawOrg();
  raw.rateLimits = { questionsPerHour: 0, escalationsPerHour: 0, submissionsPerDay: 0 };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coe-load-config-')), 'coe.yaml');
  fs.writeFileSync(file, stringify(raw));
  return file;
}

/**
 * The load scenario of `npm run test:load` and test/resilience/load.test.ts: a bot child process on `database`, a
 * connector stub, `conversations` concurrent chats for `durationMs`, the bot's memory sampled from the end of the
 * warm-up to the end of the run, then the bot stopped and the database checked against everything it acknowledged.
 */
export async function runLoadScenario(options: LoadScenarioOptions): Promise<LoadScenarioResult> {
  const stub = await new ConnectorStub().start();
  stub.recordCalls = false;
  const tap = new ReplyTap().attach(stub);
  const run = `load${Date.now().toString(36)}`;
  const bot = await startBotProcess({ ...options.database.env, COE_CONFIG: unlimitedConfig() });
  // RSS jumps up and down with each garbage collection, so a single reading at each end can show a
  // swing of 300 MB either way. The memory at the start and at the end of the measured run is the
  // median of its first and last few readings, taken every 500 ms once the warm-up is over.
  const samples: number[] = [];
  let sampler: NodeJS.Timeout | undefined;
  let rssWarmBytes = 0;
  let rssEndBytes = 0;
  let report: LoadReport;
  try {
    samples.push(bot.rss());
    report = await runLoad({
      botUrl: bot.url,
      serviceUrl: stub.url,
      tap,
      conversations: options.conversations,
      durationMs: options.durationMs,
      run,
      approver: ALEX,
      warmupMs: options.warmupMs,
      onWarm: () => {
        samples.length = 0;
        samples.push(bot.rss());
        sampler = setInterval(() => samples.push(bot.rss()), 500);
      },
      seed: options.seed,
    });
    clearInterval(sampler);
    samples.push(bot.rss());
    const window = Math.max(1, Math.min(4, Math.floor(samples.length / 3)));
    rssWarmBytes = percentiles(samples.slice(0, window)).p50;
    rssEndBytes = percentiles(samples.slice(-window)).p50;
  } finally {
    clearInterval(sampler);
    await bot.stop();
    await stub.stop();
  }
  const db = await options.database.open();
  try {
    const problems = await verifyLoad(db, report, run, ALEX);
    return { report, problems, readyMs: bot.readyMs, rssWarmBytes, rssEndBytes, logs: bot.logs };
  } finally {
    await db.close();
  }
}

/** A readable summary: turns, latency per kind, HTTP statuses, memory and what was verified. */
export function describeLoadResult(result: LoadScenarioResult): string {
  const r = result.report;
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  const rows = (Object.keys(r.turnsByKind) as TurnKind[])
    .filter((k) => r.turnsByKind[k] > 0)
    .map((k) => {
      const p = percentiles(r.latencyMs[k]);
      return `  ${k.padEnd(13)} ${String(r.turnsByKind[k]).padStart(6)} turns   p50 ${p.p50.toFixed(0).padStart(5)} ms   p95 ${p.p95.toFixed(0).padStart(5)} ms`;
    });
  return [
    `load: ${r.turns} turns in ${(r.elapsedMs / 1000).toFixed(1)} s (${(r.turns / (r.elapsedMs / 1000)).toFixed(1)} turns/s), bot ready in ${result.readyMs} ms`,
    ...rows,
    `  HTTP statuses ${JSON.stringify(r.statuses)}; 5xx ${r.serverErrors}; no answer ${r.networkErrors}; error cards ${r.errorCards}`,
    `  acknowledged: ${r.submissions.length} submissions, ${r.decisions.length} decisions; lost or wrong in the database: ${result.problems.length}`,
    `  bot memory (RSS): ${mb(result.rssWarmBytes)} after warm-up, ${mb(result.rssEndBytes)} at the end (${result.rssEndBytes >= result.rssWarmBytes ? '+' : ''}${mb(result.rssEndBytes - result.rssWarmBytes)})`,
    ...r.anomalies.slice(0, 10).map((a) => `  anomaly: ${a}`),
    ...result.problems.slice(0, 10).map((p) => `  problem: ${p}`),
  ].join('\n');
}
