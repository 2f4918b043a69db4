import { splitSentences } from '../ingest/sentences';
import type { RetrievalHit } from '../retrieval/retriever';
import { tokenize } from '../retrieval/tokenize';
import { weightedQuestionTerms, type IdfLookup } from './evidence';

export interface ExtractOptions {
  /** How many of the best passages sentences may come from. */
  passages: number;
  maxSentences: number;
  maxChars: number;
}

export const DEFAULT_EXTRACT: ExtractOptions = { passages: 5, maxSentences: 4, maxChars: 800 };

/** A sentence chosen for the answer, with the rank of the passage it came from and its position there. */
export interface ChosenSentence {
  text: string;
  hit: number;
  position: number;
}

interface Candidate extends ChosenSentence {
  matched: Set<string>;
  relevance: number;
  score: number;
  hasNumber: boolean;
}

const ASKS_FOR_AMOUNT = /\b(how (much|many|long|often|soon|old|far)|cost|costs|price|fee|fees|copay\w*|co-pay\w*|deductible|coinsurance|percent\w*|rate|limit|maximum|minimum|amount|number|when|deadline|budget|threshold|days?|hours?|weeks?|months?|years?)\b/i;
const NUMBER = /\$\s?\d|\d\s?%|\b\d+(?:[.,]\d+)?\b/;

/**
 * Picks the sentences of the best passages that carry the answer. Each sentence is scored by the
 * IDF-weighted share of question words (or their synonyms) it contains, discounted for lower-ranked
 * passages; sentences with figures score higher (facts people ask about are mostly figures: amounts,
 * limits, deadlines), much more so when the question asks for an amount. The
 * best sentence leads; others join when they add question words not yet covered, or when they hold
 * figures or directly follow a chosen sentence in the same passage. A sentence that ends in a colon
 * brings the list or table after it. Output keeps reading order.
 */
export function extractSentences(question: string, hits: RetrievalHit[], idf: IdfLookup, maxIdf: number, options: ExtractOptions = DEFAULT_EXTRACT): ChosenSentence[] {
  const qTerms = weightedQuestionTerms(question, idf, maxIdf, 0).filter((t) => t.weight > 0);
  if (qTerms.length === 0 || hits.length === 0) return [];
  const total = qTerms.reduce((s, t) => s + t.weight, 0);
  const wantsNumber = ASKS_FOR_AMOUNT.test(question);
  const topScore = hits[0].score || 1;

  const perHit: Candidate[][] = [];
  const candidates: Candidate[] = [];
  hits.slice(0, options.passages).forEach((hit, h) => {
    const context = new Set(tokenize(hit.passage.section).map((t) => t.term));
    const list: Candidate[] = [];
    splitSentences(hit.passage.text).forEach((s, position) => {
      const words = s.text.split(/\s+/).length;
      const terms = new Set(tokenize(s.text).map((t) => t.term));
      const matched = new Set<string>();
      let cover = 0;
      for (const q of qTerms) {
        if (q.accepts.some((a) => terms.has(a))) {
          cover += q.weight;
          matched.add(q.term);
        } else if (q.accepts.some((a) => context.has(a))) cover += q.weight * 0.25;
      }
      const hasNumber = NUMBER.test(s.text);
      const relevance = (cover / total) * (0.6 + 0.4 * (hit.score / topScore));
      let score = relevance;
      if (hasNumber && matched.size > 0) score *= wantsNumber ? 2.5 : 1.5;
      if (words < 4) score *= 0.5;
      else if (words < 7) score *= 0.85;
      if (s.text.length > 500) score *= 0.7;
      if (/\?$/.test(s.text)) score *= 0.5;
      const c: Candidate = { text: s.text, hit: h, position, matched, relevance, score, hasNumber };
      list.push(c);
      candidates.push(c);
    });
    perHit.push(list);
  });
  if (candidates.length === 0) return [];
  const ranked = [...candidates].sort((a, b) => b.score - a.score || a.hit - b.hit || a.position - b.position);
  const best = ranked[0];
  if (best.relevance === 0) return [];
  const chosen: Candidate[] = [];
  const covered = new Set<string>();
  let chars = 0;
  const take = (c: Candidate): void => {
    chosen.push(c);
    chars += c.text.length;
    for (const t of c.matched) covered.add(t);
  };
  take(best);
  for (const c of ranked.slice(1)) {
    if (chosen.length >= options.maxSentences) break;
    if (chosen.includes(c) || chars + c.text.length > options.maxChars || c.relevance < best.relevance * 0.15) continue;
    if (chosen.some((x) => similar(x.text, c.text))) continue;
    const adds = qTerms.filter((q) => c.matched.has(q.term) && !covered.has(q.term)).reduce((s, q) => s + q.weight, 0) / total;
    const samePassage = chosen.some((x) => x.hit === c.hit);
    const follows = chosen.some((x) => x.hit === c.hit && c.position - x.position === 1);
    if (adds >= 0.1 || (samePassage && c.hasNumber && c.relevance >= best.relevance * 0.15) || (follows && c.relevance >= best.relevance * 0.5)) take(c);
  }
  for (const c of [...chosen]) {
    if (!/:$/.test(c.text)) continue;
    for (const next of perHit[c.hit].slice(c.position + 1)) {
      if (chosen.includes(next)) continue;
      if (chars + next.text.length > options.maxChars * 1.25 || !/^[-•*]|^\d+[.)]|\s\|\s/.test(next.text)) break;
      chosen.push(next);
      chars += next.text.length;
    }
  }
  return chosen.sort((a, b) => a.hit - b.hit || a.position - b.position).map(({ text, hit, position }) => ({ text, hit, position }));
}

/** Near-duplicate sentences (the same fact in two plan documents) are quoted once. */
function similar(a: string, b: string): boolean {
  const wa = new Set(a.toLowerCase().match(/\w+/g) ?? []);
  const wb = new Set(b.toLowerCase().match(/\w+/g) ?? []);
  let n = 0;
  for (const w of wa) if (wb.has(w)) n++;
  return n / Math.max(1, Math.min(wa.size, wb.size)) > 0.8;
}
