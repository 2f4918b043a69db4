import * as path from 'node:path';
import { z } from 'zod';
import { silentLogger } from '../src/observability/logger';
import { DEFAULT_CHUNK_OPTIONS } from '../src/knowledge/ingest/chunk-passages';
import { loadEvalDataset } from '../src/knowledge/eval/eval-dataset';
import { runEval, type EvalReport } from '../src/knowledge/eval/run-eval';

const USAGE = `Usage: npm run eval -- <folder> [--corpus <dir>] [--set <name>] [--json] [--misses] [--chunk-chars <n>]
  <folder>       an eval folder with qa.jsonl (and optionally qa_unanswerable.jsonl, docs_index.jsonl, pdf/ or docs/)
  --corpus       the documents to index, when they are not inside the folder (for example ./playbooks)
  --set          only questions of this sub-set (for example multi_choice in eu-ai-act)
  --json         print the report as JSON
  --misses       also list questions whose gold source was not in the top 3
  --chunk-chars  target passage size in characters (default ${DEFAULT_CHUNK_OPTIONS.targetChars}), to measure chunk sizes`;

const argsSchema = z.object({
  folder: z.string().min(1),
  corpus: z.string().optional(),
  set: z.string().min(1).optional(),
  json: z.boolean(),
  misses: z.boolean(),
  chunkChars: z.coerce.number().int().min(200, 'must be at least 200').max(5000, 'must be at most 5000').optional(),
});

function parseArgs(argv: string[]): z.infer<typeof argsSchema> {
  const out: Record<string, unknown> = { json: false, misses: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') out.json = true;
    else if (a === '--misses') out.misses = true;
    else if (a === '--corpus') out.corpus = argv[++i];
    else if (a === '--set') out.set = argv[++i];
    else if (a === '--chunk-chars') out.chunkChars = argv[++i];
    else if (a.startsWith('--')) throw new Error(`Unknown option ${a}.`);
    else out.folder = a;
  }
  const parsed = argsSchema.safeParse(out);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      issue.path[0] === 'folder'
        ? 'Please name the eval folder.'
        : `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${issue.message}.`,
    );
  }
  return parsed.data;
}

const pct = (x: number): string => x.toFixed(3);

function printReport(r: EvalReport, showMisses: boolean): void {
  const rows: Array<[string, string]> = [
    ['passages indexed', `${r.passages} (index built in ${r.indexBuildMs} ms)`],
    ['answerable / unanswerable questions', `${r.answerable} / ${r.unanswerable}`],
    ['source hit@1 / @3 / @5', `${pct(r.hitAt1)} / ${pct(r.hitAt3)} / ${pct(r.hitAt5)}`],
    ['MRR@5', pct(r.mrrAt5)],
    [
      'numbers in answer',
      `${pct(r.numbersInAnswer)} (${r.numbersQuestions} questions with numbers; in top-5 passages ${pct(r.numbersInTop5)})`,
    ],
    [
      'answer token recall / F1',
      `${pct(r.answerTokenRecall)} / ${pct(r.answerTokenF1)} (answer words in top-5 passages ${pct(r.answerWordsInTop5)})`,
    ],
  ];
  if (r.requiredTokensQuestions)
    rows.push([
      'required tokens in answer',
      `${pct(r.requiredTokensInAnswer)} (${r.requiredTokensQuestions} questions)`,
    ]);
  if (r.factsQuestions) {
    rows.push(['facts in answer (must)', `${pct(r.factsInAnswer)} (${r.factsQuestions} questions)`]);
    if (r.paraphrasedQuestions)
      rows.push([
        '  paraphrased questions',
        `${pct(r.factsInAnswerParaphrased)} (${r.paraphrasedQuestions} questions)`,
      ]);
    for (const k of r.factsByKind) rows.push([`  ${k.kind}`, `${k.found}/${k.questions}`]);
  }
  rows.push(['right source cited in answer', pct(r.rightSourceCited)]);
  if (r.unanswerable) rows.push(['refusal rate on unanswerable', pct(r.refusalRateUnanswerable)]);
  for (const k of r.refusalByKind)
    rows.push([`  refused ${k.refused}/${k.questions}`, k.kind.length > 90 ? `${k.kind.slice(0, 89)}…` : k.kind]);
  const near = r.refusalByKind.filter((k) => /near|related but|similar/i.test(k.kind));
  const far = r.refusalByKind.filter((k) => /unrelated|not related|nonsens/i.test(k.kind));
  const share = (ks: typeof near): string =>
    `${pct(
      ks.reduce((s, k) => s + k.refused, 0) /
        Math.max(
          1,
          ks.reduce((s, k) => s + k.questions, 0),
        ),
    )} (${ks.reduce((s, k) => s + k.refused, 0)}/${ks.reduce((s, k) => s + k.questions, 0)})`;
  if (near.length) rows.push(['near-domain refused', share(near)]);
  if (far.length) rows.push(['unrelated + nonsense refused', share(far)]);
  rows.push(['false refusals on answerable', pct(r.falseRefusalRate)]);
  rows.push(['time per question', `${r.msPerQuestion.toFixed(1)} ms`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`Eval: ${r.dataset}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  for (const e of r.ingestErrors) console.log(`  could not index ${e.file}: ${e.reason}`);
  if (showMisses) {
    for (const m of r.misses)
      console.log(
        `\n  MISS ${m.id}: ${m.question}\n    gold: ${m.gold}\n${m.got.map((g, i) => `    ${i + 1}. ${g}`).join('\n')}`,
      );
    for (const m of r.factMisses)
      console.log(
        `\n  FACTS ${m.id}: ${m.question}\n    must: ${m.must.join(' | ')}\n    ${m.answer.replace(/\n/g, '\n    ')}`,
      );
    for (const m of r.refusals.filter((x) => x.answerable === x.refused))
      console.log(
        `\n  ${m.refused ? 'REFUSED' : 'ANSWERED'} ${m.id}: ${m.question}\n    evidence: coverage ${m.coverage}, top-3 ${m.coverageTop3}, unknown ${m.unknownShare}, strength ${m.strength}, mass ${m.mass}${m.unknownTerms.length ? `, unknown words ${m.unknownTerms.join(' ')}` : ''}${m.unknownNames.length ? `, unknown names ${m.unknownNames.join(' ')}` : ''}`,
      );
  }
}

async function main(): Promise<void> {
  let args: z.infer<typeof argsSchema>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const loaded = loadEvalDataset(path.resolve(args.folder), args.corpus ? path.resolve(args.corpus) : undefined);
  const dataset = args.set
    ? { ...loaded, name: `${loaded.name} (${args.set})`, questions: loaded.questions.filter((q) => q.set === args.set) }
    : loaded;
  if (dataset.questions.length === 0) throw new Error(`No questions belong to the set "${args.set}".`);
  const chunkOptions = args.chunkChars
    ? { ...DEFAULT_CHUNK_OPTIONS, targetChars: args.chunkChars, maxChars: Math.round(args.chunkChars * 1.6) }
    : undefined;
  const report = await runEval(dataset, silentLogger, { chunkOptions });
  if (args.json) {
    const { refusals: _omit, ...rest } = report;
    console.log(JSON.stringify(args.misses ? report : { ...rest, misses: rest.misses.length }, null, 2));
  } else printReport(report, args.misses);
}

main().catch((err: Error) => {
  console.error(`The eval could not run: ${err.message}`);
  process.exitCode = 1;
});
