import type { DocumentKind, Passage } from '../../src/knowledge/document-model';
import type { RetrievalHit } from '../../src/knowledge/retrieval/retriever';
import { outlineAnswer, setNoun } from '../../src/knowledge/answer/outline-answer';

/** One document as passages in reading order, each [section path, text]. */
function document(kind: DocumentKind, sections: Array<[string, string]>): Passage[] {
  return sections.map(([section, text], ordinal) => ({
    id: ordinal + 1,
    source: 'classes.md',
    title: 'Data classes',
    section,
    text,
    kind,
    ordinal,
  }));
}

const SECTIONS: Array<[string, string]> = [
  ['The three data classes', 'Every file has one of three classes.'],
  ['The three data classes > Open', 'Data anyone may read. Examples: the website.'],
  ['The three data classes > Company', 'Data for staff only. Examples: the intranet.'],
  ['The three data classes > Secret', 'Data whose loss harms the company. Examples: contracts.'],
  ['Who decides', 'The data owner decides the class.'],
];

function answer(kind: DocumentKind, question: string) {
  const passages = document(kind, SECTIONS);
  const hits: RetrievalHit[] = [{ passage: passages[2], score: 5 }];
  const at = (source: string, ordinal: number): Passage | undefined =>
    passages.find((p) => p.source === source && p.ordinal === ordinal);
  return outlineAnswer(question, hits, at, {});
}

describe('answers that list the sub-sections of a set', () => {
  it('names each member heading with its opening sentence and its own citation', () => {
    const a = answer('markdown', 'What are the three data classes?');
    expect(a?.text).toBe(
      'The three data classes:\n\n**Open**: Data anyone may read. [1]\n\n**Company**: Data for staff only. [2]\n\n**Secret**: Data whose loss harms the company. [3]',
    );
    expect(a?.citations.map((c) => c.section)).toEqual([
      'The three data classes > Open',
      'The three data classes > Company',
      'The three data classes > Secret',
    ]);
  });

  it('leaves documents whose headings were guessed from layout (PDF) to the quoted answer', () => {
    expect(answer('pdf', 'What are the three data classes?')).toBeUndefined();
  });

  it('needs the heading above the members to name what the question asks for', () => {
    expect(answer('markdown', 'What are the examples of company data?')).toBeUndefined();
    expect(answer('markdown', 'Who decides the class?')).toBeUndefined();
  });

  it('reads the asked-for plural noun from the question', () => {
    expect(setNoun('What are the four data classification levels?')).toBe('levels');
    expect(setNoun('Which IT accounting models does the guide describe?')).toBe('models');
    expect(setNoun('What is a risk tier?')).toBeUndefined();
  });
});

/** A document given as [section path, text] pairs, asked with the hit on `hitIndex`. */
function answerFrom(sections: Array<[string, string]>, hitIndex: number, question: string, title = 'Teams guide') {
  const passages = document('markdown', sections).map((p) => ({ ...p, title }));
  const at = (source: string, ordinal: number): Passage | undefined =>
    passages.find((p) => p.source === source && p.ordinal === ordinal);
  return outlineAnswer(question, [{ passage: passages[hitIndex], score: 5 }], at, {});
}

describe('answers that list a set the document introduces in other words', () => {
  const SILOS: Array<[string, string]> = [
    ['Silos', 'A silo is a team that keeps to itself.'],
    [
      'Silos > Working with a silo',
      'You can work with a silo through the following approaches. Pick one by cause.\nShare the goal: Show the team what the whole effort is for.\nTeach: Offer training in the new tools to the team.',
    ],
    [
      'Silos > Working with a silo',
      'Go slowly: Give the team time to adjust and be heard.\nExample: A network team that was won over.',
    ],
    ['Next steps', 'Read the guide on fiefdoms.'],
  ];

  it('lists labelled paragraphs when the section opening names what is asked for', () => {
    const a = answerFrom(SILOS, 1, 'What approaches help when working with a silo team?');
    expect(a?.text).toBe(
      'You can work with a silo through the following approaches:\n\n' +
        '**Share the goal**: Show the team what the whole effort is for. [1]\n\n' +
        '**Teach**: Offer training in the new tools to the team. [2]\n\n' +
        '**Go slowly**: Give the team time to adjust and be heard. [3]',
    );
    expect(a?.citations).toHaveLength(3);
  });

  it('does not list labelled paragraphs when neither the heading nor the opening names the asked-for set', () => {
    expect(answerFrom(SILOS, 1, 'What tools does the training cover?')).toBeUndefined();
  });

  const MODELS: Array<[string, string]> = [
    ['', 'Money can be counted in several ways. This guide outlines the common accounting models for teams.'],
    ['Cost center', 'Central IT: Central IT pays for everything and is seen as a cost.'],
    ['Chargeback', 'Each unit pays for what it uses out of its own budget.'],
    ['Showback', 'Each unit sees what it uses but the central budget pays.'],
    ['Next steps', 'Read about budgets.'],
  ];

  it('lists the top-level sections of a document whose introduction names the set, without closing sections', () => {
    const a = answerFrom(MODELS, 2, 'What accounting models does the guide describe?');
    expect(a?.text.split('\n\n')[0]).toBe('This guide outlines the common accounting models for teams:');
    expect(a?.citations.map((c) => c.section)).toEqual(['Cost center', 'Chargeback', 'Showback']);
  });

  it('leaves the set to the quoted answer when one sentence already names its members', () => {
    const named: Array<[string, string]> = [
      ['', 'We use three accounting models: cost center, chargeback and showback.'],
      ...MODELS.slice(1),
    ];
    expect(answerFrom(named, 2, 'What accounting models does the guide describe?')).toBeUndefined();
  });

  it('skips a caption that only repeats a member heading', () => {
    const captioned: Array<[string, string]> = [
      ...MODELS.slice(0, 3),
      ['Showback', 'Showback\nEach unit sees what it uses but the central budget pays.'],
    ];
    const a = answerFrom(captioned, 2, 'What accounting models does the guide describe?');
    expect(a?.text).toContain('**Showback**: Each unit sees what it uses but the central budget pays. [3]');
  });
});
