import { expectValidCard, cardSchemaErrors } from '../support/card-schema';
import {
  escalationAnsweredCard,
  expertAnswerForAskerCard,
  expertQuestionCard,
  notCoveredCard,
} from '../../src/knowledge/cards/escalation-cards';
import { ANSWER_INPUT_ID, ESCALATION_VERBS } from '../../src/knowledge/cards/escalation-verbs';

describe('Adaptive Card schema helper', () => {
  it('accepts a plain TextBlock card and rejects a misspelled element type', () => {
    expect(() =>
      expectValidCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hello' }] }),
    ).not.toThrow();
    const bad = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlok', text: 'Hello' }] };
    expect(cardSchemaErrors(bad).length).toBeGreaterThan(0);
    expect(() => expectValidCard(bad)).toThrow(/not valid Adaptive Card 1.5/);
  });
});

describe('knowledge cards', () => {
  const actionsOf = (card: { actions?: unknown[] }): Array<Record<string, unknown>> =>
    (card.actions ?? []) as Array<Record<string, unknown>>;

  it('expert question card: question, asker, answer field and "Send answer"', () => {
    const card = expertQuestionCard({
      escalationId: 'esc-1',
      question: 'Can we use *AI* note-takers?',
      askerName: 'Dana',
      askedAt: new Date('2026-03-01T10:00:00Z'),
    });
    expectValidCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain('Dana');
    expect(json).toContain('note-takers');
    expect(card.body.some((e) => e.type === 'Input.Text' && e.id === ANSWER_INPUT_ID && e.isMultiline === true)).toBe(
      true,
    );
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({
        type: 'Action.Execute',
        title: 'Send answer',
        verb: 'coe.escalation.answer',
        data: { escalationId: 'esc-1' },
      }),
    ]);
  });

  it('answered card offers "Add to knowledge base" until it has been added', () => {
    const open = escalationAnsweredCard({
      escalationId: 'esc-1',
      question: 'Q?',
      askerName: 'Dana',
      answer: 'No.',
      expertName: 'Erin',
    });
    expectValidCard(open);
    expect(JSON.stringify(open)).toContain('Erin');
    expect(actionsOf(open)).toEqual([
      expect.objectContaining({
        type: 'Action.Execute',
        verb: ESCALATION_VERBS.addToKnowledgeBase,
        data: { escalationId: 'esc-1' },
      }),
    ]);
    const added = escalationAnsweredCard({
      escalationId: 'esc-1',
      question: 'Q?',
      askerName: 'Dana',
      answer: 'No.',
      expertName: 'Erin',
      addedToKnowledgeBase: true,
    });
    expectValidCard(added);
    expect(added.actions).toBeUndefined();
    expect(JSON.stringify(added)).toContain('Added to the knowledge base.');
  });

  it("asker's card carries the expert's answer", () => {
    const card = expertAnswerForAskerCard({ question: 'Q?', answer: 'Only with written consent.', expertName: 'Erin' });
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('Only with written consent.');
  });

  it('not-covered card offers "Ask the CoE" with the question', () => {
    const card = notCoveredCard({ question: 'What is the PTO policy?' });
    expectValidCard(card);
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({
        type: 'Action.Execute',
        title: 'Ask the CoE',
        verb: 'coe.escalation.create',
        data: { question: 'What is the PTO policy?' },
      }),
    ]);
  });
});
