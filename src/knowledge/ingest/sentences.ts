const ABBREVIATIONS =
  /\b(e\.g|i\.e|etc|vs|mr|mrs|ms|dr|prof|inc|ltd|co|no|nr|art|para|fig|approx|st|jr|sr|u\.s|e\.u)\.$/i;

/** A sentence with its character range in the text it came from. */
export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
  /** True when the sentence begins a line: a paragraph, a list item or a table row. */
  lineStart: boolean;
}

/** The enumerator that opens a numbered list item ("1.", "b)", "iv."), which ends no sentence. */
const LIST_ENUMERATOR = /^\s*(\d{1,3}|[a-z]|[ivx]{1,5})$/i;

/**
 * Splits text into sentences: at . ! ? followed by a space and a capital, digit or opening mark, and
 * at line breaks (list items and table rows stand alone). Common abbreviations, decimals and the
 * enumerator of a numbered list item ("1. Read the plan") do not split.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let start = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const t = raw.trim();
    if (t)
      out.push({
        text: t,
        start: start + lead,
        end: start + lead + t.length,
        lineStart: start === 0 || text[start - 1] === '\n',
      });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      push(i);
      start = i + 1;
      continue;
    }
    if (c !== '.' && c !== '!' && c !== '?') continue;
    let j = i + 1;
    while (j < text.length && /["'”’)\]]/.test(text[j])) j++;
    if (j < text.length && text[j] !== ' ') continue;
    let k = j;
    while (k < text.length && text[k] === ' ') k++;
    if (k < text.length && !/[A-Z0-9"'“‘([•-]/.test(text[k])) continue;
    if (c === '.' && ABBREVIATIONS.test(text.slice(Math.max(0, i - 6), i + 1))) continue;
    if (c === '.' && /\b[A-Z]\.$/.test(text.slice(Math.max(0, i - 2), i + 1))) continue;
    if (c === '.' && (start === 0 || text[start - 1] === '\n') && LIST_ENUMERATOR.test(text.slice(start, i))) continue;
    push(j);
  }
  push(text.length);
  return out;
}
