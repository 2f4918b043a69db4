import { stemWord } from '../knowledge/retrieval/english-stemmer';
import { withoutChatter } from '../knowledge/retrieval/question-opening';

/** Contractions spelled out, so "what's" meets "what is" and "couldn't" meets "could not". */
const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bcan'?t\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\b(\w+)n't\b/g, '$1 not'],
  [/\b(i)'m\b/g, '$1 am'],
  [/\b(\w+)'re\b/g, '$1 are'],
  [/\b(\w+)'ve\b/g, '$1 have'],
  [/\b(\w+)'ll\b/g, '$1 will'],
  [/\b(\w+)'d\b/g, '$1 would'],
  [/\b(what|that|where|who|how|it|there|here)'s\b/g, '$1 is'],
  [/'s\b/g, ''],
];

/** Use-case codes become one placeholder word, so "status of UC-0042" looks like every other status request. */
const USE_CASE_CODE = /\buc[- ]?\d{1,7}\b/g;

/** Lower-cased words of a message: mentions, markup, contractions and use-case codes normalised. */
export function words(text: string): string[] {
  let t = text
    .toLowerCase()
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(USE_CASE_CODE, ' ucid ');
  for (const [pattern, replacement] of CONTRACTIONS) t = t.replace(pattern, replacement);
  return t.match(/[a-z0-9]+/g) ?? [];
}

/** The single-character deletions of a word (the SymSpell trick: two words one edit apart share a deletion). */
export function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i += 1) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Optimal-string-alignment distance, capped: enough to confirm a one-edit typo (with swaps as one edit). */
export function editDistance(a: string, b: string, cap = 2): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i += 1) d[i * cols] = i;
  for (let j = 0; j < cols; j += 1) d[j] = j;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}

/**
 * Corrects words one edit away from the vocabulary of the examples ("submt" -> "submit", "sumbit" -> "submit").
 * Words of four letters or more only, and a four-letter word only into another four-letter word.
 */
export class TypoCorrector {
  private readonly known = new Map<string, number>();
  private readonly byDeletion = new Map<string, string[]>();

  constructor(vocabulary: Iterable<string>) {
    for (const w of vocabulary) this.known.set(w, (this.known.get(w) ?? 0) + 1);
    for (const w of this.known.keys()) {
      if (w.length < 4) continue;
      for (const key of [w, ...deletions(w)]) {
        const list = this.byDeletion.get(key);
        if (list) {
          if (!list.includes(w)) list.push(w);
        } else this.byDeletion.set(key, [w]);
      }
    }
  }

  correct(word: string): string {
    if (word.length < 4 || this.known.has(word) || /\d/.test(word)) return word;
    let best: string | undefined;
    let bestCount = 0;
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of this.byDeletion.get(key) ?? []) {
        const count = this.known.get(candidate) ?? 0;
        // Four-letter words only take a same-length fix ("hlep" -> "help"), never a longer word ("very" is not "every").
        if (count > bestCount && (word.length > 4 || candidate.length === 4) && editDistance(word, candidate, 1) <= 1) {
          best = candidate;
          bestCount = count;
        }
      }
    }
    return best ?? word;
  }
}

/** Words that open a question; the opening word is a feature of its own ("why ..." is almost always a question). */
const QUESTION_OPENERS = new Set([
  'how',
  'why',
  'what',
  'which',
  'who',
  'whom',
  'when',
  'where',
  'is',
  'are',
  'can',
  'could',
  'do',
  'does',
  'did',
  'should',
  'may',
  'will',
  'would',
  'has',
  'have',
]);

/** Sparse features of a message: the question opener, stemmed words, adjacent stem pairs and character trigrams of the stems. */
export function features(tokens: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (key: string, weight: number) => out.set(key, (out.get(key) ?? 0) + weight);
  if (tokens.length > 0 && QUESTION_OPENERS.has(tokens[0])) add(`q:${tokens[0]}`, 1);
  const stems = tokens.map(stemWord);
  for (let i = 0; i < stems.length; i += 1) {
    const s = stems[i];
    add(`w:${s}`, 1);
    if (i > 0) add(`b:${stems[i - 1]}_${s}`, 1);
    if (s.length >= 4) {
      const padded = `#${s}#`;
      for (let j = 0; j + 3 <= padded.length; j += 1) add(`c:${padded.slice(j, j + 3)}`, 0.2);
    }
  }
  return out;
}

/**
 * "Can I submit a use case by email?", "... without a sponsor?", "... on behalf of my manager?": a yes/no question
 * that puts a condition on doing something asks whether the rules allow it, which the playbooks answer. Read from
 * the message's words, after the greeting or preface it may open with.
 */
const CONDITIONED_PERMISSION = new RegExp(
  String.raw`^(?:please\s+)?(?:(?:can|could|may|should|must)\s+(?:i|we)|(?:am\s+i|are\s+we)\s+allowed\s+to|is\s+it\s+(?:ok|okay|possible|allowed)\s+to)\s(?:.*\s)?(?:by|via|through|without|instead\s+of|on\s+behalf\s+of|before|after|unless|if|once|already|outside)\s`,
);

/** True for a permission question with a condition ("can I submit a use case by email?"): a question, not a command. */
export function asksPermissionWithCondition(text: string): boolean {
  return CONDITIONED_PERMISSION.test(`${words(withoutChatter(text)).join(' ')} `);
}
