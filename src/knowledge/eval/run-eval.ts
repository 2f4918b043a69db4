import type { Logger } from '../../observability/logger';
import { openDatabase } from '../../store/open-database';
import type { AppEnv } from '../../config/env';
import type { ChunkOptions } from '../ingest/chunk-passages';
import { KnowledgeService } from '../knowledge-service';
import type { LexicalOptions } from '../retrieval/lexical-retriever';
import type { EvidencePolicy } from '../answer/evidence';
import type { EvalDataset, EvalQuestion } from './eval-dataset';
import {
  allFactsPresent,
  describeFact,
  allNumbersPresent,
  citesGoldFile,
  contentWords,
  numbersIn,
  passageMatchesGold,
  tokenRecallF1,
} from './eval-scoring';

export interface EvalReport {
  dataset: string;
  passages: number;
  indexBuildMs: number;
  ingestErrors: Array<{ file: string; reason: string }>;
  answerable: number;
  unanswerable: number;
  hitAt1: number;
  hitAt3: number;
  hitAt5: number;
  mrrAt5: number;
  /** Questions whose gold answer has numbers, and the share whose answer carries all of them. */
  numbersQuestions: number;
  numbersInAnswer: number;
  numbersInTop5: number;
  answerTokenRecall: number;
  answerTokenF1: number;
  answerWordsInTop5: number;
  requiredTokensQuestions: number;
  requiredTokensInAnswer: number;
  /** Questions with `must` facts, and the share whose answer contains all of them (all, and the paraphrased ones). */
  factsQuestions: number;
  factsInAnswer: number;
  paraphrasedQuestions: number;
  factsInAnswerParaphrased: number;
  /** Facts in answer per kind of question the set records (list, number, process ...). */
  factsByKind: Array<{ kind: string; questions: number; found: number }>;
  /** Share of answerable questions with a gold file whose answer cites one of them. */
  rightSourceCited: number;
  refusalRateUnanswerable: number;
  /** Refusals on unanswerable questions per kind of question (unrelated, nonsense, near the topic ...), when the file says. */
  refusalByKind: Array<{ kind: string; questions: number; refused: number }>;
  falseRefusalRate: number;
  msPerQuestion: number;
  misses: Array<{ id: string; question: string; gold: string; got: string[] }>;
  /** Answerable questions whose answer lacks a `must` fact, with the answer given (for --misses). */
  factMisses: Array<{ id: string; question: string; must: string[]; answer: string }>;
  refusals: Array<{
    id: string;
    question: string;
    answerable: boolean;
    refused: boolean;
    coverage: number;
    coverageTop3: number;
    unknownShare: number;
    strength: number;
    mass: number;
    unknownNames: string[];
    unknownTerms: string[];
  }>;
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Index options the eval can vary, to measure chunk sizes and retrieval settings. */
export interface EvalTuning {
  chunkOptions?: ChunkOptions;
  retrieval?: LexicalOptions;
  evidencePolicy?: EvidencePolicy;
  openAi?: AppEnv['openAi'];
}

/**
 * Runs the assistant's own pipeline over an eval folder with an in-memory database: indexes the
 * corpus, asks every question and scores retrieval (hit@k, MRR@5 on the cited passages), answers
 * (numbers, token recall) and refusals.
 */
export async function runEval(dataset: EvalDataset, logger: Logger, tuning: EvalTuning = {}): Promise<EvalReport> {
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    const service = await KnowledgeService.create({
      db,
      logger,
      openAi: tuning.openAi,
      chunkOptions: tuning.chunkOptions,
      retrieval: tuning.retrieval,
      evidencePolicy: tuning.evidencePolicy,
    });
    const exclude = (rel: string): boolean =>
      /^(qa[^/]*\.jsonl|docs_index\.jsonl|SOURCE\.md|LICENSE[^/]*|README[^/]*)$/i.test(rel);
    const ingest = await service.indexDirectory(dataset.corpusDir, undefined, { exclude });
    const ranks: number[] = [];
    const numbers: boolean[] = [];
    const numbersTop5: boolean[] = [];
    const recall: number[] = [];
    const f1: number[] = [];
    const wordsTop5: number[] = [];
    const required: number[] = [];
    const refusedAnswerable: boolean[] = [];
    const refusedUnanswerable: boolean[] = [];
    const misses: EvalReport['misses'] = [];
    const refusals: EvalReport['refusals'] = [];
    const byKind = new Map<string, EvalReport['refusalByKind'][number]>();
    const facts: boolean[] = [];
    const factsParaphrased: boolean[] = [];
    const factsKind = new Map<string, EvalReport['factsByKind'][number]>();
    const cited: boolean[] = [];
    const factMisses: EvalReport['factMisses'] = [];
    const t0 = performance.now();
    for (const q of dataset.questions) {
      const { answer, hits, evidence } = await service.explain(q.question, { recordGaps: false });
      const refused = !answer.grounded;
      refusals.push({
        id: q.id,
        question: q.question,
        answerable: q.answerable,
        refused,
        coverage: round(evidence.coverage),
        coverageTop3: round(evidence.coverageTop3),
        unknownShare: round(evidence.unknownShare),
        strength: round(evidence.strength),
        mass: round(evidence.mass),
        unknownNames: evidence.unknownNames,
        unknownTerms: evidence.unknownTerms,
      });
      if (!q.answerable) {
        refusedUnanswerable.push(refused);
        if (q.kind) {
          const k = byKind.get(q.kind) ?? { kind: q.kind, questions: 0, refused: 0 };
          k.questions++;
          if (refused) k.refused++;
          byKind.set(q.kind, k);
        }
        continue;
      }
      refusedAnswerable.push(refused);
      if (q.must?.length) {
        const ok = !refused && allFactsPresent(q.must, answer.text);
        facts.push(ok);
        if (!ok)
          factMisses.push({ id: q.id, question: q.question, must: q.must.map(describeFact), answer: answer.text });
        if (q.paraphrased) factsParaphrased.push(ok);
        const kind = q.asks ?? 'unspecified';
        const k = factsKind.get(kind) ?? { kind, questions: 0, found: 0 };
        k.questions++;
        if (ok) k.found++;
        factsKind.set(kind, k);
      }
      if (q.gold.length)
        cited.push(
          !refused &&
            citesGoldFile(
              answer.citations.map((c) => c.source),
              q.gold,
            ),
        );
      if (q.gold.length) {
        const rank = hits.findIndex((h) => q.gold.some((g) => passageMatchesGold(h.passage, g)));
        ranks.push(rank);
        if (rank < 0 || rank > 2)
          misses.push(
            describeMiss(
              q,
              hits.map(
                (h) =>
                  `${h.passage.source}${h.passage.page !== undefined ? `#p${h.passage.page}` : ''} ${h.passage.section}`,
              ),
            ),
          );
      }
      if (q.answer) {
        const top5 = hits.map((h) => h.passage.text).join('\n');
        if (numbersIn(q.answer).length) {
          numbers.push(allNumbersPresent(q.answer, answer.text));
          numbersTop5.push(allNumbersPresent(q.answer, top5));
        }
        const r = tokenRecallF1(q.answer, answer.text);
        recall.push(r.recall);
        f1.push(r.f1);
        const g = new Set(contentWords(q.answer));
        const have = new Set(contentWords(top5));
        wordsTop5.push(g.size ? [...g].filter((w) => have.has(w)).length / g.size : 1);
      }
      if (q.requiredTokens?.length) {
        const text = answer.text.toLowerCase();
        required.push(q.requiredTokens.filter((t) => text.includes(t.toLowerCase())).length / q.requiredTokens.length);
      }
    }
    const elapsed = performance.now() - t0;
    const hitAt = (k: number): number => mean(ranks.map((r) => (r >= 0 && r < k ? 1 : 0)));
    return {
      dataset: dataset.name,
      passages: service.chunkCount,
      indexBuildMs: Math.round(service.indexBuildMs),
      ingestErrors: ingest.errors,
      answerable: refusedAnswerable.length,
      unanswerable: refusedUnanswerable.length,
      hitAt1: round(hitAt(1)),
      hitAt3: round(hitAt(3)),
      hitAt5: round(hitAt(5)),
      mrrAt5: round(mean(ranks.map((r) => (r >= 0 && r < 5 ? 1 / (r + 1) : 0)))),
      numbersQuestions: numbers.length,
      numbersInAnswer: round(mean(numbers.map(Number))),
      numbersInTop5: round(mean(numbersTop5.map(Number))),
      answerTokenRecall: round(mean(recall)),
      answerTokenF1: round(mean(f1)),
      answerWordsInTop5: round(mean(wordsTop5)),
      requiredTokensQuestions: required.length,
      requiredTokensInAnswer: round(mean(required)),
      factsQuestions: facts.length,
      factsInAnswer: round(mean(facts.map(Number))),
      paraphrasedQuestions: factsParaphrased.length,
      factsInAnswerParaphrased: round(mean(factsParaphrased.map(Number))),
      factsByKind: [...factsKind.values()],
      rightSourceCited: round(mean(cited.map(Number))),
      refusalRateUnanswerable: round(mean(refusedUnanswerable.map(Number))),
      refusalByKind: [...byKind.values()],
      falseRefusalRate: round(mean(refusedAnswerable.map(Number))),
      msPerQuestion: round(elapsed / Math.max(1, dataset.questions.length)),
      misses,
      factMisses,
      refusals,
    };
  } finally {
    await db.close();
  }
}

function describeMiss(q: EvalQuestion, got: string[]): EvalReport['misses'][number] {
  return {
    id: q.id,
    question: q.question,
    gold: q.gold.map((g) => `${g.file}${g.page ? `#p${g.page}` : g.anchor ? `#${g.anchor}` : ''}`).join(' | '),
    got,
  };
}
