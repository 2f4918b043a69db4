import * as fs from 'node:fs';
import * as path from 'node:path';
import { silentLogger } from '../../src/observability/logger';
import { loadEvalDataset } from '../../src/knowledge/eval/eval-dataset';
import { runEval } from '../../src/knowledge/eval/run-eval';
import { allFactsPresent, allNumbersPresent } from '../../src/knowledge/eval/eval-scoring';
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

describe('facts in answer', () => {
  it('needs every must fact, each in one of the forms the sources word it in', () => {
    const must = ['Thursday', ['14:00-15:00', '14:00 to 15:00']];
    expect(allFactsPresent(must, 'Office hours run every Thursday from 14:00 to 15:00 in Teams.')).toBe(true);
    expect(allFactsPresent(must, 'Every THURSDAY, 14:00-15:00.')).toBe(true);
    expect(allFactsPresent(must, 'Office hours run every Thursday afternoon.')).toBe(false);
    expect(allFactsPresent(must, 'Office hours run from 14:00 to 15:00.')).toBe(false);
  });

  it('the "may I" set words each must fact as a playbook it lists does, so a correct quote from any of them counts', () => {
    const root = path.join(__dirname, '..', '..');
    const dataset = loadEvalDataset(path.join(root, 'test', 'eval', 'playbooks-may-i'), path.join(root, 'playbooks'));
    expect(dataset.questions.length).toBeGreaterThanOrEqual(40);
    const unfound: string[] = [];
    for (const q of dataset.questions) {
      const texts = q.gold.map((g) => fs.readFileSync(path.join(root, 'playbooks', g.file), 'utf8').toLowerCase());
      for (const fact of q.must ?? [])
        for (const form of typeof fact === 'string' ? [fact] : fact)
          if (!texts.some((t) => t.includes(form.toLowerCase()))) unfound.push(`${q.id}: ${form}`);
    }
    expect(unfound).toEqual([]);
  });
});
