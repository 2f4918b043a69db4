import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmbeddedClassifier } from '../src/intents/embedded-classifier';
import { buildIntentRegistry } from '../src/intents/intent-catalog';
import {
  evaluateIntents,
  knowledgeQuestionsRoutedElsewhere,
  loadIntentCases,
  loadKnowledgeQuestions,
  type IntentEvalReport,
} from '../src/intents/eval/intent-eval';
import { loadOrgConfig } from '../src/org-settings';

const ROOT = path.resolve(__dirname, '..', fs.existsSync(path.resolve(__dirname, '../package.json')) ? '' : '..');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function printReport(name: string, r: IntentEvalReport, showMisses: boolean): void {
  process.stdout.write(
    `\n## ${name}: ${r.total} phrasings\n\naccuracy ${r.accuracy.toFixed(3)} (${r.correct}/${r.total}), clarifying questions ${pct(r.clarifyRate)} (${r.clarified})\n\n`,
  );
  process.stdout.write('| intent | phrasings | correct | accuracy |\n|---|---:|---:|---:|\n');
  for (const p of r.perIntent)
    process.stdout.write(`| ${p.intent} | ${p.total} | ${p.correct} | ${p.accuracy.toFixed(2)} |\n`);
  const labels = [
    ...new Set([...r.confusion.keys(), ...[...r.confusion.values()].flatMap((row) => [...row.keys()])]),
  ].sort();
  const short = (l: string) => l.replace(/^[a-z]+\./, '').slice(0, 9);
  process.stdout.write(
    `\nConfusion matrix (rows: expected, columns: predicted)\n\n${''.padEnd(28)}${labels.map((l) => short(l).padStart(10)).join('')}\n`,
  );
  for (const expected of [...r.confusion.keys()].sort()) {
    const row = r.confusion.get(expected)!;
    process.stdout.write(
      `${expected.padEnd(28)}${labels.map((l) => String(row.get(l) ?? '.').padStart(10)).join('')}\n`,
    );
  }
  if (showMisses && r.misses.length) {
    process.stdout.write('\nMisses:\n');
    for (const m of r.misses) process.stdout.write(`- "${m.text}": expected ${m.expected}, got ${m.predicted}\n`);
  }
}

/** `npm run eval:intents [-- --misses]`: accuracy of the embedded classifier on the tuning and hold-out sets, and the knowledge eval check. */
function main(): void {
  const showMisses = process.argv.includes('--misses');
  const org = loadOrgConfig(path.join(ROOT, 'config/coe.yaml'));
  const classifier = new EmbeddedClassifier(buildIntentRegistry({ categories: org.announcements.categories }));
  const dir = path.join(ROOT, 'test/eval/intents');
  process.stdout.write('# Intent classification (embedded classifier, no model)\n');
  for (const [name, file] of [
    ['tuning', 'tuning.jsonl'],
    ['hold-out', 'holdout.jsonl'],
  ])
    printReport(name, evaluateIntents(classifier, loadIntentCases(path.join(dir, file))), showMisses);

  const knowledgeFiles = [path.join(ROOT, 'test/eval/playbooks'), path.join(ROOT, 'test/eval/playbooks-may-i')];
  const shared = path.resolve(ROOT, '../shared/eval');
  if (fs.existsSync(shared)) knowledgeFiles.push(...fs.readdirSync(shared).map((d) => path.join(shared, d)));
  process.stdout.write(
    '\n## Knowledge eval questions that must be answered, not routed to a command\n\n| set | questions | routed elsewhere |\n|---|---:|---:|\n',
  );
  let wrong = 0;
  for (const folder of knowledgeFiles) {
    if (!fs.statSync(folder).isDirectory()) continue;
    const files = fs.readdirSync(folder).filter((f) => /^qa.*\.jsonl$/.test(f));
    const questions = files.flatMap((f) => loadKnowledgeQuestions(path.join(folder, f)));
    if (!questions.length) continue;
    const elsewhere = knowledgeQuestionsRoutedElsewhere(classifier, questions);
    wrong += elsewhere.length;
    process.stdout.write(`| ${path.basename(folder)} | ${questions.length} | ${elsewhere.length} |\n`);
    for (const e of elsewhere.slice(0, showMisses ? 50 : 5))
      process.stdout.write(`|  ↳ "${e.question.slice(0, 90)}" | | ${e.predicted} |\n`);
  }
  process.stdout.write(
    `\n${wrong === 0 ? 'Every knowledge question is answered as a question.' : `${wrong} knowledge questions would not be answered as questions.`}\n`,
  );
}

main();
