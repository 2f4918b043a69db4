import { splitSentences } from '../ingest/sentences';
import type { RetrievalHit } from '../retrieval/retriever';
import { FRAMING_WEIGHT, isFramingTerm } from '../retrieval/query-terms';
import { tokenize } from '../retrieval/tokenize';

/** How informative a term is in the indexed collection, or undefined when no passage contains it. */
export type IdfLookup = (term: string) => number | undefined;

export interface Evidence {
  /** IDF-weighted share of the question's terms found in the best passage (title and section included). */
  coverage: number;
  /** The same share over the best three passages together. */
  coverageTop3: number;
  /** IDF-weighted share of the question that no indexed passage contains at all. */
  unknownShare: number;
  /** Question words that occur nowhere in the knowledge base. */
  unknownTerms: string[];
  /** The best passage's score per unit of the question's IDF mass. */
  strength: number;
  /** The best IDF-weighted share of the question found within two consecutive sentences of one of the best three passages. */
  sentenceCoverage: number;
  /** IDF-weighted share of the question's adjacent word pairs that also stand together (within three words) in one of the best three passages. */
  pairCoverage: number;
  covered: boolean;
}

export interface EvidencePolicy {
  minCoverage: number;
  minCoverageTop3: number;
  maxUnknownShare: number;
  minStrength: number;
}

export const DEFAULT_EVIDENCE_POLICY: EvidencePolicy = { minCoverage: 0.5, minCoverageTop3: 0.6, maxUnknownShare: 0.3, minStrength: 0.3 };

/** Question terms with their evidence weight: IDF (the maximum for unknown words), framing words discounted. */
export function weightedQuestionTerms(question: string, idf: IdfLookup, maxIdf: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tokenize(question)) out.set(t.term, (idf(t.term) ?? maxIdf) * (isFramingTerm(t.term) ? FRAMING_WEIGHT : 1));
  return out;
}

/**
 * Decides whether retrieved passages cover a question. A question is "not covered" when a good part
 * of it names things the knowledge base never mentions, when the rarer words are missing from the best
 * passages, or when the best match is weak overall.
 */
export function assessEvidence(question: string, hits: RetrievalHit[], idf: IdfLookup, maxIdf: number, policy: EvidencePolicy = DEFAULT_EVIDENCE_POLICY): Evidence {
  const weights = weightedQuestionTerms(question, idf, maxIdf);
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  const qTerms = [...weights.keys()];
  const unknownTerms = qTerms.filter((t) => idf(t) === undefined);
  if (total === 0 || hits.length === 0) return { coverage: 0, coverageTop3: 0, unknownShare: qTerms.length ? 1 : 0, unknownTerms, strength: 0, sentenceCoverage: 0, pairCoverage: 0, covered: false };
  const unknownShare = unknownTerms.reduce((s, t) => s + (weights.get(t) ?? 0), 0) / total;
  const termSet = (h: RetrievalHit): Set<string> => new Set(tokenize(`${h.passage.title} ${h.passage.section} ${h.passage.text}`).map((t) => t.term));
  const share = (present: Set<string>): number => qTerms.reduce((s, t) => s + (present.has(t) ? (weights.get(t) ?? 0) : 0), 0) / total;
  const top = termSet(hits[0]);
  const coverage = share(top);
  const union = new Set(top);
  for (const h of hits.slice(1, 3)) for (const t of termSet(h)) union.add(t);
  const coverageTop3 = share(union);
  const strength = hits[0].score / total;
  let sentenceCoverage = 0;
  for (const h of hits.slice(0, 3)) {
    const heading = new Set(tokenize(`${h.passage.title} ${h.passage.section}`).map((t) => t.term));
    const sentences = splitSentences(h.passage.text).map((x) => new Set(tokenize(x.text).map((t) => t.term)));
    for (let i = 0; i < sentences.length; i++) {
      const window = new Set([...heading, ...sentences[i], ...(sentences[i + 1] ?? [])]);
      sentenceCoverage = Math.max(sentenceCoverage, share(window));
    }
  }
  const pairCoverage = phraseCoverage(question, hits.slice(0, 3), weights);
  const covered = coverage >= policy.minCoverage && coverageTop3 >= policy.minCoverageTop3 && unknownShare <= policy.maxUnknownShare && strength >= policy.minStrength;
  return { coverage, coverageTop3, unknownShare, unknownTerms, strength, sentenceCoverage, pairCoverage, covered };
}

/** Share (by the lesser IDF of each pair) of adjacent question word pairs found close together in a passage. */
function phraseCoverage(question: string, hits: RetrievalHit[], weights: Map<string, number>): number {
  const q = tokenize(question).filter((t) => !isFramingTerm(t.term));
  const pairs: Array<[string, string, number]> = [];
  for (let i = 0; i + 1 < q.length; i++) {
    if (q[i + 1].pos - q[i].pos > 2 || q[i].term === q[i + 1].term) continue;
    pairs.push([q[i].term, q[i + 1].term, Math.min(weights.get(q[i].term) ?? 0, weights.get(q[i + 1].term) ?? 0)]);
  }
  const total = pairs.reduce((s, p) => s + p[2], 0);
  if (total === 0) return 1;
  const seqs = hits.map((h) => tokenize(h.passage.text));
  let found = 0;
  for (const [a, b, w] of pairs) {
    const ok = seqs.some((seq) => {
      let lastA = -1e9;
      let lastB = -1e9;
      for (const t of seq) {
        if (t.term === a) {
          if (t.pos - lastB <= 3) return true;
          lastA = t.pos;
        } else if (t.term === b) {
          if (t.pos - lastA <= 3) return true;
          lastB = t.pos;
        }
      }
      return false;
    });
    if (ok) found += w;
  }
  return found / total;
}
