import { splitSentences } from '../ingest/sentences';
import { tokenize } from '../retrieval/tokenize';

/** The sentences of passages with their words, terms and figures, memoised because passages are re-read on every question. */

export interface AnalysedSentence {
  text: string;
  words: number;
  terms: Set<string>;
  lineStart: boolean;
  wordSet: Set<string>;
  figures: string;
}

const MEMO_LIMIT = 50_000;
const sentenceMemo = new Map<string, AnalysedSentence[]>();
const termMemo = new Map<string, Set<string>>();

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size > MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** The search terms of a text, memoised: passages are re-read on every question. */
export function termsOf(text: string): Set<string> {
  return termMemo.get(text) ?? remember(termMemo, text, new Set(tokenize(text).map((t) => t.term)));
}

/** A passage split into sentences with their word counts and terms, memoised per passage text. */
export function sentencesOf(passage: string): AnalysedSentence[] {
  return (
    sentenceMemo.get(passage) ??
    remember(
      sentenceMemo,
      passage,
      splitSentences(passage).map((s) => {
        const wordSet = new Set(s.text.toLowerCase().match(/\w+/g) ?? []);
        const figures = [...wordSet]
          .filter((w) => /\d/.test(w))
          .sort()
          .join(' ');
        return {
          text: s.text,
          words: s.text.split(/\s+/).length,
          terms: termsOf(s.text),
          lineStart: s.lineStart,
          wordSet,
          figures,
        };
      }),
    )
  );
}

/**
 * Near-duplicate sentences (the same fact in two plan documents) are quoted once. Sentences that differ
 * in their figures are different facts ("$20 in network" and "$50 out of network"), however alike.
 */
export function similar(
  a: Pick<AnalysedSentence, 'wordSet' | 'figures'>,
  b: Pick<AnalysedSentence, 'wordSet' | 'figures'>,
): boolean {
  if (a.figures !== b.figures) return false;
  let n = 0;
  for (const w of a.wordSet) if (b.wordSet.has(w)) n++;
  return n / Math.max(1, Math.min(a.wordSet.size, b.wordSet.size)) > 0.8;
}
