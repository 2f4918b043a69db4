import { format } from 'node:util';
import type { LogFields, Logger, LogLevel } from './logger';

type ConsoleMethod = 'error' | 'warn' | 'info' | 'log' | 'debug' | 'trace';

const LEVEL_OF: Record<ConsoleMethod, LogLevel> = {
  error: 'error',
  warn: 'warn',
  info: 'info',
  log: 'info',
  debug: 'debug',
  trace: 'debug',
};

/** True for botbuilder's AuthenticationError (a refused token): an expected 401, not a failure of the bot. */
function isAuthenticationFailure(err: Error): boolean {
  return err.name === 'AuthenticationError' || (err as { statusCode?: unknown }).statusCode === 401;
}

/**
 * One console call as a log record: the text of its plain arguments as `msg`, objects as `details` (so the logger
 * redacts secret-looking keys in them), and the first Error among them as `err`.
 */
export function consoleRecord(
  method: ConsoleMethod,
  args: unknown[],
): { level: LogLevel; msg: string; fields: LogFields } {
  const err = args.find((a): a is Error => a instanceof Error);
  const rest = args.filter((a) => a !== err);
  const objects = rest.filter((a) => a !== null && typeof a === 'object');
  const plain = rest.filter((a) => a === null || typeof a !== 'object');
  const text = plain.length ? format(...plain) : '';
  if (err && isAuthenticationFailure(err)) {
    return {
      level: 'warn',
      msg: 'request refused: not authenticated',
      fields: { source: 'console', reason: err.message.slice(0, 300) },
    };
  }
  const msg = (text || err?.message || (objects.length ? 'console output' : '(empty console message)')).slice(0, 2000);
  // Node prints its own process warnings (deprecations, experimental features) through console.error.
  const level = msg.startsWith('(node:') ? 'warn' : LEVEL_OF[method];
  return {
    level,
    msg,
    fields: { source: 'console', ...(objects.length ? { details: objects } : {}), ...(err ? { err } : {}) },
  };
}

/**
 * Libraries (botbuilder prints every refused request with console.error, teams-ai warns with console.warn) write
 * multi-line text to the console; this sends every console call through `logger` instead, so each line of the
 * process's output is one JSON object. Returns a function that restores the original console.
 */
export function routeConsoleToLogger(logger: Logger): () => void {
  const methods: ConsoleMethod[] = ['error', 'warn', 'info', 'log', 'debug', 'trace'];
  const original = new Map(methods.map((m) => [m, console[m]] as const));
  for (const method of methods) {
    console[method] = (...args: unknown[]) => {
      const record = consoleRecord(method, args);
      logger[record.level](record.msg, record.fields);
    };
  }
  return () => {
    for (const [method, fn] of original) console[method] = fn;
  };
}
