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
