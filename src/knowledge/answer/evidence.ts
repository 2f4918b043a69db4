import type { RetrievalHit } from '../retrieval/retriever';
import { FRAMING_WEIGHT, isFramingTerm } from '../retrieval/query-terms';
import { synonymExpansions } from '../retrieval/synonyms';
import { tokenize } from '../retrieval/tokenize';

/** How informative a term is in the indexed collection, or undefined when no passage contains it. */
export type IdfLookup = (term: string) => number | undefined;

export interface Evidence {
  /** IDF-weighted share of the question's terms (or their synonyms) found in the best passage, title and section included. */
  coverage: number;
  /** The same share over the best three passages together. */
  coverageTop3: number;
  /** Weighted share of the question made of words that no indexed passage contains. */
  unknownShare: number;
  /** Question words that occur nowhere in the knowledge base. */
  unknownTerms: string[];
  /** The best passage's score per unit of the question's weight. */
  strength: number;
  covered: boolean;
}

/**
 * When a question counts as covered. Measured on the eval sets: the best passage's strength and the
 * share of unknown words separate covered from uncovered questions; raw coverage adds false refusals on
 * chatty questions, so it is reported but not used.
 */
export interface EvidencePolicy {
  maxUnknownShare: number;
  minStrength: number;
  /** Weight of a word the knowledge base never uses, as a share of the highest possible IDF. */
  unknownWeight: number;
}

export const DEFAULT_EVIDENCE_POLICY: EvidencePolicy = { maxUnknownShare: 0.3, minStrength: 0.5, unknownWeight: 0.25 };

/** A question term with its evidence weight and the terms that count as finding it (itself and its synonyms). */
export interface WeightedTerm {
  term: string;
  weight: number;
  known: boolean;
  accepts: string[];
}

/** Question terms with their evidence weight: IDF (a fixed high weight for unknown words), framing words discounted. */
export function weightedQuestionTerms(question: string, idf: IdfLookup, maxIdf: number, unknownWeight = 1): WeightedTerm[] {
  const seen = new Map<string, WeightedTerm>();
  for (const t of tokenize(question)) {
    if (seen.has(t.term)) continue;
    const known = idf(t.term);
    seen.set(t.term, { term: t.term, known: known !== undefined, weight: (known ?? maxIdf * unknownWeight) * (isFramingTerm(t.term) ? FRAMING_WEIGHT : 1), accepts: [t.term] });
  }
  for (const { triggers, added } of synonymExpansions(question, new Set(seen.keys()))) {
    for (const trigger of triggers) seen.get(trigger)?.accepts.push(...added);
  }
  return [...seen.values()];
}

const passageTerms = (h: RetrievalHit): Set<string> => new Set(tokenize(`${h.passage.title} ${h.passage.section} ${h.passage.text}`).map((t) => t.term));

/**
 * Decides whether retrieved passages cover a question. A question is "not covered" when a good part
 * of it names things the knowledge base never mentions, or when even the best passage matches its
 * informative words weakly (few of them, or each only in passing).
 */
export function assessEvidence(question: string, hits: RetrievalHit[], idf: IdfLookup, maxIdf: number, policy: EvidencePolicy = DEFAULT_EVIDENCE_POLICY): Evidence {
  const terms = weightedQuestionTerms(question, idf, maxIdf, policy.unknownWeight);
  const total = terms.reduce((s, t) => s + t.weight, 0);
  const unknownTerms = terms.filter((t) => !t.known).map((t) => t.term);
  if (total === 0 || hits.length === 0) return { coverage: 0, coverageTop3: 0, unknownShare: terms.length ? 1 : 0, unknownTerms, strength: 0, covered: false };
  const unknownShare = terms.filter((t) => !t.known).reduce((s, t) => s + t.weight, 0) / total;
  const share = (present: Set<string>): number => terms.reduce((s, t) => s + (t.accepts.some((a) => present.has(a)) ? t.weight : 0), 0) / total;
  const top = passageTerms(hits[0]);
  const coverage = share(top);
  const union = new Set(top);
  for (const h of hits.slice(1, 3)) for (const t of passageTerms(h)) union.add(t);
  const coverageTop3 = share(union);
  const strength = hits[0].score / total;
  const covered = unknownShare <= policy.maxUnknownShare && strength >= policy.minStrength;
  return { coverage, coverageTop3, unknownShare, unknownTerms, strength, covered };
}
