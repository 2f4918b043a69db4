import { framingTermsOf } from '../retrieval/query-terms';
import type { RetrievalHit } from '../retrieval/retriever';
import { tokenize } from '../retrieval/tokenize';
import { termFound, weightedQuestionTerms, type IdfLookup, type WeightedTerm } from './evidence';
import type { ChosenSentence } from './extractive-answer';
import { asksForMoney, questionType, statesFigure, statesMoney } from './question-type';

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
 * Lower-case content words of the question that no indexed passage uses, nor a synonym of them, as the
 * person wrote them ("squad", "dropped"): naming them tells the person which words to put differently.
 * Framing words (also "long" in "how long") and numbers are left out.
 */
export function unusedWords(question: string, idf: IdfLookup, maxIdf: number): string[] {
  const weighted = weightedQuestionTerms(question, idf, maxIdf);
  const framing = framingTermsOf(question);
  const out: string[] = [];
  for (const m of question.matchAll(/\p{Ll}[\p{L}-]*/gu)) {
    const terms = tokenize(m[0]).map((t) => t.term);
    const unknown = (t: string): boolean =>
      !framing.has(t) && weighted.some((w) => w.term === t && !w.known && !w.numeric);
    if (terms.length > 0 && terms.every(unknown) && !out.includes(m[0])) out.push(m[0]);
  }
  return out;
}

/**
 * For a question that asks for an amount, duration or frequency: true only when a quoted sentence
 * states a figure next to the question's focus (its most specific words, not the units). Passages
 * about the topic without the figure ("What is the maximum fine under GDPR?" over a text that names
 * GDPR but no fine) do not answer it. A sentence is read with its own section heading (from `hits`,
 * when given): a figure under the heading "Reporting a data leak" is about leaks. The document title
 * is left out: it names the whole document's topic, not what one figure in it is about. A question
 * about cost or price needs a sum of money, not a frequency or a percentage.
 */
export function answersAskedType(
  question: string,
  chosen: readonly ChosenSentence[],
  idf: IdfLookup,
  maxIdf: number,
  hits: readonly RetrievalHit[] = [],
): boolean {
  const unit = askedUnit(question);
  if (questionType(question) !== 'amount' && !unit) return true;
  const focus = figureFocus(question, idf, maxIdf);
  if (focus.length === 0) return true;
  const money = asksForMoney(question);
  return chosen.some((c) => {
    if (!(money ? statesMoney(c.text) : statesFigure(c.text))) return false;
    if (unit && !tokenize(c.text).some((t) => t.term === unit)) return false;
    const heading = hits[c.hit]?.passage.section.split(' > ').pop() ?? '';
    const terms = new Set(tokenize(`${heading} ${c.text}`).map((t) => t.term));
    return focus.some((f) => termFound(f, terms));
  });
}

/** "in minutes", "how many days": the unit of time a question wants its figure in. */
const ASKED_UNIT = /\b(?:in|how many|number of)\s+(minutes|hours|days|weeks|months|years)\b/i;

/**
 * The unit the asked-for figure must be in, as an index term, when the question names one ("RPO, in
 * minutes"): a figure in another unit, or a figure with no unit, does not answer it.
 */
function askedUnit(question: string): string | undefined {
  const word = ASKED_UNIT.exec(question)?.[1];
  return word ? tokenize(word)[0]?.term : undefined;
}

/**
 * The most specific known words of an amount question (at most three), leaving out units and rates. When
 * the question names what it counts or measures ("how much usage history ...", "how many engineers ..."),
 * those words are the focus: a figure about anything else the question mentions does not answer it.
 */
function figureFocus(question: string, idf: IdfLookup, maxIdf: number): WeightedTerm[] {
  const known = weightedQuestionTerms(question, idf, maxIdf, 0).filter(
    (t) => t.known && !t.numeric && !UNIT_TERMS.has(t.term),
  );
  const named = new Set(tokenize(measuredPhrase(question)).map((t) => t.term));
  const counted = known.filter((t) => named.has(t.term));
  return (counted.length > 0 ? counted : known).sort((a, b) => b.weight - a.weight).slice(0, 3);
}

/** What "how much / how many" counts or measures, as the person wrote it ("usage history"), or "" when it names nothing. */
function measuredPhrase(question: string): string {
  const words = MEASURED.exec(question)?.[1].trim().split(/\s+/) ?? [];
  const end = words.findIndex((w) => CLAUSE_WORD.test(w) || PREPOSITION.test(w));
  return words.slice(0, end < 0 ? 0 : end).join(' ');
}

/** "How much usage history should ...", "how many engineers are ...": the words after the amount word, up to the verb. */
const MEASURED = /\bhow (?:much|many)\s+((?:[\p{L}-]+\s+){1,6})/iu;
/** A preposition ends the noun phrase a figure is about ("how many engineers on each squad"). */
const PREPOSITION = /^(on|in|at|for|of|per|to|from|with|by|before|after|behind|during|over|under|across|within)$/i;

/** Longest stretch of the question quoted as what a missing figure is about. */
const MAX_ABOUT_WORDS = 6;

/**
 * What an amount question wants a figure for, as the person wrote it: the words from the first to the
 * last of its focus words ("EU AI Act fines" in "What are the EU AI Act fines?"), or undefined when
 * that stretch is not a short noun phrase.
 */
export function figureAbout(question: string, idf: IdfLookup, maxIdf: number): string | undefined {
  const focus = figureFocus(question, idf, maxIdf);
  const measured = measuredPhrase(question);
  if (measured && tokenize(measured).some((t) => focus.some((f) => f.term === t.term))) return measured;
  const words = [...question.matchAll(/[\p{L}\p{N}](?:[\p{L}\p{N}'’-]|\.(?=\p{N}))*/gu)].map((m) => m[0]);
  const isFocus = words.map((w) => tokenize(w).some((t) => focus.some((f) => f.term === t.term)));
  const first = isFocus.indexOf(true);
  const last = isFocus.lastIndexOf(true);
  if (first < 0 || last - first + 1 > MAX_ABOUT_WORDS) return undefined;
  const phrase = words.slice(first, last + 1);
  return phrase.some((w) => CLAUSE_WORD.test(w)) ? undefined : phrase.join(' ');
}

/** Verbs, modals and pronouns: a stretch holding one is a clause ("training must each employee complete"), not a name for a figure. */
const CLAUSE_WORD =
  /^(is|are|was|were|be|been|do|does|did|can|could|should|must|may|might|will|would|shall|has|have|had|i|we|you|he|she|it|they|us|them|our|your|their|each|every)$/i;

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

/**
 * A request to make or transform something ("Please translate the risk register into dolphin", "write me
 * a poem about governance", "can you draw ..."): the assistant quotes its documents and does none of
 * these, so such a message is not a question it can answer, whatever words it shares with them. Asking
 * for content ("explain", "list", "summarise", "tell me about") is not in this class.
 */
const TASK_REQUEST =
  /^(?:(?:please|pls|kindly|now|ok|okay|hey|hi)[,\s]+|(?:can|could|would|will) you\s+(?:please\s+)?)*(?:translate|rewrite|re-write|rephrase|paraphrase|compose|draw(?! up)|paint|sketch|sing|write(?! down)|transcribe|tell me a (?:joke|story|poem|riddle))\b/i;

/** True for a message that asks the assistant to make or transform something rather than asking about the documents. */
export function isTaskRequest(message: string): boolean {
  return TASK_REQUEST.test(message.trim());
}

/** "What colour is ...", "Which exam do ...": the noun a what/which question asks for, before its verb. */
const ASKED_FOR =
  /^(?:(?:so|and|but|ok|okay)[,\s]+)?(?:what|which)\s+((?:[\p{L}-]+\s+){0,2}?[\p{L}-]+)\s+(?:is|are|was|were|do|does|did|can|could|should|must|will|would|has|have|had|may|might)\b/iu;

/**
 * The word a what/which question asks for ("colour" in "What colour is the sound of a RACI matrix?"),
 * as written, when no indexed passage uses it or a synonym of it: documents that never name the kind
 * of thing asked for cannot state one, however well the rest of the question matches. A clipped word
 * ("certs", "admin") whose full form starts a word of the retrieved passages counts as used.
 */
export function unknownAskedFor(
  question: string,
  hits: readonly RetrievalHit[],
  idf: IdfLookup,
  maxIdf: number,
): string | undefined {
  const words = ASKED_FOR.exec(question.trim())?.[1].split(/\s+/);
  const head = words?.[words.length - 1];
  if (!head) return undefined;
  const terms = tokenize(head).map((t) => t.term);
  if (terms.length === 0) return undefined;
  const weighted = weightedQuestionTerms(question, idf, maxIdf);
  const unknown = terms.every((t) => weighted.some((w) => w.term === t && !w.known && !w.numeric));
  return unknown && !clippedFormOf(terms, hits) ? head : undefined;
}

/** Shortest clipped form that can stand for a longer word ("info", "cert", "admin"). */
const MIN_CLIPPED = 4;

/** True when every term is the start of a longer word in the passages: a clipping of that word. */
function clippedFormOf(terms: readonly string[], hits: readonly RetrievalHit[]): boolean {
  if (terms.some((t) => t.length < MIN_CLIPPED)) return false;
  const words = new Set(
    hits.flatMap((h) => `${h.passage.section} ${h.passage.text}`.toLowerCase().match(/\p{L}+/gu) ?? []),
  );
  return terms.every((t) => [...words].some((w) => w.length > t.length && w.startsWith(t)));
}
