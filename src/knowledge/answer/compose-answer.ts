import type { RetrievalHit } from '../retrieval/retriever';
import type { Answer, Citation } from './answer-types';
import { toCitation, type CitationLinks } from './citations';
import type { ChosenSentence } from './extractive-answer';

export const NOT_COVERED_TEXT =
  "I couldn't find this in the CoE knowledge base, so I won't guess. You can ask the CoE experts: their answer comes back to you here and can be added to the knowledge base.";

/**
 * Writes chosen sentences as an answer with [n] markers: consecutive sentences from the same passage
 * share one marker, and passages are numbered in the order the answer first cites them.
 */
export function composeExtractiveAnswer(chosen: ChosenSentence[], hits: RetrievalHit[], links: CitationLinks): Answer {
  const numberOf = new Map<number, number>();
  const quoted = new Map<number, string[]>();
  const parts: string[] = [];
  let group: string[] = [];
  let groupHit = -1;
  const close = (): void => {
    if (group.length === 0) return;
    let n = numberOf.get(groupHit);
    if (n === undefined) numberOf.set(groupHit, (n = numberOf.size + 1));
    parts.push(`${group.join(' ')} [${n}]`);
    group = [];
  };
  for (const s of chosen) {
    if (s.hit !== groupHit) close();
    groupHit = s.hit;
    group.push(s.text.replace(/^[•*-]\s*/, ''));
    quoted.set(s.hit, [...(quoted.get(s.hit) ?? []), s.text]);
  }
  close();
  const citations: Citation[] = [...numberOf.entries()].sort((a, b) => a[1] - b[1]).map(([hit, n]) => toCitation(n, hits[hit].passage, links, quoted.get(hit)));
  return { text: parts.join(' '), grounded: true, citations, generatedByModel: false };
}

/** The answer given when the knowledge base does not cover the question. */
export function notCoveredAnswer(): Answer {
  return { text: NOT_COVERED_TEXT, grounded: false, citations: [], generatedByModel: false };
}
