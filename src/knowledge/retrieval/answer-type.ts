/**
 * The kind of expression a question asks for when its wording says so in general English: "how often"
 * wants a frequency, "how many" a count, "how long" a duration. A passage that contains an expression of
 * that kind is more likely to hold the answer than one that only shares the question's words.
 */
export type AnswerType = 'frequency' | 'count' | 'duration';

const ASKS: Array<[AnswerType, RegExp]> = [
  [
    'frequency',
    /\b(how (often|frequently|regularly)|(what|which) (frequency|cadence|interval)|at what (frequency|cadence|intervals?)|how many times)\b/i,
  ],
  ['duration', /\b(how long|how much time|how many (seconds|minutes|hours|days|weeks|months|years)|within how)\b/i],
  ['count', /\b(how many|what number of|how much)\b/i],
];

const NUMBER_WORD =
  'zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|million|billion|dozen|half|several|a few|a couple of';
const UNIT = 'seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|business days?|working days?';

const HAS: Record<AnswerType, RegExp> = {
  frequency: new RegExp(
    String.raw`\b(hourly|daily|nightly|weekly|biweekly|fortnightly|monthly|bimonthly|quarterly|annually|annual|yearly|semiannually|biannually|every\s+(\w+\s+)?(${UNIT}|sprint|release|cycle|iteration|review)|once\s+(a|an|per|every)|twice\s+(a|an|per)|(\d+|${NUMBER_WORD})\s+times?\s+(a|an|per)|per\s+(day|week|month|quarter|year)|regularly|periodically|periodic|recurring|cadence|frequency)\b`,
    'i',
  ),
  duration: new RegExp(String.raw`\b(\d+(\.\d+)?|${NUMBER_WORD}|a|an)[\s-]+(${UNIT})\b`, 'i'),
  count: new RegExp(String.raw`\b(\d+(\.\d+)?%?|${NUMBER_WORD})\b`, 'i'),
};

/** The kind of expression the question asks for, or undefined when its wording does not say. */
export function askedAnswerType(question: string): AnswerType | undefined {
  for (const [type, re] of ASKS) if (re.test(question)) return type;
  return undefined;
}

/** True when a text contains an expression of the kind (a frequency word, a duration, a number). */
export function hasAnswerOfType(text: string, type: AnswerType): boolean {
  return HAS[type].test(text);
}
