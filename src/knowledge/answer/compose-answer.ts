import type { RetrievalHit } from '../retrieval/retriever';
import type { Answer, Citation } from './answer-types';
import { toCitation, type CitationLinks } from './citations';
import type { ChosenSentence } from './extractive-answer';
import { cellsOf } from './sentence-structure';

const TABLE_ROW = /\s\|\s|^\|\s/;

/** A table row as text: its first cell in bold, the others labelled with their column's header when known. */
function tableRow(row: string, header: string[] | undefined): string {
  const [first, ...rest] = cellsOf(row);
  const labelled = rest
    .map((cell, i) => (cell && header?.[i + 1] ? `${header[i + 1]}: ${cell}` : cell))
    .filter(Boolean);
  return `**${first}**${labelled.length ? ` — ${labelled.join('; ')}` : ''}`;
}

export const NOT_COVERED_TEXT =
  "I couldn't find this in the CoE knowledge base, so I won't guess. You can ask the CoE experts: their answer comes back to you here and can be added to the knowledge base.";

/** One line of the answer: a sentence (or a list item) with the passage it quotes. */
interface Segment {
  hit: number;
  line: string;
  /** Part of a Markdown list: an item, or the rest of an item's line. */
  inList: boolean;
  /** Starts a new list item (as opposed to continuing one). */
  itemStart: boolean;
  /** Stands as a paragraph of its own (a step heading with its description). */
  paragraph?: boolean;
}

/**
 * Writes chosen sentences as an answer with [n] markers: consecutive sentences from the same passage
 * share one marker, and passages are numbered in the order the answer first cites them. List items,
 * numbered steps and table rows go on lines of their own (a Markdown list), as in the document. A
 * marker always ends a paragraph, never a list item: Teams turns [n] into a citation only in running
 * text, so a passage quoted as a list is cited after the sentence that introduces it, or after its
 * section's heading set above the list.
 */
export function composeExtractiveAnswer(
  chosen: ChosenSentence[],
  hits: RetrievalHit[],
  links: CitationLinks,
  opts: { verdict?: 'Yes' | 'No' } = {},
): Answer {
  if (chosen.length === 0) return notCoveredAnswer();
  const numberOf = new Map<number, number>();
  const quoted = new Map<number, string[]>();
  const segments = toSegments(chosen);
  for (const s of chosen) quoted.set(s.hit, [...(quoted.get(s.hit) ?? []), s.text]);
  const out: Segment[] = [];
  for (let start = 0; start < segments.length;) {
    let end = start;
    while (end + 1 < segments.length && segments[end + 1].hit === segments[start].hit) end++;
    const hit = segments[start].hit;
    let n = numberOf.get(hit);
    if (n === undefined) numberOf.set(hit, (n = numberOf.size + 1));
    const group = segments.slice(start, end + 1).map((g) => ({ ...g }));
    const lastText = group.map((g) => !g.inList).lastIndexOf(true);
    if (lastText >= 0 && (lastText === group.length - 1 || group.slice(lastText + 1).every((g) => g.inList)))
      group[lastText].line += ` [${n}]`;
    else {
      // A passage quoted only as a list is introduced by its section's heading, which carries the marker.
      const heading = hits[hit].passage.section.split(' > ').pop()?.trim();
      group.unshift({
        hit,
        line: heading ? `**${heading}** [${n}]` : `[${n}]`,
        inList: false,
        itemStart: false,
        paragraph: true,
      });
    }
    out.push(...group);
    start = end + 1;
  }
  let text = '';
  out.forEach((g, i) => {
    const prev = out[i - 1];
    if (!prev) text = g.line;
    else if (g.inList && prev.inList) text += g.itemStart ? `\n${g.line}` : ` ${g.line}`;
    else if (g.inList || prev.inList || g.paragraph || prev.paragraph) text += `\n\n${g.line}`;
    else text += ` ${g.line}`;
  });
  // A yes/no question whose quoted rule forbids it is answered "No" first, then the rule.
  // Before a list the verdict stands as a paragraph of its own, so the list still renders as a list.
  if (opts.verdict) text = `**${opts.verdict}.**${/^(?:- |\d{1,3}\. )/.test(text) ? '\n\n' : ' '}${text}`;
  const citations: Citation[] = [...numberOf.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([hit, n]) => toCitation(n, hits[hit].passage, links, quoted.get(hit)));
  return { text, grounded: true, citations, generatedByModel: false };
}

/** The chosen sentences as answer lines: bullets and numbers normalised, table rows labelled, the rest of an item kept with it. */
function toSegments(chosen: ChosenSentence[]): Segment[] {
  const continues = (i: number): boolean =>
    i > 0 &&
    chosen[i].lineStart === false &&
    chosen[i - 1].hit === chosen[i].hit &&
    chosen[i - 1].position === chosen[i].position - 1;
  const neighbour = (i: number, step: number): number => {
    let j = i + step;
    while (j > 0 && j < chosen.length && continues(j)) j += step;
    return j;
  };
  // Two items belong to one list when they quote the same passage, or are both numbered (a list that runs on into the next passage).
  const numbered = (i: number): boolean => /^(\d{1,3}|[a-z])[.)]\s/.test(chosen[i].text);
  const listedWith = (i: number, j: number): boolean =>
    chosen[j]?.item === true && (chosen[j].hit === chosen[i].hit || (numbered(i) && numbered(j)));
  const segments: Segment[] = [];
  chosen.forEach((s, i) => {
    // An item quoted without a neighbouring item is a sentence, not a list: "6." or a lone bullet says nothing more.
    const item = s.item === true && (listedWith(i, neighbour(i, -1)) || listedWith(i, neighbour(i, 1)));
    const plain = s.text.replace(item ? /^[•*-]\s*/ : /^([•*-]|(\d{1,3}|[a-z])[.)])\s+/, '');
    const row = s.item === true && TABLE_ROW.test(s.text) ? tableRow(s.text, s.header) : undefined;
    const line = item ? `- ${row ?? plain}`.replace(/^- (?=(\d{1,3}|[a-z])[.)]\s)/, '') : (row ?? plain);
    const previous = segments[segments.length - 1];
    if (s.step) {
      segments.push({ hit: s.hit, line: `**${s.text}**`, inList: false, itemStart: false, paragraph: true });
      return;
    }
    // The line right under a step heading is its description: "**Level 1: Initial Review** — Customer Service reviews ...".
    if (
      previous &&
      chosen[i - 1]?.step &&
      chosen[i - 1].hit === s.hit &&
      chosen[i - 1].position === s.position - 1 &&
      !s.item
    ) {
      previous.line += ` — ${line}`;
      return;
    }
    const inList = item || (continues(i) && previous?.inList === true);
    segments.push({ hit: s.hit, line, inList, itemStart: item });
  });
  return segments;
}

/**
 * The answer given when the knowledge base does not cover the question; when the question names
 * things no document mentions, it says which, so the person knows what exactly is missing.
 */
export function notCoveredAnswer(missing: readonly string[] = []): Answer {
  const named = missing.slice(0, 3).map((w) => `"${w}"`);
  const text = named.length
    ? `I couldn't find this in the CoE knowledge base: it does not mention ${named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : named[0]}, so I won't guess. You can ask the CoE experts: their answer comes back to you here and can be added to the knowledge base.`
    : NOT_COVERED_TEXT;
  return { text, grounded: false, citations: [], generatedByModel: false, refusal: 'not-covered' };
}

/**
 * The answer when the passages are about the question's topic but do not state what it asks for (a
 * figure): says so plainly, naming what the figure is about when known, then the closest thing the
 * knowledge base does say and where.
 */
export function closestOnlyAnswer(closest: string, where: string, about?: string): Answer {
  const quote = closest
    .replace(/^[-•*]\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const figure = about ? `a figure for "${about}"` : 'the figure you asked for';
  return {
    text: `The CoE knowledge base does not give ${figure}, so I won't guess. The closest it says is: "${quote}" (${where}). You can ask the CoE experts: their answer comes back to you here and can be added to the knowledge base.`,
    grounded: false,
    citations: [],
    generatedByModel: false,
    refusal: 'not-covered',
  };
}

/** The answer for a question about a service another team runs (leave, passwords, parking): who handles it, and no escalation to the CoE. */
export function outOfRemitAnswer(owner: string): Answer {
  return {
    text: `That isn't something the AI Center of Excellence handles, and its knowledge base doesn't cover it. Please ask ${owner}.`,
    grounded: false,
    citations: [],
    generatedByModel: false,
    refusal: 'out-of-remit',
  };
}
