import { ConfigError } from './config/config-error';
import { loadEnv } from './config/env';
import { loadOrgConfig } from './org-settings';
import { allowedTenant } from './config/tenant-policy';
import { routeConsoleToLogger } from './observability/console-to-logger';
import { createLogger } from './observability/logger';
import { startBot } from './bootstrap';

const bindings = { service: 'coe-assistant', pid: process.pid };
/** Start-up failures go to stderr, still as one JSON line each. */
const startupLogger = () => createLogger({ bindings, sink: (line) => process.stderr.write(line + '\n') });

/**
 * Process entry point: validates configuration, starts the bot and shuts down gracefully on SIGTERM/SIGINT.
 * Every line the process writes is one JSON object, including what libraries print to the console.
 */
async function main(): Promise<void> {
  let env;
  let org;
  try {
    env = loadEnv();
    org = loadOrgConfig(env.configPath);
    allowedTenant(env, org);
  } catch (err) {
    if (err instanceof ConfigError) {
      const [summary, ...problems] = err.message.split('\n');
      startupLogger().error(`CoE Assistant cannot start. ${summary}`, {
        problems: problems.map((p) => p.replace(/^- /, '')),
      });
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ level: env.LOG_LEVEL, bindings });
  routeConsoleToLogger(logger);
  const bot = await startBot({ env, org, logger });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    bot
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error('shutdown failed', { err });
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error('unhandled promise rejection', { err }));
}

main().catch((err) => {
  startupLogger().error('CoE Assistant failed to start', { err });
  process.exit(1);
});
