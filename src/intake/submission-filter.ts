import type { SubmissionFilter } from './card-action-data';
import type { UseCaseStatus } from './use-case';
import type { RiskTier } from './use-case-facts';

const STATUS_WORDS: Array<[RegExp, UseCaseStatus]> = [
  [/\bchanges[- ]requested\b/i, 'changes-requested'],
  [/\bin[- ]review\b/i, 'in-review'],
  [/\bsubmitted\b/i, 'submitted'],
  [/\bapproved\b/i, 'approved'],
  [/\brejected\b/i, 'rejected'],
  [/\bwithdrawn\b/i, 'withdrawn'],
];
const TIER_WORD = /\b(prohibited|high|limited|minimal)\b(\s+(tier|risk))?/i;

/** Reads "all submissions [status] [tier] [business unit]": known status and tier words, the rest is the business unit. */
export function parseSubmissionFilter(text: string): SubmissionFilter {
  let rest = text.replace(/^\s*all\s+submissions\b/i, ' ');
  let status: UseCaseStatus | undefined;
  for (const [pattern, value] of STATUS_WORDS) {
    if (pattern.test(rest)) {
      status = value;
      rest = rest.replace(pattern, ' ');
      break;
    }
  }
  let tier: RiskTier | undefined;
  const t = rest.match(TIER_WORD);
  if (t) {
    tier = t[1].toLowerCase() as RiskTier;
    rest = rest.replace(TIER_WORD, ' ');
  }
  const businessUnit = rest
    .replace(/[^\p{L}\p{N}&' -]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(in|for|from)\s+(the\s+)?(business unit\s+)?/i, '');
  return { status, tier, businessUnit: businessUnit ? businessUnit.slice(0, 80) : undefined };
}
