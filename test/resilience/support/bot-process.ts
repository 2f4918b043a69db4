import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** The project root: the nearest folder above this file with a package.json (works from sources and from dist/). */
export const PROJECT_ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}.`);
    dir = up;
  }
  return dir;
}

/**
 * How to start the real entry point: the built `dist/src/index.js` when this helper runs compiled (npm run test:load),
 * the TypeScript sources through swc when it runs under jest, so tests never exercise a stale build.
 */
function entryArgs(): string[] {
  if (__filename.endsWith('.js')) return [path.join(PROJECT_ROOT, 'dist/src/index.js')];
  return ['-r', path.join(PROJECT_ROOT, 'test/support/register-swc.js'), path.join(PROJECT_ROOT, 'src/index.ts')];
}

/** A free TCP port on 127.0.0.1 (the bot child is told to listen on it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A bot running as a child process (`node` on the real entry point), with its log lines kept for assertions. */
export interface BotProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  readyMs: number;
  /** Log lines (stdout and stderr) the child wrote, newest last; at most the last 2,000. */
  logs: string[];
  /** Resolves with the exit code (or signal name) once the child has exited. */
  exited: Promise<number | string>;
  /** Resident memory of the child in bytes, from `ps`. */
  rss(): number;
  /** SIGKILL: the process dies at once, mid-turn, with no shutdown code running. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown (in-flight turns finish, the database is closed). */
  stop(): Promise<void>;
}

/**
 * Starts the bot as a child process with `env` (on top of this process's environment, with DATABASE_URL cleared unless
 * given) and resolves once /readyz answers 200.
 */
export async function startBotProcess(
  env: Record<string, string>,
  options: { readyTimeoutMs?: number } = {},
): Promise<BotProcess> {
  // The free port can be taken by another test's server before the child binds it: then start again on another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(env, options);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof PortTakenError)) throw err;
    }
  }
}

/** The child could not listen: another process took the port between `freePort` and the child's bind. */
class PortTakenError extends Error {}

async function startOnFreePort(env: Record<string, string>, options: { readyTimeoutMs?: number }): Promise<BotProcess> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, entryArgs(), {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(line);
    if (logs.length > 2000) logs.splice(0, logs.length - 2000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = started + (options.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const message = `The bot exited during start-up (${child.exitCode ?? child.signalCode}):\n${logs.slice(-20).join('\n')}`;
      throw logs.some((l) => l.includes('EADDRINUSE')) ? new PortTakenError(message) : new Error(message);
    }
    try {
      // Only the bot's own readiness answer counts: another test's stub that took the port answers too.
      const res = await fetch(`${url}/readyz`);
      if (res.ok && ((await res.json().catch(() => ({}))) as { status?: string }).status === 'ready') break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `The bot was not ready within ${options.readyTimeoutMs ?? 90_000} ms:\n${logs.slice(-20).join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    child,
    pid: child.pid!,
    url,
    readyMs: Date.now() - started,
    logs,
    exited,
    rss: () => Number(execFileSync('ps', ['-o', 'rss=', '-p', String(child.pid)], { encoding: 'utf8' }).trim()) * 1024,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}
