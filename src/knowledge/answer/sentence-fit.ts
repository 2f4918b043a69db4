import { termsOf } from './sentence-analysis';
import type { QuestionType } from './question-type';

/**
 * How well a sentence answers the kind of question asked, read from general English forms: a "who"
 * question is answered by a sentence naming a role, "what is X" by a sentence whose subject is X, a
 * set by a sentence that enumerates, a comparison by a sentence that contrasts, a yes/no question by a
 * rule with a modal. The answer leads with the sentence that fits best, not the one that repeats the
 * question's words (an introduction, or a sentence about the document itself).
 */
export interface QuestionShape {
  type: QuestionType;
  /** The terms of the thing a "what is / what does X do" question asks about. */
  subject?: Set<string>;
  /** The same with the words that may be its setting ("human in the loop", "a hallucination in AI"), when there are any. */
  wholeSubject?: Set<string>;
  /** The terms of the things a comparison question compares ("between X and Y"). */
  compared?: Set<string>[];
  /** The number of things a question asks for ("what three things ..."), as digits and as a word. */
  count?: { digits: string; word: string };
  /** Asks what or which things are: a set, answered by a sentence that enumerates (not "how can X help ..."). */
  asksForSet?: boolean;
  /** Asks for the main, core or biggest thing: answered by a sentence that says which is primary. */
  primacy?: boolean;
}

const COUNT_WORDS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/**
 * Roles and bodies of an organisation, also capitalised as names ("AI Ethics Board"): general English, not tied to
 * a document. Case-sensitive, for the acronyms.
 */
const ROLE =
  /\b([Ee]xecutives?|[Ss]ponsors?|[Oo]wners?|[Mm]anagers?|[Dd]irectors?|[Ll]eaders?|[Hh]ead of|[Oo]fficers?|[Bb]oard|[Cc]ommittee|[Cc]ouncil|[Ss]tewards?|[Aa]dministrators?|[Aa]rchitects?|[Ee]ngineers?|[Aa]nalysts?|[Cc]hampions?|[Aa]pprovers?|[Rr]eviewers?|[Ss]upervisors?|[Cc]hairs?|[Cc]oordinators?|[Ss]pecialists?|[Rr]epresentatives?|C[A-Z]?[A-Z]O|HR|[Ll]egal|[Ss]ecurity team|[Ss]ervice desk|[Hh]elp ?desk)\b/;
/** Words that say who does what. */
const RESPONSIBILITY =
  /\b(responsible|accountable|owns?|owned by|reports? to|escalat\w*|approves?|approved by|assigns?)\b/i;
/** A sentence that states a rule: a modal, a permission or a prohibition. */
const MODAL =
  /\b(must|may|can|cannot|should|shall|never|only|allowed|permitted|prohibited|forbidden|required?|requires|needs? (to|approval)|approval|(?:must|can|should|shall|may|need|do|does|is|are|wo)n['’]t)\b/i;
/** Words that single out the main one of several things. */
const PRIMACY = /\b(main|primary|primarily|core|principal|biggest|largest|greatest|most important|foremost)\b/i;
/** A sentence that contrasts two things. */
const CONTRAST =
  /\b(than|whereas|unlike|while|but|however|instead|rather|in contrast|on the other hand|differs? from)\b|\w+er than\b/i;
/** A series of three or more ("A, B, and C", "such as A, B or C"), or a label followed by a series. */
const ENUMERATES =
  /[\w)]+, (?:[^,.;:]{1,40}, )+(?:and |or )?[\w(]|\b(such as|including|includes?|consists? of)\b[^.]*,/i;
/** A sentence about the document itself rather than its subject ("These examples are not prescriptive", "Watch this video"). */
const META =
  /^(?:these|this|the following|following|below|the next)\s+(?:\w+\s+)?(?:examples?|articles?|sections?|guides?|documents?|pages?|videos?|diagrams?|graphics?|figures?|tables?|lists?|templates?|playbooks?)\b|\b(watch this video|learn more about|for more information)\b/i;

/** A sentence that says what its own document or section covers ("This playbook explains ...", "This article describes ..."). */
const SELF_DESCRIPTION = /^(?:this|these)\s+(?:\w+\s+)?(?:articles?|guides?|documents?|pages?|playbooks?|sections?)\b/i;

/** True for a sentence about its own document ("This playbook explains ..."), not one that introduces what follows. */
export function aboutTheDocument(text: string): boolean {
  return SELF_DESCRIPTION.test(text) && !/:$/.test(text);
}

/** True for a sentence that contrasts two things ("than", "whereas", "unlike", "however" ...). */
export function contrasts(text: string): boolean {
  return CONTRAST.test(text);
}

/** The words a comparison question frames itself with, which a sentence need not repeat. */
export const COMPARISON_TERMS = termsOf('difference different differ compare comparison distinguish versus');

/** A sentence that opens by pointing back at the one before ("These statements ...", "It ..."): a poor start for an answer. */
const ANAPHORA = /^(?:these|those|this|that|such|it|they)\b/i;

/** What a question asks for beyond its type: its subject, the things it compares, how many things it wants. */
export function questionShape(question: string, type: QuestionType): QuestionShape {
  const q = question.trim().replace(/\?+\s*$/, '');
  const shape: QuestionShape = { type, asksForSet: !/^(how|why)\b/i.test(q) };
  const compared =
    /\b(?:difference|differences|distinguish(?:es)?|compare|comparison)\b.*?\bbetween\s+(.+?)\s+and\s+(.+)$/i.exec(q) ??
    /^(?:what|how)\b.*?\b(?:is|are|does|do)\s+(.+?)\s+(?:differ(?:ent)? from|compare (?:to|with))\s+(.+)$/i.exec(q) ??
    /^(.+?)\s+(?:vs\.?|versus)\s+(.+)$/i.exec(q);
  if (compared) {
    const terms = [compared[1], compared[2]].map((x) => termsOf(x));
    if (terms.every((t) => t.size > 0)) shape.compared = terms;
  }
  if (type === 'definition') {
    const m =
      /^(?:what(?:'s| is| are| does)|define|meaning of)\s+(?:an?\s+|the\s+)?(.+?)(?:\s+(?:mean|do|stand for))?$/i.exec(
        q,
      );
    // The thing itself, without the setting it is asked about in ("a hallucination in AI").
    const subject = m ? termsOf(m[1].replace(/\s+(?:in|for|at|on|within|under|when|with|to|by)\s.*$/i, '')) : undefined;
    if (subject && subject.size > 0) shape.subject = subject;
    const whole = m ? termsOf(m[1]) : undefined;
    if (whole && subject && whole.size > subject.size) shape.wholeSubject = whole;
  }
  shape.primacy = PRIMACY.test(q);
  const count = new RegExp(`\\b(${COUNT_WORDS.join('|')}|[2-9])\\s+(?:[a-z-]+\\s+){0,2}?[a-z-]+s\\b`, 'i').exec(q);
  if (count && type !== 'amount') {
    const n = /\d/.test(count[1]) ? Number(count[1]) : COUNT_WORDS.indexOf(count[1].toLowerCase()) + 2;
    shape.count = { digits: String(n), word: COUNT_WORDS[n - 2] };
  }
  return shape;
}

/**
 * True when a section heading names exactly the thing a definition question asks about (a glossary entry), with
 * or without the words that may be its setting: "Human-in-the-loop" is the entry for "what is human in the loop?".
 */
export function headingNames(shape: QuestionShape, section: string): boolean {
  const heading = termsOf(section.split(' > ').pop() ?? '');
  const same = (subject: Set<string> | undefined): boolean =>
    subject !== undefined && heading.size === subject.size && [...subject].every((t) => heading.has(t));
  return same(shape.subject) || same(shape.wholeSubject);
}

/** The words that open a sentence (after an article), as terms: where its subject is. */
function openingTerms(text: string, words: number): Set<string> {
  return termsOf(
    text
      .replace(/^[-•*]\s*/, '')
      .replace(/^(?:the|an?)\s+/i, '')
      .split(/\s+/)
      .slice(0, words)
      .join(' '),
  );
}

/** A multiplier for a sentence's score as the answer's lead: above 1 when it has the form the question asks for. */
export function leadFit(shape: QuestionShape, text: string, questionTerms: ReadonlySet<string>): number {
  const enumerates = ENUMERATES.test(text);
  let fit = META.test(text) && !enumerates ? 0.6 : ANAPHORA.test(text) ? 0.8 : 1;
  if (shape.count) {
    const said = new RegExp(`\\b(${shape.count.word}|${shape.count.digits})\\b`, 'i').test(text);
    if (said && enumerates) fit *= 2.5;
    else if (said) fit *= 1.3;
  }
  if (shape.primacy && PRIMACY.test(text)) fit *= 1.3;
  if (shape.compared) {
    const names = shape.compared.filter((t) => [...t].some((x) => termsOf(text).has(x))).length;
    if (names > 0 && CONTRAST.test(text)) fit *= names > 1 ? 1.5 : 1.2;
    return fit;
  }
  switch (shape.type) {
    case 'who': {
      const roles = [...text.matchAll(new RegExp(ROLE.source, 'g'))].filter(
        (m) => ![...termsOf(m[0])].every((t) => questionTerms.has(t)),
      );
      fit *= roles.length === 0 ? 0.85 : RESPONSIBILITY.test(text) ? 1.4 : 1.25;
      break;
    }
    case 'definition': {
      const subject = shape.subject;
      if (subject && [...subject].every((t) => openingTerms(text, subject.size + 1).has(t)) && !/\?$/.test(text))
        fit *= 1.3;
      break;
    }
    case 'list':
    case 'steps':
      if (shape.asksForSet && enumerates) fit *= 1.3;
      break;
    case 'yes-no':
      if (MODAL.test(text)) fit *= 1.2;
      break;
    default:
      break;
  }
  return fit;
}
