import { startLocalStack } from './local-stack';

/** `npm run dev`: the bot with embedded defaults on port 3978 plus the Agents Playground to chat with it. */
async function main(): Promise<void> {
  process.stdout.write('Starting CoE Assistant and the Microsoft 365 Agents Playground...\n');
  const stack = await startLocalStack({ inheritOutput: true, env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } });
  const banner = [
    '',
    '  CoE Assistant is running.',
    `    Bot endpoint:        ${stack.botUrl}/api/messages`,
    `    Chat with it here:   ${stack.playgroundUrl}`,
    '',
    '  You are Alex Wilber (a CoE admin and reviewer in config/coe.yaml). Press Ctrl+C to stop.',
    '',
  ].join('\n');
  process.stdout.write(banner + '\n');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  stack.bot.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`The bot stopped (exit code ${code}).\n`);
      stop();
    }
  });
  stack.playground.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`The Agents Playground stopped (exit code ${code}).\n`);
      stop();
    }
  });
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
