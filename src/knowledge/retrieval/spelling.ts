/**
 * Typing slips in a word the documents never use: two neighbouring letters swapped ("chatgtp", "sumbit") or a
 * letter doubled or undoubled ("comittee", "adresss"). Other single edits are left alone, because they as often
 * turn one real word into another ("pivot" and "pilot", "weigh" and "weight", "broken" and "broker").
 */
export function slipsOf(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < word.length; i += 1) {
    if (word[i] !== word[i + 1]) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    else out.add(word.slice(0, i) + word.slice(i + 1));
  }
  for (let i = 0; i < word.length; i += 1) out.add(word.slice(0, i + 1) + word[i] + word.slice(i + 1));
  out.delete(word);
  return [...out];
}

/** The most frequent word of a vocabulary that a typing slip away from `word` spells, if any. */
export function correctSlip(word: string, counts: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const candidate of slipsOf(word)) {
    const n = counts.get(candidate) ?? 0;
    if (n > bestCount) {
      best = candidate;
      bestCount = n;
    }
  }
  return best;
}
