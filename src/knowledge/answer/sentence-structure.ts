import type { RetrievalHit } from '../retrieval/retriever';

/** How a sentence sits in its passage: a table row and its header, a list item, a numbered step. */

/** A sentence of a passage: its text, its position there, and whether it opens a line. */
export interface Line {
  text: string;
  position: number;
  lineStart: boolean;
}

const TABLE_ROW = /\s\|\s|^\|\s/;

/** The cells of a table row ("GPT-4.1 | The default | Start here"). */
export function cellsOf(row: string): string[] {
  return row
    .replace(/^\|\s*/, '')
    .replace(/\s*\|$/, '')
    .split(' | ')
    .map((c) => c.trim());
}

/**
 * The header row of the table a row belongs to: the first row of its run of rows, when it reads as
 * column labels (as many cells, each a few words without figures or sentence punctuation). Tables
 * without a header row (common in Word documents) get none, and their first row stays a row.
 */
export function tableHeader<T extends Line>(list: T[], c: T): T | undefined {
  if (!c.lineStart || !TABLE_ROW.test(c.text)) return undefined;
  let first = c.position;
  while (first > 0 && list[first - 1].lineStart && TABLE_ROW.test(list[first - 1].text)) first--;
  const header = list[first];
  if (header === c) return undefined;
  const labels = cellsOf(header.text);
  const looksLikeLabels = labels.every((l) => l !== '' && l.split(/\s+/).length <= 4 && !/\d|[.;!?]$/.test(l));
  return looksLikeLabels && labels.length === cellsOf(c.text).length ? header : undefined;
}

/** The enumerator of a numbered list item, which is no figure. */
export const ENUMERATOR = /^(\d{1,3}|[a-z])[.)]\s/;
/** A list item or table row: a bullet, an enumerator ("1.", "b)") or cells separated by bars. */
export const ITEM = /^[-•*|]|^(\d{1,3}|[a-z])[.)]\s|\s\|\s/;
/** The label of a numbered step ("Level 2:", "Step 3 -", "2.") without its number; not a figure ("10-15 days", "3.5 days"). */
const STEP = /^(?:(\p{Lu}\p{L}*)\s+)?\d{1,2}\s*[.:)\u2013-](?!\d)/u;

/** The label a numbered step shares with its siblings ("level", "step", or "" for a bare "2."), if the sentence opens a line with one. */
export function enumeration(c: Line): string | undefined {
  if (!c.lineStart) return undefined;
  const m = STEP.exec(c.text);
  return m ? (m[1] ?? '').toLowerCase() : undefined;
}

/** The sentences before `c` in its passage that open a line, for the earlier steps of a sequence. */
export function precedingLines<T extends Line>(list: T[], c: T): T[] {
  return list.slice(0, c.position).filter((x) => x.lineStart);
}

/**
 * The sentences after a chosen one, in reading order: the rest of its passage, then the passage that
 * continues it (same document, next position) when that is also among the retrieved passages.
 */
export function followingSentences<T extends Line & { hit: number }>(
  hits: readonly RetrievalHit[],
  perHit: T[][],
): (c: T) => T[] {
  const at = new Map<string, number>();
  hits.slice(0, perHit.length).forEach((h, i) => at.set(`${h.passage.source}\u0000${h.passage.ordinal}`, i));
  return (c) => {
    const out = perHit[c.hit].slice(c.position + 1);
    const p = hits[c.hit].passage;
    const next = at.get(`${p.source}\u0000${p.ordinal + 1}`);
    return next === undefined ? out : [...out, ...perHit[next]];
  };
}
