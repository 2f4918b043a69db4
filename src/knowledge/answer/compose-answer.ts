import type { RetrievalHit } from '../retrieval/retriever';
import type { Answer, Citation } from './answer-types';
import { toCitation, type CitationLinks } from './citations';
import { cellsOf, type ChosenSentence } from './extractive-answer';

const NUMBERED_ITEM = /^(\d{1,3}|[a-z])[.)]\s+/i;
const TABLE_ROW = /\s\|\s/;

/** A table row as a bullet: its first cell in bold, the others labelled with their column's header when known. */
function tableRowLine(row: string, header: string[] | undefined): string {
  const [first, ...rest] = cellsOf(row);
  const labelled = rest.map((cell, i) => (cell && header?.[i + 1] ? `${header[i + 1]}: ${cell}` : cell)).filter(Boolean);
  return `- **${first}**${labelled.length ? ` — ${labelled.join('; ')}` : ''}`;
}

export const NOT_COVERED_TEXT =
  "I couldn't find this in the CoE knowledge base, so I won't guess. You can ask the CoE experts: their answer comes back to you here and can be added to the knowledge base.";

/**
 * Writes chosen sentences as an answer with [n] markers: consecutive sentences from the same passage
 * share one marker, and passages are numbered in the order the answer first cites them. List items
 * and numbered steps go on lines of their own (Markdown), as in the document.
 */
export function composeExtractiveAnswer(chosen: ChosenSentence[], hits: RetrievalHit[], links: CitationLinks): Answer {
  const numberOf = new Map<number, number>();
  const quoted = new Map<number, string[]>();
  let text = '';
  let groupHit = -1;
  let lastWasItem = false;
  const mark = (): void => {
    if (groupHit < 0) return;
    let n = numberOf.get(groupHit);
    if (n === undefined) numberOf.set(groupHit, (n = numberOf.size + 1));
    text += ` [${n}]`;
  };
  // The rest of a list item's line stays with the item.
  const continues = (i: number): boolean => i > 0 && chosen[i].lineStart === false && chosen[i - 1].hit === chosen[i].hit && chosen[i - 1].position === chosen[i].position - 1;
  const numbered = (i: number): boolean => chosen[i]?.item === true && NUMBERED_ITEM.test(chosen[i].text);
  const neighbour = (i: number, step: number): number => {
    let j = i + step;
    while (j > 0 && j < chosen.length && continues(j)) j += step;
    return j;
  };
  chosen.forEach((s, i) => {
    if (s.hit !== groupHit) mark();
    groupHit = s.hit;
    // A numbered item quoted without its neighbours reads as a bullet: "6." alone says nothing.
    const lone = numbered(i) && !numbered(neighbour(i, -1)) && !numbered(neighbour(i, 1));
    const plain = lone ? s.text.replace(NUMBERED_ITEM, '') : s.text.replace(/^[•*-]\s*/, '');
    const line = TABLE_ROW.test(s.text) ? tableRowLine(s.text, s.header) : s.item && plain !== s.text ? `- ${plain}` : plain;
    // Markdown: a blank line before and after a list, one line per item.
    if (text === '') text = line;
    else if (s.item) text += lastWasItem ? `\n${line}` : `\n\n${line}`;
    else if (lastWasItem && !continues(i)) text += `\n\n${line}`;
    else text += ` ${line}`;
    lastWasItem = s.item === true || (lastWasItem && continues(i));
    quoted.set(s.hit, [...(quoted.get(s.hit) ?? []), s.text]);
  });
  mark();
  const citations: Citation[] = [...numberOf.entries()].sort((a, b) => a[1] - b[1]).map(([hit, n]) => toCitation(n, hits[hit].passage, links, quoted.get(hit)));
  return { text, grounded: true, citations, generatedByModel: false };
}

/** The answer given when the knowledge base does not cover the question. */
export function notCoveredAnswer(): Answer {
  return { text: NOT_COVERED_TEXT, grounded: false, citations: [], generatedByModel: false };
}
