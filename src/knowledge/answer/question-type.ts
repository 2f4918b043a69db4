import { asksWh, AUXILIARIES, LEAD_IN } from '../retrieval/question-opening';
import { termsOf } from './sentence-analysis';

/**
 * What a question asks for, read from its wording alone (general English question forms, not tied to
 * any document): the answer leads with the sentence of that type and, for a list, quotes the list whole.
 */
export type QuestionType = 'yes-no' | 'amount' | 'list' | 'steps' | 'who' | 'definition' | 'other';

/** "Can I ...", "May we ...", "Am I allowed to ...", "Is it OK to ...", "Do I need ...": a yes/no or permission question. */
const YES_NO = new RegExp(
  String.raw`^${LEAD_IN}(${AUXILIARIES})\s+(i|we|you|my|our|they|it|this|that|these|those|people|staff|employees|anyone|someone|a|an|the)\b`,
  'i',
);
/** "Can vendors train their models ...": a question that opens with an auxiliary verb asks about one thing, not for a set. */
const AUXILIARY_START = new RegExp(String.raw`^${LEAD_IN}(${AUXILIARIES})\s`, 'i');
/** "Is X enough, or do we still need Y?", "Should we block or just watch?": a choice between two things, not a yes/no. */
const ALTERNATIVE =
  /,\s*or\b|\bor\s+(?:by|just|do|does|is|are|should|can|will|would|must|we|I|you)\b|\b(?:better|rather|instead)\b.*\bor\b/i;
/** "Is ChatGPT allowed for customer emails?", "Are open-source models approved?": asks whether something named is permitted. */
const PERMISSION_OF = new RegExp(
  String.raw`^${LEAD_IN}(?:is|are)\s+(?:[\w.'’-]+\s+){1,4}?(?:allowed|ok|okay|permitted|approved|fine|acceptable|banned|prohibited|forbidden)\b`,
  'i',
);
/** "..., allowed?": a statement turned into a permission question, unless a wh-word asks which or what is allowed. */
const PERMISSION_END = /\b(allowed|ok|okay|permitted|fine)\s*\?\s*$/i;
const AMOUNT =
  /\b(how (much|many|long|often|soon|old|far|quickly|big|large|high|low)|what (percentage|share|proportion|amount|number|age|time)|within how|(maximum|minimum|max|min) (number|amount|spend|budget|cost)|what (is|are|was|were) the (maximum |minimum |max |min |typical |average )?(cost|costs|price|prices|fee|fees|fine|fines|penalty|penalties|budget|limit|deadline|threshold|rate|salary))\b/i;
const STEPS =
  /\b(steps?|process|procedure|how (do|can|should|would) (i|we|you)|how to|in what order|what happens (after|when|next))\b/i;
/** Plural nouns that name a set of things ("levels", "approaches"). */
const SET_NOUNS =
  'types|kinds|levels|stages|phases|tiers|categories|options|labels|models|approaches|functions|roles|responsibilities|principles|components|parts|elements|criteria|metrics|measures|ways|tasks|practices|areas|factors|benefits|requirements|pillars|examples';
const LIST = new RegExp(
  String.raw`\b(which|what)\s+(?:\w+\s+){0,3}?(are|were|do|does|can|should|must)\b|\b(list|${SET_NOUNS})\b`,
  'i',
);
const WHO = /^(who|whom|whose)\b|\bwhich (teams?|people|persons?|roles?|groups?|boards?|departments?|functions?)\b/i;
const DEFINITION =
  /^(what('s| is| are| does)\s+(an?\s+|the\s+)?[\w -]{1,40}\??$|what does .+ (mean|do)\??$|define\b|meaning of\b)/i;

/** "What are the EU AI Act fines?": a what-question about a money amount named at its end. */
const MONEY = /^(what|how much)\b.*\b(fines?|penalt(y|ies)|fees?|prices?|salar(y|ies)|wages?)\W*$/i;

/** The question's type; a question that fits several takes the first of yes-no, amount, who, steps, definition, list. */
export function questionType(question: string): QuestionType {
  const q = question.trim();
  if (AUXILIARY_START.test(q) && ALTERNATIVE.test(q)) return 'other';
  if (YES_NO.test(q) || PERMISSION_OF.test(q) || (PERMISSION_END.test(q) && !asksWh(q))) return 'yes-no';
  if (AMOUNT.test(q) || MONEY.test(q)) return 'amount';
  if (WHO.test(q)) return 'who';
  if (STEPS.test(q)) return 'steps';
  if (DEFINITION.test(q) && !/\b(are|do)\b.*s\??$/i.test(q)) return 'definition';
  if (LIST.test(q) && !(AUXILIARY_START.test(q) && !/\b(list|which|what)\b/i.test(q))) return 'list';
  return 'other';
}

/** True when the question asks for a set of things, whose list should be quoted whole. */
export function asksForSet(question: string): boolean {
  const t = questionType(question);
  if (t === 'amount') return COUNTED_SET.test(question);
  return t === 'list' || t === 'steps' || (t !== 'yes-no' && !AUXILIARY_START.test(question) && LIST.test(question));
}

/**
 * "How many levels are there?": an amount question whose count is of a set, which the answer quotes
 * whole. Elsewhere in an amount question a plural ("how long do we have to fix missing labels") names
 * what the figure is about, not a set to list.
 */
const COUNTED_SET = new RegExp(String.raw`\bhow many\s+(?:\w+\s+)?(${SET_NOUNS})\b`, 'i');

/** A sentence that forbids or rules something out. */
const NEGATIVE =
  /^(?:[-•*]\s*|\d{1,3}[.)]\s*)?(no|never|not|do not|don['’]t)\b|\b(never|not (allowed|approved|permitted)|must not|may not|should not|cannot|(?:can|mustn|shouldn)['’]t|is prohibited|are prohibited|rules out|is forbidden|are forbidden)\b/i;
/** A sentence that answers yes outright. */
const POSITIVE = /^yes\b/i;

/** "Only with Public information.", "Only if the owner agrees.": a rule that allows something under a condition. */
const ONLY_WHEN = /^only (?:with|if|when|for|after|in|on|by|where|once)\s+([^.;:]+)/i;

/**
 * "No" when a sentence that answers the question forbids it, "Yes" when one says yes outright; undefined
 * when the text does not say plainly. A "no" needs a prohibition whose subject the question names
 * (`namesWhatItForbids`): a rule against consumer chatbots does not answer "can I use the approved assistant?".
 * A rule that allows something only under a condition the question itself names ("Only with Public information."
 * for "... text from our public website?") may well be a yes: the rule is quoted without a verdict.
 */
export function verdictOf(
  sentences: readonly string[],
  question = '',
  namesWhatItForbids: (forbidden: string) => boolean = () => true,
): 'No' | 'Yes' | undefined {
  if (sentences.some((s) => POSITIVE.test(s)) || /^(no|not|never)\b/i.test(sentences[0] ?? '')) return undefined;
  const condition = ONLY_WHEN.exec(sentences[0] ?? '')?.[1];
  if (condition) {
    const asked = termsOf(question);
    if ([...termsOf(condition)].some((t) => asked.has(t))) return undefined;
  }
  if (sentences.some((s) => NEGATIVE.test(s) && namesWhatItForbids(forbiddenThing(s)))) return 'No';
  return undefined;
}

/**
 * What a prohibition is about: the words before its negative ("Consumer AI tools ... are never allowed"), or the
 * whole sentence when it opens with one ("Never put API keys ..."). Asides in brackets only explain the subject.
 * The words after the negative say what else it rules out ("... which rules out customer emails and personal
 * data"): a question about those with another subject ("the approved assistant with personal data") is not
 * answered no by this rule.
 */
export function forbiddenThing(sentence: string): string {
  const m = NEGATIVE.exec(sentence);
  const before = m && m.index > 0 ? sentence.slice(0, m.index) : sentence;
  return before.replace(/\([^()]*\)/g, ' ');
}

/** A figure as an answer to "how much / how many / how often": digits, number words or a frequency. */
const FIGURE =
  /\d|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|billion|zero|once|twice|half|annual(ly)?|monthly|quarterly|weekly|daily|yearly|hourly|biweekly)\b/i;

/** A template's placeholder amount ("$x,000", "x percent", "$N"): it names no figure. */
const PLACEHOLDER = /[$€£]?\b[xyn](?:,\d{3})+\b|[$€£][xyn]\b|\b[xyn] ?(?:percent|%)/gi;

/** True when a sentence states a figure (a template's placeholder amount is not one). */
export function statesFigure(sentence: string): boolean {
  return FIGURE.test(sentence.replace(PLACEHOLDER, ' '));
}

/** "How much does X cost?", "What is the price of ...": a question whose answer is a sum of money. */
const ASKS_MONEY =
  /\bhow much (?:\S+\s+){0,6}?(cost|costs|charge|charges|pay|spend)\b|\bwhat (?:is|are|was|were) the (?:\S+\s+){0,2}?(cost|costs|price|prices|fee|fees|fine|fines|salary)\b/i;
/** A sum of money: a currency sign or code next to a number, or a number of dollars, euros or pounds. */
const MONEY_AMOUNT =
  /[$€£¥]\s?\d|\b\d[\d,.]*\s?(?:k|m|bn)?\s?(?:usd|eur|gbp|dollars?|euros?|pounds?)\b|\b(?:usd|eur|gbp)\s?\d/i;

/** True when the question asks for a sum of money. */
export function asksForMoney(question: string): boolean {
  return ASKS_MONEY.test(question);
}

/** True when a sentence states a sum of money (a template's placeholder amount is not one). */
export function statesMoney(sentence: string): boolean {
  return MONEY_AMOUNT.test(sentence.replace(PLACEHOLDER, ' '));
}
