import * as path from 'node:path';
import { createLogger } from '../src/observability/logger';
import { openDatabase } from '../src/store/open-database';
import { KnowledgeService } from '../src/knowledge/knowledge-service';
import { knowledgeCliEnv } from '../src/knowledge/cli/knowledge-cli-env';
import { progressReporter } from '../src/knowledge/cli/progress-bar';

const USAGE = 'Usage: npm run ingest -- [<folder>]   (default: COE_PLAYBOOKS_DIR, else ./playbooks)';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.some((a) => a === '--help' || a === '-h')) {
    console.log(USAGE);
    return;
  }
  const unknown = args.find((a) => a.startsWith('-'));
  if (unknown || args.length > 1) {
    console.error(`${unknown ? `Unknown option ${unknown}.` : 'Please name one folder.'}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const env = knowledgeCliEnv();
  const folder = path.resolve(args[0] ?? env.playbooksDir);
  const db = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
  try {
    // Warnings (an embedding or search-index sync that failed) go to stderr; the summary goes to stdout.
    const logger = createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) });
    const service = await KnowledgeService.create({ db, logger, openAi: env.openAi, azureSearch: env.azureSearch });
    const progress = progressReporter(process.stderr);
    const started = performance.now();
    const summary = await service.indexDirectory(folder, progress.update).finally(progress.finish);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Indexed ${folder} in ${seconds} s`);
    console.log(`  files found       ${summary.files}`);
    console.log(`  new or changed    ${summary.indexed} (${summary.chunks} passages written)`);
    console.log(`  unchanged         ${summary.unchanged}`);
    console.log(`  removed           ${summary.removed}`);
    console.log(`  skipped           ${summary.skipped}`);
    console.log(
      `  passages in index ${service.chunkCount} (search index built in ${Math.round(service.indexBuildMs)} ms)`,
    );
    if (summary.errors.length) {
      console.log(`  could not be read:`);
      for (const e of summary.errors) console.log(`    ${e.file}: ${e.reason}`);
    }
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => {
  console.error(`Ingestion failed: ${err.message}`);
  process.exitCode = 1;
});
