import { intakeCard } from '../../src/intake/cards/render-outcome';
import { ok } from '../../src/runtime/outcome';
import { INTAKE_SAMPLES as samples, csv, many, view } from './intake-card-samples';
import { cardSchemaErrors, expectValidCard } from '../support/card-schema';
import { actionsOf, textOf } from './wizard-driver';

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
