import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export interface LocalStack {
  botUrl: string;
  playgroundUrl: string;
  bot: ChildProcess;
  playground: ChildProcess;
  stop(): Promise<void>;
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () =>
        reject(new Error(`${what} did not start within ${timeoutMs / 1000} s. Last output:\n${buffer.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = buffer.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with code ${code} before it was ready. Output:\n${buffer.slice(-2000)}`));
    });
  });
}

async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000} s.`);
}

/** True when something already answers at `url`. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the built bot (dist/) and the Microsoft 365 Agents Playground pointed at it. The Playground's
 * standard input is kept open for its whole life, because it exits when stdin closes.
 */
export async function startLocalStack(
  options: { botPort?: number; playgroundPort?: number; env?: Record<string, string>; inheritOutput?: boolean } = {},
): Promise<LocalStack> {
  const botPort = options.botPort ?? 3978;
  const playgroundPort = options.playgroundPort ?? 56150;
  const dataDir = options.env?.COE_DATA_DIR ?? path.join(ROOT, '.data');
  fs.mkdirSync(dataDir, { recursive: true });
  const botUrl = `http://127.0.0.1:${botPort}`;
  if (await answers(`${botUrl}/readyz`)) {
    throw new Error(
      `Port ${botPort} is already in use (another bot may still be running): stop it, or choose another port.`,
    );
  }
  const bot = spawn(process.execPath, [path.join(ROOT, 'dist/src/index.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(botPort), ...options.env },
    stdio: ['ignore', options.inheritOutput ? 'inherit' : 'pipe', options.inheritOutput ? 'inherit' : 'pipe'],
  });
  if (!options.inheritOutput) {
    const log = fs.createWriteStream(path.join(dataDir, 'bot.log'));
    bot.stdout?.pipe(log);
    bot.stderr?.pipe(log);
  }
  try {
    await waitForReady(`${botUrl}/readyz`, 60_000);
  } catch (err) {
    await stopChild(bot);
    throw err;
  }
  const cli = path.join(ROOT, 'node_modules/@microsoft/m365agentsplayground/cli.js');
  const playground = spawn(
    process.execPath,
    [
      cli,
      'start',
      '--app-endpoint',
      `${botUrl}/api/messages`,
      '--channel-id',
      'msteams',
      '--port',
      String(playgroundPort),
      '--disable-telemetry',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dataDir, 'playground.log'),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let port: string;
  try {
    [, port] = await waitForLine(playground, /Listening on (\d+)/, 60_000, 'The Agents Playground');
  } catch (err) {
    await stopChild(bot);
    await stopChild(playground);
    throw err;
  }
  return {
    botUrl,
    playgroundUrl: `http://localhost:${port}`,
    bot,
    playground,
    async stop() {
      await Promise.all([stopChild(playground), stopChild(bot)]);
    },
  };
}
