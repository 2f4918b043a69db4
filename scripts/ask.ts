import { silentLogger } from '../src/observability/logger';
import { openDatabase } from '../src/store/open-database';
import { KnowledgeService } from '../src/knowledge/knowledge-service';
import { knowledgeCliEnv } from '../src/knowledge/cli/knowledge-cli-env';

const USAGE = 'Usage: npm run ask -- "<question>" [--json] [--groups group-a,group-b]';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let json = false;
  let groups: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--json') json = true;
    else if (args[i] === '--groups')
      groups = (args[++i] ?? '')
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
    else if (args[i].startsWith('--')) {
      console.error(`Unknown option ${args[i]}.\n${USAGE}`);
      process.exitCode = 2;
      return;
    } else words.push(args[i]);
  }
  const question = words.join(' ').trim();
  if (!question) {
    console.error(`Please give a question.\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const env = knowledgeCliEnv();
  const db = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
  try {
    const service = await KnowledgeService.create({
      db,
      logger: silentLogger,
      openAi: env.openAi,
      azureSearch: env.azureSearch,
    });
    const summary = await service.indexDirectory(env.playbooksDir);
    for (const e of summary.errors) console.error(`Could not index ${e.file}: ${e.reason}`);
    const answer = await service.ask(question, { userGroups: groups, recordGaps: false });
    if (json) {
      const citations = answer.citations.map((c) => ({
        title: c.title,
        source: c.source,
        page: c.page,
        section: c.section,
        snippet: c.snippet,
      }));
      console.log(JSON.stringify({ answer: answer.text, grounded: answer.grounded, citations }, null, 2));
      return;
    }
    console.log(answer.text);
    if (answer.note) console.log(`\n(${answer.note})`);
    if (answer.citations.length) console.log('\nSources:');
    for (const c of answer.citations) {
      const where = [c.section, c.page !== undefined ? `page ${c.page}` : undefined].filter(Boolean).join(', ');
      console.log(`  [${c.index}] ${c.title} (${c.source}${where ? ` — ${where}` : ''})`);
    }
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => {
  console.error(`The question could not be answered: ${err.message}`);
  process.exitCode = 1;
});
