import { foldText, stem, tokenize, type Token } from './tokenize';
import { askKind } from './question-opening';
import { OPENING_REQUEST_WORDS, QUESTION_FRAMING_WORDS } from './stop-words';
import { synonymExpansions } from './synonyms';

/**
 * One thing a question asks about: a question term (or a phrase-triggered synonym group, with an empty
 * `term`) together with the words that count as saying the same. A passage gets credit for a concept
 * once, through its best-matching word, however many synonyms it uses.
 */
export interface QueryConcept {
  term: string;
  weight: number;
  /** Single-word synonyms, matched at SYNONYM_WEIGHT of the concept's weight. */
  synonyms: string[];
  /** Multi-word synonyms: present only when all their words are. */
  phrases: string[][];
}

/** A question reduced to index terms: unique terms with weights, the concepts they form, and the question's own terms in order (for phrase bonuses). */
export interface AnalyzedQuery {
  terms: Map<string, number>;
  concepts: QueryConcept[];
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
 * Stems of the question's framing words, judged by the word as written: "general" frames a question but
 * "generative" does not, although both stem to "gener" (likewise "likely" and "like", "important" and
 * "import", "information" and "inform").
 */
export function framingTermsOf(question: string): Set<string> {
  const out = new Set<string>();
  const folded = foldText(question);
  for (const w of folded.match(/[a-z]+/g) ?? []) if (isFramingWord(w)) out.add(stem(w));
  for (const m of folded.matchAll(FRAMING_IDIOMS)) for (const w of m[0].split(/\s+/)) out.add(stem(w));
  return out;
}

/**
 * Adverbial idioms whose words say when or how in general, not what about: "reviewed over time" asks
 * how reviews recur, and should not match "recovery time objectives"; "long" in "how long" asks for a
 * duration, and should not match "for a long time". "May" asking permission ("may I", "may we") is the modal
 * that "can" and "should" are (stop words), not the month, and should not match every "may" of a rule. Their
 * words are framing, as are "back" and "ahead" in a phrasal verb ("go back over the risks" asks to review
 * them, and should not match "showback"; "cutting back" is "reducing", which its synonyms find).
 */
const FRAMING_IDIOMS =
  /\b(?:over time|in the long run|in practice|going forward|these days|how (?:long|often|much|many|soon|quickly|fast|far|big|large|old)|(?:go|goes|going|come|comes|coming|get|gets|getting|look|looking|cut|cuts|cutting|scale|scales|scaling) back|(?:go|goes|going) ahead|may(?= (?:i|we|you|they|he|she|it|my|our|staff|employees|people|anyone|someone|contractors)\b))\b/g;

let requests: Set<string> | undefined;

/** Stems of the words that make a request when they open a question ("List the approved models"): left out there. */
function requestStems(): Set<string> {
  requests ??= new Set([...OPENING_REQUEST_WORDS].map((w) => stem(w)));
  return requests;
}

/**
 * A question's index terms, without the word that makes it a request: opening it ("List the approved models"), or
 * closing a search-box query that asks nothing else ("approved models list").
 */
export function questionTokens(question: string): Token[] {
  const tokens = tokenize(question);
  if (tokens.length > 1 && requestStems().has(tokens[0].term)) tokens.shift();
  else if (
    tokens.length > 1 &&
    requestStems().has(tokens[tokens.length - 1].term) &&
    !question.includes('?') &&
    askKind(question) === undefined
  )
    tokens.pop();
  return tokens;
}

const INFLECTION = /^(.{3,}?)(s|es|ed|d|ing)$/;

/** A framing word or a plain inflection of one ("considered", "handling"); derived words ("generative", "likely") are not. */
function isFramingWord(word: string): boolean {
  if (QUESTION_FRAMING_WORDS.has(word)) return true;
  const m = INFLECTION.exec(word);
  if (!m) return false;
  const base = m[1];
  return [base, `${base}e`, base.replace(/(.)\1$/, '$1')].some((b) => QUESTION_FRAMING_WORDS.has(b));
}

/**
 * Turns a question into weighted index terms: framing words weigh less, a repeated word a little more,
 * and single-word synonyms of the question's words (and terms implied by known phrases) join at a lower
 * weight, grouped with the word they stand for.
 */
export function analyzeQuery(question: string): AnalyzedQuery {
  const tokens = questionTokens(question);
  const terms = new Map<string, number>();
  const framing = framingTermsOf(question);
  for (const t of tokens) {
    const base = framing.has(t.term) ? FRAMING_WEIGHT : 1;
    const prev = terms.get(t.term);
    terms.set(t.term, prev === undefined ? base : Math.min(2 * base, prev + 0.5 * base));
  }
  const concepts = new Map<string, QueryConcept>(
    [...terms].map(([term, weight]) => [term, { term, weight, synonyms: [], phrases: [] }]),
  );
  const extra: QueryConcept[] = [];
  const taken = new Set(terms.keys());
  for (const { triggers, added, phrases } of synonymExpansions(question, new Set(terms.keys()))) {
    const fresh = added.filter((t) => !isFramingTerm(t) && !taken.has(t));
    for (const t of fresh) taken.add(t);
    const owner = triggers.map((t) => concepts.get(t)).find((c) => c !== undefined);
    if (owner) {
      owner.synonyms.push(...fresh);
      owner.phrases.push(...phrases);
    } else if (fresh.length || phrases.length) extra.push({ term: '', weight: 1, synonyms: fresh, phrases });
    for (const t of fresh) terms.set(t, SYNONYM_WEIGHT);
  }
  return { terms, concepts: [...concepts.values(), ...extra], sequence: tokens.map((t) => t.term) };
}
