import {
  AFFECTED,
  BUILD_OR_BUY,
  DATA_CLASSIFICATIONS,
  HIGH_RISK_DOMAINS,
  HOSTING,
  OUTPUT_USES,
  PERSONAL_DATA,
  PROHIBITED_PRACTICES,
  SCALES,
  label,
} from './use-case-facts';

/** The wizard's steps, always in this order (playbooks/use-case-intake.md). */
export const STEP_IDS = ['basics', 'data', 'impact', 'solution', 'value', 'review'] as const;
export type StepId = (typeof STEP_IDS)[number];

export const PRIORITIES = ['low', 'medium', 'high'] as const;

/** The value a multi-choice question sends for "None of these"; stored as an empty list. */
export const NONE_OF_THESE = 'none';

export type FieldKind = 'text' | 'longText' | 'choice' | 'multiChoice' | 'yesNo' | 'number' | 'date';

export interface Choice {
  value: string;
  title: string;
}

/** One question of a wizard step; `id` is both the card input id and the answer key. */
export interface FieldSpec {
  id: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  minLength?: number;
  maxLength?: number;
  choices?: Choice[];
  /** Multi-choice only: offers "None of these" as an explicit, default answer. */
  noneOption?: boolean;
  min?: number;
  max?: number;
  placeholder?: string;
}

export interface StepSpec {
  id: StepId;
  title: string;
  intro: string;
  fields: FieldSpec[];
}

const coded = (values: readonly string[]): Choice[] => values.map((value) => ({ value, title: label(value) }));
const PRIORITY_LABELS: Record<(typeof PRIORITIES)[number], string> = { low: 'Low', medium: 'Medium', high: 'High' };

export const STEPS: readonly StepSpec[] = [
  {
    id: 'basics',
    title: 'Basics',
    intro: 'What the use case is and who stands behind it.',
    fields: [
      {
        id: 'title',
        label: 'Title',
        kind: 'text',
        required: true,
        minLength: 3,
        maxLength: 120,
        placeholder: 'A short name, e.g. "Contract clause summariser"',
      },
      {
        id: 'problem',
        label: 'Problem and expected outcome',
        kind: 'longText',
        required: true,
        minLength: 20,
        maxLength: 2000,
        placeholder: 'What is wrong today, and what will be better',
      },
      { id: 'businessUnit', label: 'Business unit', kind: 'text', required: true, minLength: 2, maxLength: 80 },
      {
        id: 'sponsor',
        label: 'Executive sponsor',
        kind: 'text',
        required: true,
        minLength: 2,
        maxLength: 120,
        placeholder: 'The senior person who owns the outcome and the budget',
      },
      {
        id: 'contact',
        label: 'Submitter contact',
        kind: 'text',
        required: true,
        minLength: 2,
        maxLength: 200,
        placeholder: 'Who the reviewers should talk to',
      },
    ],
  },
  {
    id: 'data',
    title: 'Data and people',
    intro: 'Which data the solution uses and whom it affects.',
    fields: [
      {
        id: 'dataSources',
        label: 'Data sources',
        kind: 'longText',
        required: true,
        minLength: 3,
        maxLength: 1000,
        placeholder: 'Systems, documents or feeds the solution will use',
      },
      {
        id: 'dataClassification',
        label: 'Data classification (the highest of any data involved)',
        kind: 'choice',
        required: true,
        choices: coded(DATA_CLASSIFICATIONS),
      },
      { id: 'personalData', label: 'Personal data', kind: 'choice', required: true, choices: coded(PERSONAL_DATA) },
      {
        id: 'affected',
        label: 'Who is affected (select all that apply)',
        kind: 'multiChoice',
        required: true,
        choices: coded(AFFECTED),
      },
      { id: 'scale', label: 'Scale of use', kind: 'choice', required: true, choices: coded(SCALES) },
    ],
  },
  {
    id: 'impact',
    title: 'Autonomy and impact',
    intro: 'How the outputs are used and where the use case applies.',
    fields: [
      { id: 'outputUse', label: 'How outputs are used', kind: 'choice', required: true, choices: coded(OUTPUT_USES) },
      {
        id: 'highRiskDomains',
        label: 'High-risk domains (select all that apply)',
        kind: 'multiChoice',
        required: true,
        noneOption: true,
        choices: coded(HIGH_RISK_DOMAINS),
      },
      {
        id: 'prohibitedPractices',
        label: 'Prohibited practices check: does the use case involve any of these?',
        kind: 'multiChoice',
        required: true,
        noneOption: true,
        choices: coded(PROHIBITED_PRACTICES),
      },
      {
        id: 'customerFacing',
        label: 'Do customers interact with the solution directly?',
        kind: 'yesNo',
        required: true,
      },
      {
        id: 'generatedContentShown',
        label: 'Is generated content shown to anyone other than the person who asked for it?',
        kind: 'yesNo',
        required: true,
      },
    ],
  },
  {
    id: 'solution',
    title: 'Solution',
    intro: 'How you plan to build it and when.',
    fields: [
      { id: 'hosting', label: 'Model and hosting', kind: 'choice', required: true, choices: coded(HOSTING) },
      {
        id: 'model',
        label: 'Model or product name (if known)',
        kind: 'text',
        required: false,
        maxLength: 120,
      },
      { id: 'buildOrBuy', label: 'Build or buy', kind: 'choice', required: true, choices: coded(BUILD_OR_BUY) },
      { id: 'pilotStart', label: 'Planned pilot start', kind: 'date', required: true },
      { id: 'goLive', label: 'Planned go-live (if known)', kind: 'date', required: false },
    ],
  },
  {
    id: 'value',
    title: 'Value',
    intro: 'What the organisation gets for it.',
    fields: [
      { id: 'benefit', label: 'Expected benefit', kind: 'longText', required: true, minLength: 10, maxLength: 1000 },
      { id: 'kpis', label: 'KPIs you will measure', kind: 'longText', required: true, minLength: 3, maxLength: 1000 },
      { id: 'pilotCostUsd', label: 'Rough pilot cost (USD)', kind: 'number', required: true, min: 0, max: 100_000_000 },
      {
        id: 'yearlyCostUsd',
        label: 'Rough yearly running cost (USD, if known)',
        kind: 'number',
        required: false,
        min: 0,
        max: 100_000_000,
      },
      {
        id: 'roi',
        label: 'ROI estimate (if known)',
        kind: 'text',
        required: false,
        maxLength: 500,
        placeholder: 'e.g. "pays back in 9 months"',
      },
      {
        id: 'priority',
        label: 'Priority for your business unit',
        kind: 'choice',
        required: true,
        choices: PRIORITIES.map((p) => ({ value: p, title: PRIORITY_LABELS[p] })),
      },
    ],
  },
  {
    id: 'review',
    title: 'Review and submit',
    intro: 'Check your answers and the computed risk tier, then submit.',
    fields: [],
  },
];

/** The definition of a step. */
export function stepSpec(id: StepId): StepSpec {
  return STEPS.find((s) => s.id === id)!;
}

/** 1-based position of a step, for "Step 2 of 6". */
export function stepNumber(id: StepId): number {
  return STEP_IDS.indexOf(id) + 1;
}

export function nextStep(id: StepId): StepId {
  return STEP_IDS[Math.min(STEP_IDS.indexOf(id) + 1, STEP_IDS.length - 1)];
}

export function previousStep(id: StepId): StepId {
  return STEP_IDS[Math.max(STEP_IDS.indexOf(id) - 1, 0)];
}
