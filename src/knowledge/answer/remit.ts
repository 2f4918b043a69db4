import { tokenize } from '../retrieval/tokenize';
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

/** The team that handles the question when it is about a workplace service the knowledge base never discusses, else undefined. */
export function outOfRemitOwner(question: string, idf: IdfLookup): string | undefined {
  const asked = new Set(tokenize(question).map((t) => t.term));
  for (const service of SERVICES) {
    for (const word of service.words) {
      const terms = phraseTerms(word);
      if (terms.length === 0 || !terms.every((t) => asked.has(t))) continue;
      // In scope when the knowledge base itself talks about it.
      if (terms.some((t) => idf(t) === undefined)) return service.owner;
    }
  }
  return undefined;
}
