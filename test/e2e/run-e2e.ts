import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLocalStack } from '../../scripts/local-stack';
import type { Journey } from './journey';
import { announceToChannel } from './journeys/announce-to-channel';
import { askAndEscalate } from './journeys/ask-and-escalate';
import { intakeAndReview } from './journeys/intake-and-review';
import { knowledgeGapAnswer } from './journeys/knowledge-gap-answer';
import { naturalRequests } from './journeys/natural-requests';
import { welcomeAndHelp } from './journeys/welcome-and-help';
import { launchBrowser } from './playground-page';

const JOURNEYS: Journey[] = [
  welcomeAndHelp,
  askAndEscalate,
  intakeAndReview,
  announceToChannel,
  naturalRequests,
  knowledgeGapAnswer,
];

/** `npm run test:e2e`: starts the bot and the Agents Playground, runs every journey in headless Chromium. */
async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const journeys = only.length ? JOURNEYS.filter((j) => only.includes(j.name)) : JOURNEYS;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coe-e2e-'));
  // The browser first: if it cannot start, no bot or Playground is left running behind.
  const browser = await launchBrowser();
  const stack = await startLocalStack({
    botPort: Number(process.env.E2E_BOT_PORT ?? 3979),
    playgroundPort: Number(process.env.E2E_PLAYGROUND_PORT ?? 56151),
    env: { COE_DATA_DIR: dataDir, LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn', DATABASE_URL: '' },
  }).catch(async (err: unknown) => {
    await browser.close();
    throw err;
  });
  let passed = 0;
  let failed = 0;
  try {
    for (const journey of journeys) {
      const started = Date.now();
      try {
        await journey.run({ browser, stack });
        passed += 1;
        process.stdout.write(`  ✓ ${journey.name} (${Date.now() - started} ms)\n`);
      } catch (err) {
        failed += 1;
        process.stdout.write(`  ✕ ${journey.name}: ${(err as Error).message}\n`);
      }
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
  process.stdout.write(`\ne2e: ${passed} passed, ${failed} failed\n`);
  process.stdout.write(`Screenshots: test-results/e2e/; bot log: ${path.join(dataDir, 'bot.log')}\n`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    process.stderr.write(`E2E run could not start: ${(err as Error).message}\n`);
    process.exit(1);
  });
