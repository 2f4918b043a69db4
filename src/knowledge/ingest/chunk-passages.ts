import { isQuestionHeading, type PassageDraft, type TextBlock } from '../document-model';
import { splitSentences } from './sentences';

export interface ChunkOptions {
  /** Passages are filled up to about this many characters. */
  targetChars: number;
  /** A single passage never exceeds this (long paragraphs are split at sentences). */
  maxChars: number;
  /** A section shorter than this is merged into the following passage of a sub-section, when there is one (not an FAQ entry). */
  minChars: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { targetChars: 1200, maxChars: 1800, minChars: 120 };

interface Piece {
  text: string;
  page?: number;
  start?: number;
  end?: number;
}

/** Splits a block longer than maxChars at sentence ends; a sentence that began a line (a table row, a list item) still does. */
function splitLongBlock(block: TextBlock, maxChars: number): Piece[] {
  if (block.text.length <= maxChars) return [block];
  const pieces: Piece[] = [];
  let cur: Piece | undefined;
  for (const s of splitSentences(block.text)) {
    const text = s.text.length > maxChars ? s.text.slice(0, maxChars) : s.text;
    if (cur && cur.text.length + 1 + text.length > maxChars) {
      pieces.push(cur);
      cur = undefined;
    }
    cur = cur
      ? { ...cur, text: `${cur.text}${s.lineStart ? '\n' : ' '}${text}` }
      : { text, page: block.page, start: block.start, end: block.end };
  }
  if (cur) pieces.push(cur);
  return pieces;
}

const sameSection = (a: TextBlock, b: TextBlock): boolean =>
  a.headings.length === b.headings.length && a.headings.every((h, i) => h === b.headings[i]) && a.anchor === b.anchor;

/**
 * Packs blocks into passages that never cross a section boundary, so each passage has one heading
 * path ("Risk tiers > High") to cite; passages fill up to the target size and long paragraphs split at
 * sentence ends. PDF passages keep the page where they start and end.
 */
export function chunkPassages(blocks: TextBlock[], options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): PassageDraft[] {
  const sections: TextBlock[][] = [];
  for (const b of blocks) {
    const last = sections[sections.length - 1];
    if (last && sameSection(last[0], b)) last.push(b);
    else sections.push([b]);
  }
  const passages: PassageDraft[] = [];
  let carry: { text: string; block: TextBlock } | undefined;
  for (let si = 0; si < sections.length; si++) {
    const section = sections[si];
    const head = section[0];
    const total = section.reduce((n, b) => n + b.text.length, 0);
    const next = sections[si + 1];
    const nextIsChild =
      next !== undefined &&
      next[0].headings.length > head.headings.length &&
      head.headings.every((h, i) => next[0].headings[i] === h);
    // An entry headed by a question (an FAQ entry) answers that question: its passage opens with its
    // answer, not with the introduction of the part it belongs to.
    const nextIsQuestion = nextIsChild && isQuestionHeading(next[0].headings[next[0].headings.length - 1] ?? '');
    if (total < options.minChars && nextIsChild && !nextIsQuestion && !carry) {
      carry = { text: section.map((b) => b.text).join('\n'), block: head };
      continue;
    }
    let cur: { texts: string[]; len: number; first: Piece; last: Piece } | undefined;
    const emit = (): void => {
      if (!cur) return;
      passages.push({
        ordinal: passages.length,
        section: head.headings.join(' > '),
        anchor: cur.first.page !== undefined ? `page=${cur.first.page}` : head.anchor,
        page: cur.first.page,
        pageEnd: cur.last.page,
        start: cur.first.start,
        end: cur.last.end,
        text: cur.texts.join('\n'),
      });
      cur = undefined;
    };
    for (const block of section) {
      for (const piece of splitLongBlock(block, options.maxChars)) {
        if (cur && cur.len + piece.text.length > options.targetChars && cur.len + piece.text.length > options.minChars)
          emit();
        if (carry && carry.block.page !== piece.page) {
          passages.push(carryPassage(carry.block, carry.text, passages.length));
          carry = undefined;
        }
        if (!cur) {
          cur = { texts: [], len: 0, first: piece, last: piece };
          if (carry) {
            cur.texts.push(carry.text);
            cur.len += carry.text.length;
            cur.first = carry.block;
            carry = undefined;
          }
        }
        cur.texts.push(piece.text);
        cur.len += piece.text.length + 1;
        cur.last = piece;
      }
    }
    emit();
  }
  if (carry) passages.push(carryPassage(carry.block, carry.text, passages.length));
  return passages;
}

/** A short section that could not be merged into the next passage becomes a passage of its own. */
function carryPassage(block: TextBlock, text: string, ordinal: number): PassageDraft {
  return {
    ordinal,
    section: block.headings.join(' > '),
    anchor: block.anchor,
    page: block.page,
    pageEnd: block.page,
    start: block.start,
    end: block.end,
    text,
  };
}
