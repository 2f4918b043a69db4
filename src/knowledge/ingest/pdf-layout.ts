import type { TextBlock } from '../document-model';
import type { PdfPageText, PdfTextItem } from './pdf-text-worker';

interface Line {
  page: number;
  text: string;
  x: number;
  y: number;
  size: number;
  font: string;
  /** Vertical distance to the previous line on the same page (0 for the first line). */
  gapBefore: number;
}

const round = (n: number): number => Math.round(n * 2) / 2;

/** Joins the text runs of one page into lines, following the content stream so that columns stay in reading order. */
function pageLines(page: PdfPageText): Line[] {
  const lines: Line[] = [];
  let cur: { items: PdfTextItem[]; end: number; y: number } | undefined;
  const flush = (): void => {
    if (!cur) return;
    const sized = cur.items.filter((i) => i.str.trim() !== '' && i.height > 0);
    if (sized.length === 0) {
      cur = undefined;
      return;
    }
    let text = '';
    let prevEnd = Number.NEGATIVE_INFINITY;
    for (const it of cur.items) {
      const gap = it.x - prevEnd;
      const h = it.height || sized[0].height;
      if (text !== '' && gap > h * 0.12 && !text.endsWith(' ') && !it.str.startsWith(' ')) text += ' ';
      text += it.str;
      prevEnd = it.x + it.width;
    }
    const chars = new Map<string, number>();
    const sizes = new Map<number, number>();
    for (const it of sized) {
      chars.set(it.font, (chars.get(it.font) ?? 0) + it.str.length);
      sizes.set(round(it.height), (sizes.get(round(it.height)) ?? 0) + it.str.length);
    }
    const font = [...chars.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const size = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const clean = text.replace(/\s+/g, ' ').trim();
    if (clean) lines.push({ page: page.page, text: clean, x: sized[0].x, y: cur.y, size, font, gapBefore: 0 });
    cur = undefined;
  };
  for (const it of page.items) {
    const h = it.height > 0 ? it.height : 1;
    if (cur && Math.abs(it.y - cur.y) <= h * 0.5 && it.x >= cur.end - h * 2) {
      cur.items.push(it);
      cur.end = Math.max(cur.end, it.x + it.width);
      continue;
    }
    if (cur && it.str.trim() === '' && Math.abs(it.y - cur.y) <= h * 0.5) continue;
    flush();
    cur = { items: [it], end: it.x + it.width, y: it.y };
  }
  flush();
  for (let i = 1; i < lines.length; i++) lines[i].gapBefore = Math.max(0, lines[i - 1].y - lines[i].y);
  return lines;
}

/** Text that repeats at the top or bottom of many pages (running headers, footers, page numbers). */
function repeatedMargins(pages: Line[][]): Set<string> {
  const key = (t: string): string => t.toLowerCase().replace(/\d+/g, '#');
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const edge = new Set([...lines.slice(0, 2), ...lines.slice(-2)].map((l) => key(l.text)));
    for (const k of edge) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const minPages = Math.max(3, Math.ceil(pages.length * 0.3));
  return new Set(
    [...counts.entries()].filter(([k, n]) => n >= minPages || /^(page )?#( of #)?$/.test(k)).map(([k]) => k),
  );
}

function mode(values: Array<[number, number]>): number {
  const m = new Map<number, number>();
  for (const [v, w] of values) m.set(v, (m.get(v) ?? 0) + w);
  return [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

const SENTENCE_END = /[.!?:;,]["')\]]?$/;
const TRAILING_FUNCTION_WORD = /\b(a|an|the|of|and|or|to|in|for|on|by|with|from|as|at|is|are)$/i;

/**
 * Turns positioned PDF text into blocks with heading paths and start pages: larger type becomes a
 * heading (level by size), and a short stand-alone line in the body face set off by space becomes a
 * minor heading; running headers and footers are dropped; wrapped lines are re-joined into paragraphs.
 */
export function pdfPagesToBlocks(pages: PdfPageText[]): TextBlock[] {
  const perPage = pages.map(pageLines);
  const margins = repeatedMargins(perPage);
  const all = perPage.flatMap((lines) =>
    lines.filter(
      (l, i) => !((i < 2 || i >= lines.length - 2) && margins.has(l.text.toLowerCase().replace(/\d+/g, '#'))),
    ),
  );
  if (all.length === 0) return [];
  const bodySize = mode(all.map((l) => [l.size, l.text.length]));
  const bodyFont = mode(all.filter((l) => l.size === bodySize).map((l) => [hashFont(l.font), l.text.length]));
  const lineGap =
    mode(
      all
        .filter((l) => l.size === bodySize && l.gapBefore > 0 && l.gapBefore < bodySize * 3)
        .map((l) => [Math.round(l.gapBefore), 1]),
    ) || bodySize * 1.3;
  const headingSizes = [
    ...new Set(all.filter((l) => l.size >= bodySize * 1.15 && l.text.length <= 120).map((l) => l.size)),
  ].sort((a, b) => b - a);

  const coverPages = new Set(all.map((l) => l.page));
  for (const l of all) if (l.size < bodySize * 1.15) coverPages.delete(l.page);

  const blocks: TextBlock[] = [];
  const path: Array<{ level: number; text: string }> = [];
  let para: { lines: string[]; page: number } | undefined;
  const headings = (): string[] => path.map((p) => p.text);
  const flush = (): void => {
    if (para) blocks.push({ headings: headings(), text: joinWrapped(para.lines), page: para.page });
    para = undefined;
  };
  const setHeading = (level: number, text: string): void => {
    flush();
    while (path.length && path[path.length - 1].level >= level) path.pop();
    path.push({ level, text });
  };

  for (let i = 0; i < all.length; i++) {
    const l = all[i];
    const next = all[i + 1];
    const words = l.text.split(' ').length;
    const sizeLevel = headingSizes.indexOf(l.size);
    if (sizeLevel >= 0 && coverPages.has(l.page)) continue;
    if (sizeLevel >= 0 && /[a-z]/i.test(l.text)) {
      const prev = all[i - 1];
      if (
        prev &&
        path.length &&
        blocks.length &&
        !para &&
        prev.size === l.size &&
        prev.page === l.page &&
        l.gapBefore <= l.size * 1.6
      ) {
        path[path.length - 1].text += ` ${l.text}`;
        continue;
      }
      setHeading(sizeLevel + 1, l.text);
      continue;
    }
    const setOff =
      (l.gapBefore === 0 || l.gapBefore > lineGap * 1.4) &&
      next !== undefined &&
      next.page === l.page &&
      next.gapBefore > lineGap * 1.4;
    const distinctFace = hashFont(l.font) !== bodyFont;
    const looksLikeTitle =
      words <= 8 &&
      l.text.length <= 70 &&
      /^[A-Z0-9]/.test(l.text) &&
      !SENTENCE_END.test(l.text) &&
      !/^[-•*\d]+[.)]?\s/.test(l.text) &&
      !/\w: \S|[.;] /.test(l.text) &&
      !TRAILING_FUNCTION_WORD.test(l.text);
    if (looksLikeTitle && (setOff || (distinctFace && l.size >= bodySize))) {
      setHeading(headingSizes.length + 1, l.text);
      continue;
    }
    const prevLine = all[i - 1];
    const continuesOverPage = prevLine !== undefined && /[a-z,-]$/i.test(prevLine.text) && /^[a-z]/.test(l.text);
    const newPage = para !== undefined && prevLine !== undefined && prevLine.page !== l.page;
    const breakPara =
      !para || l.gapBefore > lineGap * 1.4 || /^([-•*]|\d+[.)])\s/.test(l.text) || (newPage && !continuesOverPage);
    if (breakPara && para) flush();
    if (!para) para = { lines: [], page: l.page };
    para.lines.push(l.text);
  }
  flush();
  return blocks;
}

function hashFont(font: string): number {
  let h = 0;
  for (let i = 0; i < font.length; i++) h = (h * 31 + font.charCodeAt(i)) | 0;
  return h;
}

/** Joins wrapped lines; a line ending in a hyphen after a letter is joined without a space (compound words keep the hyphen). */
function joinWrapped(lines: string[]): string {
  let out = '';
  for (const line of lines) {
    if (out === '') out = line;
    else if (/[A-Za-z]-$/.test(out)) out += line;
    else out += ` ${line}`;
  }
  return out;
}
