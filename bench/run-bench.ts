import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { machineLine, markdownTable, startBotProcess, writeResult } from './bench-kit';
import { benchTurns } from './turn-bench';

/** `npm run bench`: turn latency/throughput, start-up time, then the retrieval and broadcast benchmarks. */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  process.stdout.write(`CoE Assistant benchmark — ${machineLine()}\n\n`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coe-startup-'));
  const first = await startBotProcess({ COE_DATA_DIR: dataDir, DATABASE_URL: '', PORT: '3992' });
  await first.stop();
  const warm = await startBotProcess({ COE_DATA_DIR: dataDir, DATABASE_URL: '', PORT: '3992' });
  await warm.stop();
  const startup = markdownTable(
    ['start-up to /readyz (shipped playbooks)', 'ms'],
    [
      ['first run (empty database, index built)', first.readyMs],
      ['warm restart (index unchanged)', warm.readyMs],
    ],
  );
  process.stdout.write(`## Start-up\n\n${startup}\n\n`);

  const turns = await benchTurns({ durationMs: quick ? 1500 : 4000, concurrencies: quick ? [1, 8] : [1, 8, 32] });
  process.stdout.write(`## Turns through /api/messages (bot process + local connector stub)\n\n${turns.table}\n\n`);
  const file = writeResult('bench', {
    startup: { firstMs: first.readyMs, warmMs: warm.readyMs },
    turns: turns.results,
  });
  process.stdout.write(`Results written to ${path.relative(process.cwd(), file)}\n\n`);

  process.stdout.write('## Intent routing (embedded classifier, per message)\n\n');
  runChild('intent-bench.js', []);
  process.stdout.write('\n## Retrieval (synthetic corpus)\n\n');
  runChild('retrieval-bench.js', quick ? ['--sizes', '1000,10000'] : []);
  process.stdout.write('\n## Broadcast (announcement delivery against a rate-limiting connector stub)\n\n');
  runChild('broadcast-bench.js', ['--recipients', quick ? '500' : '3000', '--skip-crash']);
  process.stdout.write(
    '\nThe full broadcast run (10,000 recipients, then a SIGKILL mid-run) is `npm run bench:broadcast`.\n',
  );
}

/** Runs one of the other benchmarks in its own process, so its memory figures are its own. */
function runChild(script: string, args: string[]): void {
  const res = spawnSync(process.execPath, [path.join(__dirname, script), ...args], { stdio: 'inherit' });
  if (res.status !== 0) process.stdout.write(`(${script} exited with code ${res.status}; see its output above)\n`);
}

main().catch((err) => {
  process.stderr.write(`Benchmark failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
