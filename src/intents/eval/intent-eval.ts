import * as fs from 'node:fs';
import { z } from 'zod';
import type { EmbeddedClassifier } from '../embedded-classifier';
import { KNOWLEDGE_QUESTION, type IntentDecision } from '../intent';

/** The label of a clarifying question in the confusion matrix. */
export const CLARIFY = '(clarify)';

const caseSchema = z.object({ text: z.string().min(1), intent: z.string().min(1) });
export type IntentCase = z.infer<typeof caseSchema>;

/** Reads a JSONL file of `{text, intent}` lines; a bad line names its file and line number. */
export function loadIntentCases(file: string): IntentCase[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter((l) => l.line)
    .map(({ line, n }) => {
      const parsed = caseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${n}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** What a decision counts as: the intent run, the questions class for an answer, or a clarifying question. */
export function labelOf(decision: IntentDecision): string {
  return decision.kind === 'run' ? decision.intent : decision.kind === 'answer' ? KNOWLEDGE_QUESTION : CLARIFY;
}

export interface IntentEvalReport {
  total: number;
  correct: number;
  /** Correct / total; a clarifying question counts as not correct. */
  accuracy: number;
  clarified: number;
  clarifyRate: number;
  perIntent: Array<{ intent: string; total: number; correct: number; accuracy: number }>;
  /** expected -> predicted -> count. */
  confusion: Map<string, Map<string, number>>;
  misses: Array<{ text: string; expected: string; predicted: string }>;
}

/** Classifies every case and scores the labels against the expected intents. */
export function evaluateIntents(classifier: EmbeddedClassifier, cases: readonly IntentCase[]): IntentEvalReport {
  const confusion = new Map<string, Map<string, number>>();
  const misses: IntentEvalReport['misses'] = [];
  let correct = 0;
  let clarified = 0;
  for (const c of cases) {
    const predicted = labelOf(classifier.decide(c.text));
    if (predicted === c.intent) correct += 1;
    else misses.push({ text: c.text, expected: c.intent, predicted });
    if (predicted === CLARIFY) clarified += 1;
    const row = confusion.get(c.intent) ?? new Map<string, number>();
    row.set(predicted, (row.get(predicted) ?? 0) + 1);
    confusion.set(c.intent, row);
  }
  const perIntent = [...confusion.entries()]
    .map(([intent, row]) => {
      const total = [...row.values()].reduce((a, b) => a + b, 0);
      const ok = row.get(intent) ?? 0;
      return { intent, total, correct: ok, accuracy: total ? ok / total : 0 };
    })
    .sort((a, b) => a.intent.localeCompare(b.intent));
  const total = cases.length;
  return {
    total,
    correct,
    accuracy: total ? correct / total : 0,
    clarified,
    clarifyRate: total ? clarified / total : 0,
    perIntent,
    confusion,
    misses,
  };
}

/** Questions from knowledge eval files (`question` field of each JSONL line) that would not be answered as questions. */
export function knowledgeQuestionsRoutedElsewhere(
  classifier: EmbeddedClassifier,
  questions: readonly string[],
): Array<{ question: string; predicted: string }> {
  return questions
    .map((question) => ({ question, predicted: labelOf(classifier.decide(question)) }))
    .filter((r) => r.predicted !== KNOWLEDGE_QUESTION);
}

/** The `question` of every line of a knowledge eval JSONL file. */
export function loadKnowledgeQuestions(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { question?: unknown }).question)
    .filter((q): q is string => typeof q === 'string' && q.trim().length > 0);
}
