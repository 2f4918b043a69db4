import { askedAnswerType, hasAnswerOfType } from '../../src/knowledge/retrieval/answer-type';
import { DEFAULT_LEXICAL, LexicalRetriever } from '../../src/knowledge/retrieval/lexical-retriever';
import type { Passage } from '../../src/knowledge/document-model';

describe('answer type of a question', () => {
  it('reads the kind of expression a question asks for from its wording', () => {
    expect(askedAnswerType('How often should we meet?')).toBe('frequency');
    expect(askedAnswerType('At what cadence are reviews held?')).toBe('frequency');
    expect(askedAnswerType('How long do we keep chat logs?')).toBe('duration');
    expect(askedAnswerType('How many engineers are on a team?')).toBe('count');
    expect(askedAnswerType('What number of violations is acceptable?')).toBe('count');
    expect(askedAnswerType('Who approves a new model?')).toBeUndefined();
    expect(askedAnswerType('What is a long-term plan?')).toBeUndefined();
  });

  it('finds frequencies, durations and numbers (digits or words) in a text', () => {
    expect(hasAnswerOfType('Review the list quarterly.', 'frequency')).toBe(true);
    expect(hasAnswerOfType('Meet once a month with the sponsor.', 'frequency')).toBe(true);
    expect(hasAnswerOfType('Check every two weeks.', 'frequency')).toBe(true);
    expect(hasAnswerOfType('Review the list when risks change.', 'frequency')).toBe(false);
    expect(hasAnswerOfType('Logs are deleted after 30 days.', 'duration')).toBe(true);
    expect(hasAnswerOfType('It takes about three business days.', 'duration')).toBe(true);
    expect(hasAnswerOfType('Logs are deleted by the platform team.', 'duration')).toBe(false);
    expect(hasAnswerOfType('Each team has around six engineers.', 'count')).toBe(true);
    expect(hasAnswerOfType('Reduce the problems to zero.', 'count')).toBe(true);
    expect(hasAnswerOfType('Each team has engineers.', 'count')).toBe(false);
  });
});

describe('answer-type boost in the lexical retriever', () => {
  let nextId = 1;
  const passage = (section: string, text: string): Passage => ({
    id: nextId++,
    source: 'risks.md',
    title: 'Cloud risks',
    section,
    text,
    kind: 'markdown',
    ordinal: 0,
  });
  const passages = [
    passage(
      'Keep the risk list',
      'Keep the risk list in one place. Everyone who finds a risk adds it to the risk list, and the owner of each risk keeps its entry accurate so the list stays useful to the teams that read it.',
    ),
    passage(
      'Schedule',
      'Set a recurring schedule to go through every risk with the owners, such as quarterly or yearly, and also after a major incident that exposed a new weakness in the environment.',
    ),
  ];
  const question = 'How often should we revisit our risks?';

  it('without the boost, the passage that repeats the question words ranks first', () => {
    const r = new LexicalRetriever(passages, { ...DEFAULT_LEXICAL, answerTypeBoost: 0 });
    expect(r.searchSync(question)[0].passage.section).toBe('Keep the risk list');
  });

  it('with the default boost, a "how often" question prefers the passage that states a frequency', () => {
    const r = new LexicalRetriever(passages);
    expect(r.searchSync(question)[0].passage.section).toBe('Schedule');
  });
});
