import { ConfigError } from './config/config-error';
import { loadEnv } from './config/env';
import { loadOrgConfig } from './config/org-config';
import { createLogger } from './observability/logger';
import { startBot } from './bootstrap';

/** Process entry point: validates configuration, starts the bot and shuts down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let env;
  let org;
  try {
    env = loadEnv();
    org = loadOrgConfig(env.configPath);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`CoE Assistant cannot start.\n${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ level: env.LOG_LEVEL, bindings: { service: 'coe-assistant', pid: process.pid } });
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
  process.stderr.write(`CoE Assistant failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
