import { splitSentences } from '../ingest/sentences';
import type { RetrievalHit } from '../retrieval/retriever';
import { tokenize } from '../retrieval/tokenize';
import type { IdfLookup } from './evidence';

export interface ExtractOptions {
  /** How many of the best passages sentences may come from. */
  passages: number;
  maxSentences: number;
  maxChars: number;
}

export const DEFAULT_EXTRACT: ExtractOptions = { passages: 3, maxSentences: 4, maxChars: 700 };

/** A sentence chosen for the answer, with the rank of the passage it came from. */
export interface ChosenSentence {
  text: string;
  hit: number;
  position: number;
}

interface Candidate extends ChosenSentence {
  terms: Set<string>;
  score: number;
  hasNumber: boolean;
}

const ASKS_FOR_AMOUNT = /\b(how (much|many|long|often|soon|old|far)|cost|costs|price|fee|fees|copay|co-pay|copayment|deductible|coinsurance|percent|percentage|rate|limit|maximum|minimum|amount|number|when|what time|how large|budget|threshold|days?|hours?|weeks?|months?|years?)\b/i;
const NUMBER = /(\$\s?\d|\d[\d,.]*\s?%|\b\d+(\.\d+)?\b)/;

/**
 * Picks the sentences of the best passages that carry the answer: each sentence is scored by the
 * IDF-weighted share of question words it contains, with a boost for the better-ranked passage and
 * for figures when the question asks for an amount. The best sentence leads; others join when they
 * add question words not yet covered or directly continue a chosen sentence. Output keeps reading order.
 */
export function extractSentences(question: string, hits: RetrievalHit[], idf: IdfLookup, maxIdf: number, options: ExtractOptions = DEFAULT_EXTRACT): ChosenSentence[] {
  const qTerms = [...new Set(tokenize(question).map((t) => t.term))];
  if (qTerms.length === 0 || hits.length === 0) return [];
  const weight = new Map(qTerms.map((t) => [t, idf(t) ?? maxIdf] as const));
  const total = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const wantsNumber = ASKS_FOR_AMOUNT.test(question);
  const topScore = hits[0].score || 1;

  const candidates: Candidate[] = [];
  hits.slice(0, options.passages).forEach((hit, h) => {
    const context = new Set(tokenize(`${hit.passage.section}`).map((t) => t.term));
    splitSentences(hit.passage.text).forEach((s, position) => {
      const words = s.text.split(/\s+/).length;
      if (words < 3 || s.text.length > 600) return;
      const terms = new Set(tokenize(s.text).map((t) => t.term));
      let cover = 0;
      for (const [t, w] of weight) if (terms.has(t)) cover += w;
      else if (context.has(t)) cover += w * 0.25;
      const hasNumber = NUMBER.test(s.text);
      let score = cover / total;
      score *= 0.7 + 0.3 * (hit.score / topScore);
      if (wantsNumber && hasNumber) score *= 1.25;
      if (words < 6) score *= 0.8;
      if (/[?]$/.test(s.text)) score *= 0.6;
      candidates.push({ text: s.text, hit: h, position, terms, score, hasNumber });
    });
  });
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => b.score - a.score || a.hit - b.hit || a.position - b.position);
  const best = candidates[0];
  const chosen: Candidate[] = [best];
  const covered = new Set([...best.terms].filter((t) => weight.has(t)));
  let chars = best.text.length;
  for (const c of candidates.slice(1)) {
    if (chosen.length >= options.maxSentences) break;
    if (chars + c.text.length > options.maxChars) continue;
    if (c.score < best.score * 0.45) break;
    const adds = [...c.terms].filter((t) => weight.has(t) && !covered.has(t)).reduce((s, t) => s + (weight.get(t) ?? 0), 0) / total;
    const continues = chosen.some((x) => x.hit === c.hit && Math.abs(x.position - c.position) === 1);
    const duplicate = chosen.some((x) => overlap(x.terms, c.terms) > 0.7);
    if (duplicate) continue;
    if (adds >= 0.1 || (continues && c.score >= best.score * 0.6) || (wantsNumber && c.hasNumber && !chosen.some((x) => x.hasNumber))) {
      chosen.push(c);
      chars += c.text.length;
      for (const t of c.terms) if (weight.has(t)) covered.add(t);
    }
  }
  return chosen.sort((a, b) => a.hit - b.hit || a.position - b.position).map(({ text, hit, position }) => ({ text, hit, position }));
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const t of a) if (b.has(t)) n++;
  return n / Math.max(1, Math.min(a.size, b.size));
}
