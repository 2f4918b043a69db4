import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadOrgConfig } from '../src/org-settings';
import { EmbeddedClassifier } from '../src/intents/embedded-classifier';
import { buildIntentRegistry } from '../src/intents/intent-catalog';
import { loadIntentCases } from '../src/intents/eval/intent-eval';
import { markdownTable, percentiles, ROOT, writeResult } from './bench-kit';

/** Cost of one embedded routing decision (exact commands, typo correction, similarity to every example), per message. */
function main(): void {
  const startedBuild = performance.now();
  const org = loadOrgConfig(path.join(ROOT, 'config/coe.yaml'));
  const classifier = new EmbeddedClassifier(buildIntentRegistry({ categories: org.announcements.categories }));
  const buildMs = performance.now() - startedBuild;
  const dir = path.join(ROOT, 'test/eval/intents');
  const texts = [
    ...loadIntentCases(path.join(dir, 'tuning.jsonl')),
    ...loadIntentCases(path.join(dir, 'holdout.jsonl')),
  ].map((c) => c.text);
  const questions = [
    'Which models are approved?',
    'Do I need an ethics review for a chatbot on customer data?',
    'What training is mandatory before using generative AI tools?',
    'Can I paste confidential data into a consumer chatbot?',
  ];
  const measure = (inputs: string[], rounds: number) => {
    for (let r = 0; r < 3; r += 1) for (const t of inputs) classifier.decide(t);
    const samples: number[] = [];
    for (let r = 0; r < rounds; r += 1) {
      for (const t of inputs) {
        const s = performance.now();
        classifier.decide(t);
        samples.push((performance.now() - s) * 1000);
      }
    }
    return percentiles(samples);
  };
  const all = measure(texts, 30);
  const q = measure(questions, 500);
  const round = (x: number) => Number(x.toFixed(1));
  process.stdout.write(
    `${markdownTable(
      ['messages', 'p50 µs', 'p95 µs', 'p99 µs', 'mean µs'],
      [
        [`all ${texts.length} eval phrasings`, round(all.p50), round(all.p95), round(all.p99), round(all.mean)],
        ['the knowledge questions of the turn benchmark', round(q.p50), round(q.p95), round(q.p99), round(q.mean)],
      ],
    )}\n\nClassifier built in ${buildMs.toFixed(1)} ms (once, at start-up).\n`,
  );
  writeResult('intent-routing', { buildMs, allPhrasingsUs: all, questionsUs: q });
}

main();
