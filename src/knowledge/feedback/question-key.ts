import { tokenize } from '../retrieval/tokenize';

/**
 * Normalises a question so that rewordings group together: case, punctuation, function words and word
 * endings are ignored and the remaining terms are sorted ("What's the PTO policy?" and "pto policies"
 * share a key).
 */
export function questionKey(question: string): string {
  const terms = [...new Set(tokenize(question).map((t) => t.term))].sort();
  return terms.length ? terms.join(' ') : question.trim().toLowerCase().replace(/\s+/g, ' ');
}
