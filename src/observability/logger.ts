/** Structured JSON logging with child loggers; secrets are redacted before anything is written. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY =
  /password|passphrase|^pass$|pwd|secret|token|authorization|api[-_]?key|connectionstring|database_?url/i;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `bindings` (for example a turn id) to every line. */
  child(bindings: LogFields): Logger;
}

export type LogSink = (line: string) => void;

/** Replaces values of secret-looking keys and turns errors into plain objects. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack?.split('\n').slice(0, 6).join('\n') };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) && v !== undefined && v !== '' ? '[redacted]' : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** Creates a logger writing one JSON object per line to `sink` (stdout by default). */
export function createLogger(options: { level?: LogLevel; sink?: LogSink; bindings?: LogFields } = {}): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const sink: LogSink = options.sink ?? ((line) => process.stdout.write(line + '\n'));
  const bindings = options.bindings ?? {};
  const write = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (LEVELS[level] < min) return;
    const record = {
      time: new Date().toISOString(),
      level,
      msg,
      ...bindings,
      ...(fields ? (redact(fields) as LogFields) : {}),
    };
    sink(JSON.stringify(record));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (more) =>
      createLogger({ level: options.level, sink, bindings: { ...bindings, ...(redact(more) as LogFields) } }),
  };
}

/** A logger that drops everything: for tests and command-line tools that print their own output. */
export const silentLogger: Logger = createLogger({ sink: () => undefined, level: 'error' });
