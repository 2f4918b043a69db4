import type { RetrievalHit } from '../retrieval/retriever';
import { tokenize } from '../retrieval/tokenize';
import { termFound, weightedQuestionTerms, type IdfLookup } from './evidence';
import type { ChosenSentence } from './extractive-answer';
import { questionType, statesFigure } from './question-type';

/*
 * Whether the chosen evidence answers what the question asks, beyond sharing its words: the asked-for
 * type (a figure for "how much"), the part of a message that asks, and the words no document mentions.
 */

/** Capitalised or distinctive words of the question (names, abbreviations) that no indexed passage contains, as the person wrote them. */
export function missingWords(question: string, idf: IdfLookup): string[] {
  const out: string[] = [];
  for (const m of question.matchAll(/[\p{L}][\p{L}\p{N}-]*/gu)) {
    const word = m[0];
    if (m.index === 0 || !/\p{Lu}/u.test(word) || out.includes(word)) continue;
    const terms = tokenize(word).map((t) => t.term);
    if (terms.length > 0 && terms.every((t) => idf(t) === undefined)) out.push(word);
  }
  return out;
}

/**
 * For a question that asks for an amount, duration or frequency: true only when a quoted sentence
 * states a figure next to the question's focus (its most specific words, not the units). Passages
 * about the topic without the figure ("What is the maximum fine under GDPR?" over a text that names
 * GDPR but no fine) do not answer it. A sentence is read with its own section heading (from `hits`,
 * when given): a figure under the heading "Reporting a data leak" is about leaks. The document title
 * is left out: it names the whole document's topic, not what one figure in it is about.
 */
export function answersAskedType(
  question: string,
  chosen: readonly ChosenSentence[],
  idf: IdfLookup,
  maxIdf: number,
  hits: readonly RetrievalHit[] = [],
): boolean {
  if (questionType(question) !== 'amount') return true;
  const focus = weightedQuestionTerms(question, idf, maxIdf, 0)
    .filter((t) => t.known && !t.numeric && !UNIT_TERMS.has(t.term))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 3);
  if (focus.length === 0) return true;
  return chosen.some((c) => {
    if (!statesFigure(c.text)) return false;
    const heading = hits[c.hit]?.passage.section.split(' > ').pop() ?? '';
    const terms = new Set(tokenize(`${heading} ${c.text}`).map((t) => t.term));
    return focus.some((f) => termFound(f, terms));
  });
}

/** Words that name the unit or rate of an asked-for figure ("per month", "monthly") rather than what it is about. */
const UNIT_TERMS = new Set(
  [
    'hour',
    'dai',
    'day',
    'week',
    'month',
    'year',
    'minut',
    'minute',
    'percent',
    'percentag',
    'number',
    'amount',
    'cost',
    'price',
    'time',
    'mani',
    'much',
    'long',
    'often',
    'soon',
    'quickly',
    'quick',
    'fast',
    'far',
    'maximum',
    'minimum',
    'per',
    'hourly',
    'daily',
    'weekly',
    'monthly',
    'quarterly',
    'yearly',
    'annual',
    'annually',
  ].flatMap((w) => tokenize(w).map((t) => t.term)),
);

/** The sentence of a message that asks (the first one ending in a question mark), or the whole message. */
export function askedSentence(message: string): string {
  const sentences = message.split(/(?<=[?!.])\s+/).filter((s) => s.trim() !== '');
  if (sentences.length < 2) return message;
  return sentences.find((s) => /\?$/.test(s.trim()))?.trim() ?? message;
}
