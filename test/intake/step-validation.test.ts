import { factsFromAnswers } from '../../src/intake/answers-to-facts';
import { parseWizardData } from '../../src/intake/card-action-data';
import { toCardValues, validateStep } from '../../src/intake/step-validation';
import { parseSubmissionFilter } from '../../src/intake/submission-filter';
import { VALID } from './wizard-driver';

function errorsOf(result: ReturnType<typeof validateStep>): Record<string, string> {
  return result.ok ? {} : result.errors;
}

describe('validateStep (zod per step)', () => {
  it('turns valid card strings into typed answers', () => {
    expect(validateStep('data', VALID.data, 'complete')).toEqual({
      ok: true,
      answers: {
        dataSources: 'Contract repository and the clause library',
        dataClassification: 'internal',
        personalData: 'none',
        affected: ['employees'],
        scale: 'department',
      },
    });
    expect(validateStep('impact', { ...VALID.impact, customerFacing: 'yes' }, 'complete')).toMatchObject({
      ok: true,
      answers: { highRiskDomains: [], prohibitedPractices: [], customerFacing: true, generatedContentShown: false },
    });
    expect(validateStep('value', { ...VALID.value, pilotCostUsd: '15,000' }, 'complete')).toMatchObject({
      ok: true,
      answers: { pilotCostUsd: 15000, priority: 'high' },
    });
  });

  it('names every missing required field and nothing optional', () => {
    const errors = errorsOf(validateStep('solution', {}, 'complete'));
    expect(errors).toEqual({
      hosting: 'Please choose one option.',
      buildOrBuy: 'Please choose one option.',
      pilotStart: 'Please pick a date.',
    });
  });

  it('checks lengths', () => {
    expect(errorsOf(validateStep('basics', { ...VALID.basics, title: 'x'.repeat(121) }, 'complete')).title).toBe(
      'Please keep this under 120 characters (it has 121).',
    );
    expect(errorsOf(validateStep('basics', { ...VALID.basics, problem: 'too short' }, 'complete')).problem).toBe(
      'Please write at least 20 characters.',
    );
  });

  it('accepts only the offered values', () => {
    expect(
      errorsOf(validateStep('data', { ...VALID.data, dataClassification: 'secret' }, 'complete')).dataClassification,
    ).toBe('Please choose one of the options shown.');
    expect(errorsOf(validateStep('data', { ...VALID.data, affected: 'employees,aliens' }, 'complete')).affected).toBe(
      'Please choose from the options shown.',
    );
    expect(
      errorsOf(validateStep('impact', { ...VALID.impact, customerFacing: 'maybe' }, 'complete')).customerFacing,
    ).toBe('Please choose Yes or No.');
    expect(
      errorsOf(validateStep('impact', { ...VALID.impact, highRiskDomains: 'none,employment' }, 'complete'))
        .highRiskDomains,
    ).toBe('Choose either "None of these" or the items that apply, not both.');
    expect(errorsOf(validateStep('value', { ...VALID.value, pilotCostUsd: '-5' }, 'complete')).pilotCostUsd).toMatch(
      /number from 0/,
    );
    expect(errorsOf(validateStep('value', { ...VALID.value, priority: { evil: true } }, 'complete')).priority).toMatch(
      /could not be read/,
    );
  });

  it('checks dates, including go-live not before the pilot', () => {
    expect(
      errorsOf(validateStep('solution', { ...VALID.solution, pilotStart: '2027-02-30' }, 'complete')).pilotStart,
    ).toBe('Please enter a date as YYYY-MM-DD.');
    expect(errorsOf(validateStep('solution', { ...VALID.solution, goLive: '2026-12-31' }, 'complete')).goLive).toBe(
      'Go-live cannot be before the pilot start.',
    );
  });

  it('lets a draft be saved half-filled, but never with an invalid value', () => {
    expect(validateStep('basics', { title: 'Half done', problem: '' }, 'partial')).toEqual({
      ok: true,
      answers: { title: 'Half done' },
    });
    expect(errorsOf(validateStep('basics', { title: 'x'.repeat(500) }, 'partial')).title).toMatch(/under 120/);
  });

  it('strips control characters (PostgreSQL jsonb refuses NUL) and trims', () => {
    expect(validateStep('basics', { ...VALID.basics, title: '  Clause\u0000 finder ' }, 'complete')).toMatchObject({
      ok: true,
      answers: { title: 'Clause finder' },
    });
  });

  it('round-trips stored answers through the card values', () => {
    for (const step of ['basics', 'data', 'impact', 'solution', 'value'] as const) {
      const first = validateStep(step, VALID[step], 'complete');
      if (!first.ok) throw new Error(`${step} sample is invalid`);
      expect(validateStep(step, toCardValues(step, first.answers), 'complete')).toEqual(first);
    }
  });
});

describe('parseWizardData (untrusted card data)', () => {
  const envelope = { draftId: 7, step: 'basics', version: 3 };

  it('splits the envelope from the step inputs', () => {
    expect(parseWizardData({ ...envelope, title: 'T' })).toEqual({ ok: true, envelope, inputs: { title: 'T' } });
  });

  it('refuses fields that do not belong to the step the card claims', () => {
    expect(parseWizardData({ ...envelope, title: 'T', dataClassification: 'public', isAdmin: true })).toEqual({
      ok: false,
      message:
        'That card sent fields that do not belong to this step (dataClassification, isAdmin). Nothing was changed.',
    });
  });

  it('refuses a damaged envelope and a jump target outside Back', () => {
    expect(parseWizardData({ ...envelope, draftId: '7' }).ok).toBe(false);
    expect(parseWizardData({ ...envelope, step: 'payment' }).ok).toBe(false);
    expect(parseWizardData({ draftId: 7, step: 'basics' }).ok).toBe(false);
    expect(parseWizardData([1, 2]).ok).toBe(false);
    expect(parseWizardData({ ...envelope, target: 'basics' }).ok).toBe(false);
    expect(parseWizardData({ ...envelope, target: 'basics' }, true)).toMatchObject({
      ok: true,
      envelope: { target: 'basics' },
    });
  });
});

describe('factsFromAnswers', () => {
  it('reads the facts from their steps and leaves malformed answers out', () => {
    const facts = factsFromAnswers({
      basics: { businessUnit: 'Legal Ops' },
      data: { dataClassification: 'confidential', personalData: 'personal', affected: ['customers'], scale: 'weird' },
      impact: {
        outputUse: 'advisory',
        highRiskDomains: [],
        prohibitedPractices: ['emotion-recognition'],
        customerFacing: 'yes',
        generatedContentShown: true,
      },
      solution: { hosting: 'vendor-saas', buildOrBuy: 'buy' },
    });
    expect(facts).toEqual({
      businessUnit: 'Legal Ops',
      dataClassification: 'confidential',
      personalData: 'personal',
      affected: ['customers'],
      outputUse: 'advisory',
      highRiskDomains: [],
      prohibitedPractices: ['emotion-recognition'],
      generatedContentShown: true,
      hosting: 'vendor-saas',
      buildOrBuy: 'buy',
    });
  });
});

describe('parseSubmissionFilter ("all submissions [status] [tier] [business unit]")', () => {
  it.each([
    ['all submissions', { status: undefined, tier: undefined, businessUnit: undefined }],
    ['all submissions in review high Finance', { status: 'in-review', tier: 'high', businessUnit: 'Finance' }],
    ['All submissions changes requested', { status: 'changes-requested', tier: undefined, businessUnit: undefined }],
    ['all submissions limited tier for Legal Ops', { status: undefined, tier: 'limited', businessUnit: 'Legal Ops' }],
    ['all submissions withdrawn', { status: 'withdrawn', tier: undefined, businessUnit: undefined }],
  ])('%s', (text, expected) => {
    expect(parseSubmissionFilter(text)).toEqual(expected);
  });
});
