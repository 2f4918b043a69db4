import type { Draft } from '../../src/intake/draft-repository';
import type { IntakeOutcome, WizardView } from '../../src/intake/intake-outcome';
import { ok, refuse } from '../../src/runtime/outcome';
import { toCardValues } from '../../src/intake/step-validation';
import type { UseCase } from '../../src/intake/use-case';
import { useCasesToCsv } from '../../src/intake/use-case-csv';
import { STEP_IDS, type StepId } from '../../src/intake/wizard-steps';

/** Sample intake outcomes covering every intake card, shared by the card tests and the card budgets test. */
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

export function view(step: StepId, extra: Partial<WizardView> = {}): WizardView {
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
export const many = Array.from({ length: 30 }, (_, i) =>
  useCase({ id: 100 + i, code: `UC-${String(100 + i).padStart(4, '0')}` }),
);
export const csv = useCasesToCsv(
  many.map((uc) => ({ useCase: uc })),
  2000,
);

export const INTAKE_SAMPLES: Array<[string, IntakeOutcome]> = [
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
  ['superseded', ok({ kind: 'superseded', message: 'This draft continues in a newer card.' })],
  [
    'submitted, live status',
    ok({
      kind: 'submitted',
      useCase: useCase(),
      repeated: false,
      resubmitted: false,
      live: true,
      status: { useCase: useCase(), stage: 'Privacy review', pendingApprovers: ['Adele Vance'] },
    }),
  ],
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
