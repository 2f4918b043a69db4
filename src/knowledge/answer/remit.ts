import { framingTermsOf } from '../retrieval/query-terms';
import type { RetrievalHit } from '../retrieval/retriever';
import { foldText, tokenize } from '../retrieval/tokenize';
import type { IdfLookup } from './evidence';

/**
 * Everyday workplace services that other teams run, by the words people use for them. A question about
 * one of them that the knowledge base does not discuss is outside the CoE's remit: the answer says who
 * handles it and offers no "Ask the CoE". Words the knowledge base does use (an HR handbook indexed as
 * knowledge) stay in scope.
 */
const SERVICES: Array<{ owner: string; words: string[] }> = [
  {
    owner: 'HR',
    words: [
      'vacation',
      'holiday',
      'holidays',
      'payroll',
      'salary',
      'payslip',
      'pension',
      'maternity',
      'paternity',
      'sick day',
      'sick days',
      'time off',
      'leave days',
    ],
  },
  {
    owner: 'the IT service desk',
    words: [
      'password',
      'pin',
      'laptop',
      'printer',
      'vpn',
      'wifi',
      'wi-fi',
      'headset',
      'monitor cable',
      'reset my account',
    ],
  },
  {
    owner: 'Facilities',
    words: ['parking', 'garage', 'cafeteria', 'canteen', 'badge', 'meeting room', 'desk booking', 'office temperature'],
  },
  { owner: 'Finance (expenses)', words: ['taxi', 'mileage', 'travel expenses', 'expense claim'] },
];

const phraseTerms = (phrase: string): string[] => tokenize(phrase).map((t) => t.term);

/**
 * The team that handles the question when it is about a workplace service the knowledge base never
 * discusses, else undefined. A service the knowledge base mentions only in passing is not discussed
 * either: when no retrieved passage that names it says anything else the question asks about ("my
 * laptop won't turn on" against "models run on laptops"), the question is about the service itself.
 */
export function outOfRemitOwner(
  question: string,
  idf: IdfLookup,
  hits: readonly RetrievalHit[] = [],
): string | undefined {
  // "The reviewer is on holiday" says someone is away, which the knowledge base may cover (backup approvers);
  // asking for holiday ("how many holiday days do I get") is the HR service.
  const folded = foldText(question).replace(AWAY, ' ');
  const asked = new Set(tokenize(folded).map((t) => t.term));
  const framing = framingTermsOf(question);
  for (const service of SERVICES) {
    for (const word of service.words) {
      const terms = phraseTerms(word);
      if (terms.length === 0 || !terms.every((t) => asked.has(t))) continue;
      // "time off" is the phrase, not "time" alone (its "off" is a stop word): "reviewed over time" is not leave.
      if (/\s/.test(word) && !new RegExp(`\\b${word.split(/\s+/).join('\\s+')}`).test(folded)) continue;
      // In scope when the knowledge base itself talks about it.
      if (terms.some((t) => idf(t) === undefined)) return service.owner;
      const rest = [...asked].filter(
        (t) => !terms.includes(t) && !framing.has(t) && !NEGATION.has(t) && idf(t) !== undefined,
      );
      if (rest.length > 0 && !discussedWith(hits, terms, rest)) return service.owner;
    }
  }
  return undefined;
}

/** Being away: "on holiday", "on vacation", "on leave", "on maternity leave". */
const AWAY = /\bon (?:(?:annual|sick|parental|maternity|paternity) )?(?:holidays?|vacation|leave)\b/g;

/** Negations ("won't" gives "not") say nothing about what a question is about. */
const NEGATION = new Set(['not', 'no', 'never']);

/** True when a passage that names the service also names another word of the question. */
function discussedWith(hits: readonly RetrievalHit[], service: readonly string[], rest: readonly string[]): boolean {
  return hits.some((h) => {
    const said = new Set(tokenize(`${h.passage.section} ${h.passage.text}`).map((t) => t.term));
    return service.every((t) => said.has(t)) && rest.some((t) => said.has(t));
  });
}
