import * as fs from 'node:fs';
import * as path from 'node:path';
import { silentLogger } from '../../src/observability/logger';
import { loadEvalDataset } from '../../src/knowledge/eval/eval-dataset';
import { runEval } from '../../src/knowledge/eval/run-eval';
import { allNumbersPresent } from '../../src/knowledge/eval/eval-scoring';
import { tempFolder, writeFiles } from './fixture-files';
import { SAMPLE_PLAYBOOKS } from './sample-playbooks';

const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n');

describe('npm run eval over a folder laid out like the public sets', () => {
  let dir: string;

  beforeAll(() => {
    dir = tempFolder('coe-eval-');
    writeFiles(path.join(dir, 'docs'), SAMPLE_PLAYBOOKS);
    writeFiles(dir, {
      'qa.jsonl': jsonl([
        {
          id: 'a1',
          question: 'How much can a pilot spend without executive approval?',
          answer: 'At most USD 25,000.',
          source: ['pilot-funding.md#budget-limits'],
        },
        {
          id: 'a2',
          question: 'How quickly must a severity 1 incident be reported?',
          answer: 'Within 1 hour.',
          source: ['incident-response.md#severity-levels'],
        },
      ]),
      'qa_unanswerable.jsonl': jsonl([
        {
          id: 'u1',
          question: 'What is the capital of France?',
          answer: null,
          note: 'Generated from this prompt: unrelated questions',
        },
        {
          id: 'u2',
          question: 'Who painted the Mona Lisa?',
          answer: null,
          note: 'Generated from this prompt: unrelated questions',
        },
        { id: 'u3', question: 'How loud is the smell of a rose?', answer: null, category: 'nonsense' },
      ]),
    });
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('scores retrieval, figures in the answer and refusals, with refusals reported per kind of question', async () => {
    const dataset = loadEvalDataset(dir);
    expect(dataset.corpusDir).toBe(path.join(dir, 'docs'));
    const report = await runEval(dataset, silentLogger);
    expect(report.answerable).toBe(2);
    expect(report.unanswerable).toBe(3);
    expect(report.hitAt1).toBe(1);
    expect(report.numbersQuestions).toBe(2);
    expect(report.numbersInAnswer).toBe(1);
    expect(report.falseRefusalRate).toBe(0);
    expect(report.refusalRateUnanswerable).toBe(1);
    expect(report.refusalByKind).toEqual([
      { kind: 'unrelated questions', questions: 2, refused: 2 },
      { kind: 'nonsense', questions: 1, refused: 1 },
    ]);
  });

  it('explains a folder without questions in a sentence', () => {
    const empty = tempFolder('coe-eval-empty-');
    try {
      expect(() => loadEvalDataset(empty)).toThrow(/has no qa\.jsonl, so there is nothing to evaluate/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('numbers in answer', () => {
  it("finds the gold answer's figures in the answer text, normalised, but not in its citation markers", () => {
    expect(allNumbersPresent('The limit is $2,000 and 20%.', 'It is 2000 dollars, or 20 percent. [1]')).toBe(true);
    expect(allNumbersPresent('Three situations: (1) a, (2) b and (3) c.', 'Situations are listed. [1] [2] [3]')).toBe(
      false,
    );
  });
});
