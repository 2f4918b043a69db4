import type { ParsedDocument, TextBlock } from '../document-model';
import { titleFromFileName } from './heading-anchors';
import { tidyWhitespace } from './inline-markup';

/** Parses plain text: paragraphs are separated by blank lines; wrapped lines are joined; offsets are kept. */
export function parseText(text: string, fileName: string): ParsedDocument {
  const blocks: TextBlock[] = [];
  const re = /\S[\s\S]*?(?=\r?\n[ \t]*\r?\n|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const joined = tidyWhitespace(m[0].replace(/\r?\n(?![ \t]*([-*•]|\d+[.)])\s)/g, ' '));
    if (joined) blocks.push({ headings: [], text: joined, start: m.index, end: m.index + m[0].length });
  }
  return { title: titleFromFileName(fileName), kind: 'text', meta: {}, blocks };
}
