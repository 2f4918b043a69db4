import { loadEnv } from '../src/config/env';
import { loadOrgConfig } from '../src/org-settings';
import { openDatabase } from '../src/store/open-database';
import { seedDemoPortfolio } from './demo-portfolio';

/** `npm run seed:demo`: a realistic portfolio in the configured database (the embedded one by default), for a populated dashboard. */
async function main(): Promise<void> {
  const env = loadEnv();
  const org = loadOrgConfig(env.configPath);
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
  try {
    const summary = await seedDemoPortfolio(db, org);
    process.stdout.write(
      `Seeded ${summary.useCases} use cases (${Object.entries(summary.byStage)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ')}), ${summary.incidents} incidents and ${summary.answers} answered questions.\n`,
    );
    process.stdout.write(`Start the bot (npm run dev) and open http://127.0.0.1:${env.PORT}/tab/dashboard\n`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
