import { stem, tokenize } from './tokenize';
import { QUESTION_FRAMING_WORDS } from './stop-words';
import { synonymExpansions } from './synonyms';

/** A question reduced to index terms: unique terms with weights, and the question's own terms in order (for phrase bonuses). */
export interface AnalyzedQuery {
  terms: Map<string, number>;
  sequence: string[];
}

/** Weight of a question-framing word ("key", "considerations") relative to a topic word. */
export const FRAMING_WEIGHT = 0.3;

/** Weight of a synonym added for a question word, relative to the word itself. */
export const SYNONYM_WEIGHT = 0.6;

let framingStems: Set<string> | undefined;

/** True for the stem of a word that frames a question rather than naming its topic. */
export function isFramingTerm(term: string): boolean {
  framingStems ??= new Set([...QUESTION_FRAMING_WORDS].map((w) => stem(w)));
  return framingStems.has(term);
}

/**
 * Turns a question into weighted index terms: framing words weigh less, a repeated word a little more,
 * and synonyms of the question's words (and terms implied by known phrases) join at a lower weight.
 */
export function analyzeQuery(question: string): AnalyzedQuery {
  const tokens = tokenize(question);
  const terms = new Map<string, number>();
  for (const t of tokens) {
    const base = isFramingTerm(t.term) ? FRAMING_WEIGHT : 1;
    const prev = terms.get(t.term);
    terms.set(t.term, prev === undefined ? base : Math.min(2 * base, prev + 0.5 * base));
  }
  for (const { added } of synonymExpansions(question, new Set(terms.keys()))) {
    for (const term of added) if (!isFramingTerm(term) && !terms.has(term)) terms.set(term, SYNONYM_WEIGHT);
  }
  return { terms, sequence: tokens.map((t) => t.term) };
}
