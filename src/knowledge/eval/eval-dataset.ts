import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { GoldSource, MustFact } from './eval-scoring';
import { parseGoldSource } from './eval-scoring';

const qaSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    question: z.string().min(1),
    answer: z.string().nullable().optional(),
    source: z.union([z.array(z.string()), z.string().transform((s) => [s])]).default([]),
    required_tokens: z.array(z.string()).optional(),
    answerable: z.boolean().optional(),
    set: z.string().optional(),
    category: z.string().optional(),
    note: z.string().optional(),
    must: z.array(z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])).optional(),
    kind: z.string().optional(),
    paraphrased: z.boolean().optional(),
  })
  .passthrough();

export interface EvalQuestion {
  id: string;
  question: string;
  answer?: string;
  gold: GoldSource[];
  requiredTokens?: string[];
  answerable: boolean;
  /** The sub-set a question belongs to, when the eval set has several (eu-ai-act: multi_choice, ...). */
  set?: string;
  /** What kind of question it is, as the file records it (a category, or the note on how it was written), to report refusals per kind. */
  kind?: string;
  /** Short strings any correct answer contains verbatim (case-insensitive): the documents' own wording of each key fact. */
  must?: MustFact[];
  /** What the question asks for, as the set records it (fact, number, list, process, definition, paraphrase ...). */
  asks?: string;
  /** True when the question avoids the document's distinctive words. */
  paraphrased?: boolean;
}

export interface EvalDataset {
  name: string;
  corpusDir: string;
  questions: EvalQuestion[];
}

const sectionRangeSchema = z.object({ file: z.string(), chunk_link: z.string(), start: z.number(), end: z.number() });

function readJsonl(file: string): unknown[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => ({ l: l.trim(), i }))
    .filter(({ l }) => l !== '')
    .map(({ l, i }) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        throw new Error(`${path.basename(file)} line ${i + 1} is not valid JSON.`);
      }
    });
}

/** The kind of a question: its category when the file has one, else the note on how it was written (without "Generated from this prompt:"). */
function questionKind(q: { category?: string; note?: string }): { kind?: string } {
  const kind = (q.category ?? q.note?.replace(/^generated from this prompt:\s*/i, ''))?.trim();
  return kind ? { kind } : {};
}

/**
 * Loads an eval folder: `qa.jsonl` (answerable), optional `qa_unanswerable.jsonl`, optional
 * `docs_index.jsonl` (section character ranges), and the corpus folder: `pdf/` or `docs/` when
 * present, else `corpusDir` when given, else the folder itself.
 */
export function loadEvalDataset(folder: string, corpusDir?: string): EvalDataset {
  const qaFile = path.join(folder, 'qa.jsonl');
  if (!fs.existsSync(qaFile)) throw new Error(`The folder ${folder} has no qa.jsonl, so there is nothing to evaluate.`);
  const ranges = new Map<string, [number, number]>();
  const indexFile = path.join(folder, 'docs_index.jsonl');
  if (fs.existsSync(indexFile)) {
    for (const raw of readJsonl(indexFile)) {
      const r = sectionRangeSchema.safeParse(raw);
      if (!r.success) continue;
      const anchor = r.data.chunk_link.split('#')[1];
      if (anchor) ranges.set(`${path.basename(r.data.file)}#${anchor}`, [r.data.start, r.data.end]);
    }
  }
  const toQuestions = (file: string, answerableDefault: boolean): EvalQuestion[] =>
    readJsonl(file).map((raw, i) => {
      const r = qaSchema.safeParse(raw);
      if (!r.success)
        throw new Error(
          `${path.basename(file)} line ${i + 1} is not a question record: ${r.error.issues[0].path.join('.')} ${r.error.issues[0].message}.`,
        );
      const gold = r.data.source.map((s) => {
        const g = parseGoldSource(s);
        const range = g.anchor ? ranges.get(`${path.basename(g.file)}#${g.anchor}`) : undefined;
        return range ? { ...g, range } : g;
      });
      return {
        id: r.data.id,
        question: r.data.question,
        answer: r.data.answer ?? undefined,
        gold,
        requiredTokens: r.data.required_tokens,
        answerable: r.data.answerable ?? answerableDefault,
        ...(r.data.set ? { set: r.data.set } : {}),
        ...questionKind(r.data),
        ...(r.data.must?.length ? { must: r.data.must } : {}),
        ...(r.data.kind ? { asks: r.data.kind } : {}),
        ...(r.data.paraphrased !== undefined ? { paraphrased: r.data.paraphrased } : {}),
      };
    });
  const questions = toQuestions(qaFile, true);
  const unanswerable = path.join(folder, 'qa_unanswerable.jsonl');
  if (fs.existsSync(unanswerable)) questions.push(...toQuestions(unanswerable, false));
  const sub = ['pdf', 'docs']
    .map((d) => path.join(folder, d))
    .find((d) => fs.existsSync(d) && fs.statSync(d).isDirectory());
  return { name: path.basename(path.resolve(folder)), corpusDir: corpusDir || sub || folder, questions };
}
