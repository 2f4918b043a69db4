import { intakeCard } from '../../src/intake/cards/render-outcome';
import type { Draft } from '../../src/intake/draft-repository';
import type { IntakeOutcome, WizardView } from '../../src/intake/intake-outcome';
import { ok, refuse } from '../../src/runtime/outcome';
import { toCardValues } from '../../src/intake/step-validation';
import type { UseCase } from '../../src/intake/use-case';
import { useCasesToCsv } from '../../src/intake/use-case-csv';
import { STEP_IDS, type StepId } from '../../src/intake/wizard-steps';
import { cardSchemaErrors, expectValidCard } from '../support/card-schema';
import { actionsOf, textOf } from './wizard-driver';

const answers = {
  basics: {
    title: 'Clause finder',
    problem: 'Finding risky clauses takes hours of lawyer time.',
    businessUnit: 'Legal Ops',
    sponsor: 'Dana',
    contact: 'megan@contoso.example',
  },
  data: {
    dataSources: 'Contract repository',
    dataClassification: 'confidential',
    personalData: 'personal',
    affected: ['employees', 'customers'],
    scale: 'department',
  },
  impact: {
    outputUse: 'advisory',
    highRiskDomains: ['employment'],
    prohibitedPractices: ['emotion-recognition'],
    customerFacing: false,
    generatedContentShown: true,
  },
  solution: { hosting: 'vendor-saas', model: 'Vendor X', buildOrBuy: 'buy', pilotStart: '2027-01-10' },
  value: {
    benefit: 'Saves two hours per contract.',
    kpis: 'Hours saved',
    pilotCostUsd: 15000,
    roi: '6 months',
    priority: 'medium',
  },
};

const draft = (step: StepId, extra: Partial<Draft> = {}): Draft => ({
  id: 12,
  ownerId: 'owner',
  step,
  answers,
  version: 4,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-02T11:30:00.000Z',
  ...extra,
});

const useCase = (extra: Partial<UseCase> = {}): UseCase => ({
  id: 42,
  code: 'UC-0042',
  submitterId: 'owner',
  submitterName: 'Megan Bowen',
  title: 'Clause finder',
  businessUnit: 'Legal Ops',
  answers,
  facts: { dataClassification: 'confidential', personalData: 'personal', hosting: 'vendor-saas', tier: 'high' },
  tier: 'high',
  tierReasons: ['Used in a high-risk domain: Employment and worker management'],
  status: 'in-review',
  version: 3,
  createdAt: '2026-11-02T11:30:00.000Z',
  updatedAt: '2026-11-03T09:00:00.000Z',
  submittedAt: '2026-11-02T11:30:00.000Z',
  ...extra,
});

function view(step: StepId, extra: Partial<WizardView> = {}): WizardView {
  return {
    draft: draft(step),
    values: toCardValues(step, (answers as Record<string, Record<string, unknown>>)[step]),
    errors: {},
    tier: {
      tier: 'prohibited',
      reasons: [
        'The use case involves a practice the EU AI Act prohibits: Emotion recognition in the workplace or in education',
      ],
    },
    impliedTier: { tier: 'high', reasons: ['Used in a high-risk domain: Employment and worker management'] },
    prohibited: ['Emotion recognition in the workplace or in education'],
    ...extra,
  };
}

const summaries = [
  { useCase: useCase(), stage: 'Privacy review', pendingApprovers: ['Adele Vance', 'Alex Wilber'] },
  {
    useCase: useCase({
      id: 43,
      code: 'UC-0043',
      status: 'changes-requested',
      tier: 'minimal',
      tierReasons: ['None of the Prohibited, High or Limited conditions apply'],
    }),
  },
];
const history = [
  {
    subjectType: 'use-case',
    subjectId: 'UC-0042',
    action: 'drafted',
    actorName: 'Megan Bowen',
    at: '2026-11-02T11:30:00.000Z',
    details: { startedAt: '2026-11-01T10:00:00.000Z' },
  },
  {
    subjectType: 'use-case',
    subjectId: 'UC-0042',
    action: 'submitted',
    actorName: 'Megan Bowen',
    at: '2026-11-02T11:30:00.000Z',
  },
  {
    subjectType: 'use-case',
    subjectId: 'UC-0042',
    action: 'stage-approved',
    actorName: 'Alex Wilber',
    comment: 'Looks fine',
    at: '2026-11-03T09:00:00.000Z',
  },
];
const many = Array.from({ length: 30 }, (_, i) =>
  useCase({ id: 100 + i, code: `UC-${String(100 + i).padStart(4, '0')}` }),
);
const csv = useCasesToCsv(
  many.map((uc) => ({ useCase: uc })),
  2000,
);

const samples: Array<[string, IntakeOutcome]> = [
  ...STEP_IDS.map((step): [string, IntakeOutcome] => [`wizard step ${step}`, ok({ kind: 'wizard', view: view(step) })]),
  [
    'wizard step with errors and a notice',
    ok({
      kind: 'wizard',
      view: view('basics', {
        errors: { title: 'Please fill in this field.', problem: 'Please write at least 20 characters.' },
        values: { title: '', problem: 'short' },
        notice: { tone: 'warning', text: 'Out of date.' },
      }),
    }),
  ],
  [
    'wizard editing a use case, first visit (no tier yet)',
    ok({
      kind: 'wizard',
      view: view('value', {
        editing: { code: 'UC-0042', title: 'Clause finder' },
        impliedTier: undefined,
        prohibited: [],
        values: {},
      }),
    }),
  ],
  ['draft exists', ok({ kind: 'draft-exists', draft: draft('data') })],
  [
    'confirm discard of an edit',
    ok({ kind: 'confirm-discard', draft: draft('data', { useCaseId: 42 }), editingCode: 'UC-0042' }),
  ],
  ['discarded', ok({ kind: 'discarded' })],
  ['no draft', ok({ kind: 'no-draft' })],
  [
    'submitted',
    ok({ kind: 'submitted', useCase: useCase({ status: 'submitted' }), repeated: false, resubmitted: false }),
  ],
  [
    'submitted again (prohibited)',
    ok({ kind: 'submitted', useCase: useCase({ tier: 'prohibited' }), repeated: true, resubmitted: false }),
  ],
  ['resubmitted', ok({ kind: 'submitted', useCase: useCase(), repeated: false, resubmitted: true })],
  ['refused', refuse('not-found', 'I could not find that draft among yours, so nothing was changed.')],
  ['my submissions, empty', ok({ kind: 'my-submissions', items: [], drafts: [] })],
  [
    'my submissions with drafts',
    ok({
      kind: 'my-submissions',
      items: summaries,
      drafts: [draft('impact'), draft('basics', { id: 13, useCaseId: 43, answers: {} })],
    }),
  ],
  [
    'detail with withdraw and edit',
    ok({
      kind: 'detail',
      item: summaries[1],
      history,
      canWithdraw: true,
      canEdit: true,
      notice: { tone: 'good', text: 'Saved.' },
    }),
  ],
  ['detail, read only', ok({ kind: 'detail', item: summaries[0], history: [], canWithdraw: false, canEdit: false })],
  [
    'all submissions, many',
    ok({
      kind: 'all-submissions',
      filter: { status: 'in-review', tier: 'high', businessUnit: 'Legal Ops' },
      items: many,
    }),
  ],
  ['all submissions, none', ok({ kind: 'all-submissions', filter: {}, items: [] })],
  ['export, truncated', ok({ kind: 'export', filter: {}, csv: csv.csv, rows: many.length, included: csv.included })],
];

describe('every intake card is valid Adaptive Card 1.5', () => {
  it.each(samples)('%s', (_name, outcome) => {
    const card = intakeCard(outcome);
    expectValidCard(card);
    expect(card.version).toBe('1.5');
  });

  it('the schema check can fail (a misspelled input type is caught)', () => {
    const card = intakeCard(ok({ kind: 'wizard', view: view('basics') })) as any;
    card.body.push({ type: 'Input.Txt', id: 'x' });
    expect(cardSchemaErrors(card).length).toBeGreaterThan(0);
  });
});

describe('intake card content', () => {
  it('gives every Action.Execute an Action.Submit fallback with the same data and the verb', () => {
    for (const [, outcome] of samples) {
      for (const action of actionsOf(intakeCard(outcome)).filter((a) => a.type === 'Action.Execute')) {
        expect(action.fallback).toEqual(
          expect.objectContaining({
            type: 'Action.Submit',
            title: action.title,
            data: { ...action.data, verb: action.verb },
          }),
        );
      }
    }
  });

  it('carries only the draft id, step and version in wizard button data', () => {
    const card = intakeCard(ok({ kind: 'wizard', view: view('data') }));
    for (const action of actionsOf(card).filter((a) => a.verb && a.verb !== 'intake.back'))
      expect(action.data).toEqual({ draftId: 12, step: 'data', version: 4 });
  });

  it('shows the progress, the live tier banner and choice labels from use-case-facts', () => {
    const json = textOf(intakeCard(ok({ kind: 'wizard', view: view('data') })));
    expect(json).toContain('Step 2 of 6: Data and people');
    expect(json).toContain('Risk tier so far: High');
    expect(json).toContain('{"title":"Highly confidential","value":"highly-confidential"}');
  });

  it('defaults the prohibited-practices check to "None of these"', () => {
    const card = intakeCard(ok({ kind: 'wizard', view: view('impact', { values: {}, prohibited: [] }) }));
    const input = (card.body as any[]).find((e) => e.id === 'prohibitedPractices');
    expect(input).toMatchObject({ isMultiSelect: true, value: 'none' });
    expect(input.choices[0]).toEqual({ title: 'None of these', value: 'none' });
  });

  it('says when an export was cut to fit one message', () => {
    expect(csv.included).toBeLessThan(many.length);
    expect(
      textOf(intakeCard(ok({ kind: 'export', filter: {}, csv: csv.csv, rows: many.length, included: csv.included }))),
    ).toContain(`Only ${csv.included} of 30 rows fit`);
  });
});
