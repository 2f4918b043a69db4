import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

export const ROOT = path.resolve(__dirname, '../..');
export const RESULTS_DIR = path.join(ROOT, 'bench-results');

/** Latency percentiles (ms) of a sample. */
export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: s.reduce((x, y) => x + y, 0) / Math.max(1, s.length) };
}

/** One line describing this machine, printed with every result table. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** Prints rows as an aligned Markdown table. */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (r: Array<string | number>) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join(
    '\n',
  );
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** Writes a result file under bench-results/ (gitignored). */
export function writeResult(name: string, data: unknown): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({ machine: machineLine(), at: new Date().toISOString(), ...(data as object) }, null, 2),
  );
  return file;
}

/** Starts the built bot as a child process and resolves when /readyz answers 200; returns the time it took. */
/** A copy of config/coe.yaml in `dir` with every per-person rate limit off (synthetic load is not a person); returns its path. */
export function configWithoutRateLimits(dir: string): string {
  const config = parseYaml(fs.readFileSync(path.join(ROOT, 'config/coe.yaml'), 'utf8')) as Record<string, unknown>;
  config.rateLimits = { questionsPerHour: 0, escalationsPerHour: 0, submissionsPerDay: 0 };
  const file = path.join(dir, 'coe-bench.yaml');
  fs.writeFileSync(file, stringifyYaml(config));
  return file;
}

export async function startBotProcess(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; readyMs: number; stop: () => Promise<void> }> {
  const port = env.PORT ?? '3990';
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/index.js')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'error', ...env, PORT: port },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The bot exited with code ${child.exitCode} during start-up.`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > 120_000) throw new Error('The bot was not ready within 120 s.');
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = Date.now() - started;
  return {
    child,
    url,
    readyMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
