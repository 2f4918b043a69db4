import type { RetrievalHit } from '../retrieval/retriever';
import { FRAMING_WEIGHT, framingTermsOf, questionTokens } from '../retrieval/query-terms';
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
  /** Capitalised question words (names: "Platinum", "Japan") that occur nowhere in the knowledge base. */
  unknownNames: string[];
  /** The best passage's score per unit of the question's weight. */
  strength: number;
  /** The best passage's score in units of the highest possible IDF: how much matching evidence there is, however long the question. */
  mass: number;
  covered: boolean;
}

/**
 * When a question counts as covered. A question is not covered when it names something the knowledge
 * base never mentions (an unknown name), when a large share of it is made of unknown words, or when the
 * best passage matches it weakly: both little evidence in absolute terms (`mass`) and little per unit
 * of the question (`strength`), with a stricter bar when some of its words are unknown.
 */
export interface EvidencePolicy {
  maxUnknownShare: number;
  minStrength: number;
  /** Weight of a word the knowledge base never uses, as a share of the highest possible IDF. */
  unknownWeight: number;
  /** Below this mass and below `weakStrength`, the match is too thin to answer from. */
  minMass: number;
  weakStrength: number;
  /** With at least this unknown share, the mass must reach `minMassWithUnknown`. */
  someUnknownShare: number;
  minMassWithUnknown: number;
  /** Below this coverage by the best passage and below `weakStrength`, the best passage is about something else. */
  minCoverage: number;
  /** Refuse questions that name an unknown proper noun. */
  refuseUnknownNames: boolean;
}

/**
 * Measured on the eval sets (Northwind HR, Anthropic docs, our playbooks, EU AI Act) with the default
 * retrieval options: no more than 5% of answerable questions refused on any of the first three. The
 * thresholds depend on the retriever's score scale, so re-measure them when retrieval weights change.
 */
export const DEFAULT_EVIDENCE_POLICY: EvidencePolicy = {
  maxUnknownShare: 0.6,
  minStrength: 0.3,
  unknownWeight: 0.5,
  minMass: 0.85,
  weakStrength: 0.6,
  someUnknownShare: 0.2,
  minMassWithUnknown: 1.1,
  minCoverage: 0.25,
  refuseUnknownNames: true,
};

/** A question term with its evidence weight and the terms that count as finding it (itself and its synonyms). */
export interface WeightedTerm {
  term: string;
  weight: number;
  known: boolean;
  accepts: string[];
  /** Multi-word synonyms: found when all their terms are. */
  acceptsAll: string[][];
  /** A number in the question ("20k", "2018"). */
  numeric: boolean;
}

/**
 * Question terms with their evidence weight: IDF (a fixed high weight for unknown words), framing words
 * and numbers discounted. A word the knowledge base never uses counts as known when one of its synonyms
 * is used ("sev" when passages say "severity"), with that synonym's IDF.
 */
export function weightedQuestionTerms(
  question: string,
  idf: IdfLookup,
  maxIdf: number,
  unknownWeight = 1,
): WeightedTerm[] {
  const seen = new Map<string, WeightedTerm>();
  for (const t of questionTokens(question)) {
    if (seen.has(t.term)) continue;
    seen.set(t.term, {
      term: t.term,
      known: false,
      weight: 0,
      accepts: [t.term],
      acceptsAll: [],
      numeric: /^\d/.test(t.term),
    });
  }
  for (const { triggers, added, phrases } of synonymExpansions(question, new Set(seen.keys()))) {
    for (const trigger of triggers) {
      const w = seen.get(trigger);
      if (!w) continue;
      w.accepts.push(...added);
      w.acceptsAll.push(...phrases);
    }
  }
  const framing = framingTermsOf(question);
  for (const w of seen.values()) {
    const own = idf(w.term);
    const viaSynonym = own === undefined ? Math.max(-1, ...w.accepts.slice(1).map((a) => idf(a) ?? -1)) : -1;
    const known = own ?? (viaSynonym >= 0 ? viaSynonym : undefined);
    w.known = known !== undefined;
    const discount = framing.has(w.term) || (w.numeric && !w.known) ? FRAMING_WEIGHT : 1;
    w.weight = (known ?? maxIdf * unknownWeight) * discount;
  }
  return [...seen.values()];
}

/** Share of the highest IDF a question word needs to name a thing: "AI", "use" and "cloud" are on nearly every page. */
const NAMING_IDF = 0.1;

/**
 * Whether a text names one of the question's own distinctive words, as written (a synonym does not count:
 * "assistant" is not the "chatbot" a rule is about). Words of the FAQ question an entry answers count as its
 * text's: "Only with Public information ..." under "Can I use ChatGPT ...?" is about ChatGPT.
 */
export function namesAskedThing(
  question: string,
  idf: IdfLookup,
  maxIdf: number,
  entryQuestion = '',
): (text: string) => boolean {
  const asked = weightedQuestionTerms(question, idf, maxIdf, 0)
    .filter((t) => t.weight >= NAMING_IDF * maxIdf)
    .map((t) => t.term);
  const entry = new Set(tokenize(entryQuestion).map((t) => t.term));
  return (text) => {
    const said = new Set(tokenize(text).map((t) => t.term));
    return asked.some((t) => said.has(t) || entry.has(t));
  };
}

/** True when a set of passage terms contains a question term or one of its synonyms. */
export function termFound(t: WeightedTerm, present: ReadonlySet<string>): boolean {
  return t.accepts.some((a) => present.has(a)) || t.acceptsAll.some((p) => p.every((a) => present.has(a)));
}

/** The weighted share (0..1) of the question's terms that a set of terms contains, itself or through a synonym. */
export function questionShare(terms: readonly WeightedTerm[], present: ReadonlySet<string>): number {
  const total = terms.reduce((s, t) => s + t.weight, 0);
  return total > 0 ? terms.reduce((s, t) => s + (termFound(t, present) ? t.weight : 0), 0) / total : 0;
}

const WORD = /[\p{L}\p{N}]+(?:[.,'’-][\p{L}\p{N}]+)*/gu;

/**
 * Capitalised words of the question that the knowledge base never uses: names of products, places or
 * plans ("the Northwind Platinum plan"). Sentence-initial words, all-capital abbreviations (which a
 * document may spell out) and labels followed by a number ("Recital 12") are left out.
 */
export function unknownNames(question: string, idf: IdfLookup): string[] {
  const out: string[] = [];
  for (const m of question.matchAll(WORD)) {
    const word = m[0];
    if (!/^\p{Lu}\p{Ll}/u.test(word)) continue;
    const before = question.slice(0, m.index);
    if (/(^|[.!?:;"“(]\s*)$/.test(before)) continue;
    if (/^\s*\d/.test(question.slice(m.index + word.length))) continue;
    const terms = tokenize(word).map((t) => t.term);
    if (terms.length > 0 && terms.every((t) => idf(t) === undefined && !/^\d/.test(t))) out.push(word);
  }
  return out;
}

const passageTerms = (h: RetrievalHit): Set<string> =>
  new Set(tokenize(`${h.passage.title} ${h.passage.section} ${h.passage.text}`).map((t) => t.term));

/**
 * Decides whether retrieved passages cover a question. A question is "not covered" when it names
 * things the knowledge base never mentions, or when even the best passage matches its informative
 * words weakly (few of them, or each only in passing).
 */
export function assessEvidence(
  question: string,
  hits: RetrievalHit[],
  idf: IdfLookup,
  maxIdf: number,
  policy: EvidencePolicy = DEFAULT_EVIDENCE_POLICY,
): Evidence {
  const terms = weightedQuestionTerms(question, idf, maxIdf, policy.unknownWeight);
  const total = terms.reduce((s, t) => s + t.weight, 0);
  const unknownTerms = terms.filter((t) => !t.known).map((t) => t.term);
  const names = unknownNames(question, idf);
  if (total === 0 || hits.length === 0) {
    return {
      coverage: 0,
      coverageTop3: 0,
      unknownShare: terms.length ? 1 : 0,
      unknownTerms,
      unknownNames: names,
      strength: 0,
      mass: 0,
      covered: false,
    };
  }
  const unknownShare = terms.filter((t) => !t.known).reduce((s, t) => s + t.weight, 0) / total;
  const top = passageTerms(hits[0]);
  const coverage = questionShare(terms, top);
  // Unknown words cannot be found in any passage; the unknown-share rules judge them, so the "about
  // something else" rule measures the best passage against the words it could have matched.
  const knownCoverage = unknownShare < 1 ? coverage / (1 - unknownShare) : 0;
  const union = new Set(top);
  for (const h of hits.slice(1, 3)) for (const t of passageTerms(h)) union.add(t);
  const coverageTop3 = questionShare(terms, union);
  const strength = hits[0].score / total;
  const mass = hits[0].score / Math.max(1e-9, maxIdf);
  const thin =
    (mass < policy.minMass && strength < policy.weakStrength) ||
    (knownCoverage < policy.minCoverage && strength < policy.weakStrength) ||
    (unknownShare >= policy.someUnknownShare && mass < policy.minMassWithUnknown);
  const covered =
    !(policy.refuseUnknownNames && names.length > 0) &&
    unknownShare <= policy.maxUnknownShare &&
    strength >= policy.minStrength &&
    !thin;
  return { coverage, coverageTop3, unknownShare, unknownTerms, unknownNames: names, strength, mass, covered };
}
