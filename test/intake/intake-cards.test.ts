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

  it('puts what a click did right above the buttons, and a refresh action on the wizard card', () => {
    const saved = intakeCard(
      ok({ kind: 'wizard', view: view('basics', { notice: { tone: 'good', text: 'Draft saved.' } }) }),
    );
    expect(saved.body.at(-1)).toMatchObject({ id: 'feedback', items: [{ text: 'Draft saved.' }] });
    expect(saved.refresh?.action).toMatchObject({
      verb: 'intake.refreshWizard',
      data: { draftId: 12, step: 'basics', version: 4 },
    });
    const errors = intakeCard(
      ok({ kind: 'wizard', view: view('basics', { errors: { title: 'Please fill in this field.' } }) }),
    );
    expect(JSON.stringify(errors.body.at(-1))).toContain('One answer above needs fixing');
    expect(saved.fallbackText).toBe('Submit a use case, step 1 of 6: Basics (Clause finder)');
  });

  it('asks amounts in a text box, checks required answers itself, and keeps long lists compact', () => {
    const value = intakeCard(ok({ kind: 'wizard', view: view('value') }));
    expect(value.body.find((e: any) => e.id === 'pilotCostUsd')).toMatchObject({ type: 'Input.Text', value: '15000' });
    expect(JSON.stringify(value)).not.toContain('isRequired');
    const impact = intakeCard(ok({ kind: 'wizard', view: view('impact') }));
    const domains = impact.body.find((e: any) => e.id === 'highRiskDomains') as any;
    expect(domains).toMatchObject({ isMultiSelect: true, style: 'compact' });
    const data = intakeCard(ok({ kind: 'wizard', view: view('data') }));
    expect(data.body.find((e: any) => e.id === 'affected')).toMatchObject({ isMultiSelect: true, style: 'expanded' });
  });

  it('suggests only the approved models from the config', () => {
    const card = intakeCard(
      ok({ kind: 'wizard', view: view('solution', { approvedModels: ['GPT-4.1', 'GPT-4.1 mini'] }) }),
    );
    const model = card.body.find((e: any) => e.id === 'model') as any;
    expect(model.placeholder).toBe('e.g. GPT-4.1, GPT-4.1 mini (approved), or the vendor product');
    expect(JSON.stringify(card)).not.toContain('GPT-4o');
  });

  it("writes dates in the person's locale, in one format", () => {
    const review = (locale?: string) =>
      JSON.stringify(intakeCard(ok({ kind: 'wizard', view: view('review') }), locale));
    expect(review('en-US')).toContain('January 10, 2027');
    expect(review('en-GB')).toContain('10 January 2027');
    expect(review('en-US')).not.toContain('2027-01-10');
  });

  it('shows a use case at a glance: the essentials, answers and history collapsed, no bookkeeping entries', () => {
    const detail = samples.find(([name]) => name === 'detail with withdraw and edit')![1];
    const card = intakeCard(detail) as any;
    const hidden = card.body.filter((e: any) => e.isVisible === false).map((e: any) => e.id);
    expect(hidden).toEqual(['all-answers', 'history']);
    expect(JSON.stringify(card)).toContain('Pilot cost');
    const withBookkeeping = ok({
      ...(detail as any).value,
      history: [
        { subjectType: 'use-case', subjectId: 'UC-0043', action: 'review.card-sent', at: '2026-11-03T09:00:00Z' },
      ],
    });
    expect(JSON.stringify(intakeCard(withBookkeeping as never))).not.toContain('Review.card sent');
    expect(JSON.stringify(intakeCard(withBookkeeping as never))).toContain('History (0)');
  });

  it('turns a superseded wizard card read-only', () => {
    const card = intakeCard(ok({ kind: 'superseded', message: 'This draft continues in a newer card.' }));
    expect(JSON.stringify(card)).toContain('This draft continues in a newer card.');
    expect(actionsOf(card).filter((a: any) => a.type === 'Action.Execute')).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('I could not do that');
  });
});
