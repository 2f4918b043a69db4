import type { Passage } from '../document-model';
import { slugify } from '../ingest/heading-anchors';
import { foldText } from '../retrieval/tokenize';
import { STOP_WORDS } from '../retrieval/stop-words';

/** A gold source as the eval sets write it: a file, optionally with "#page=N" or "#section-anchor". */
export interface GoldSource {
  file: string;
  page?: number;
  anchor?: string;
  /** Character range of the gold section in the file, when the set publishes one. */
  range?: [number, number];
}

/** Parses "file.pdf#page=7" or "file.md#anchor" into its parts. */
export function parseGoldSource(s: string): GoldSource {
  const [file, fragment] = s.split('#');
  const page = /^page=(\d+)$/.exec(fragment ?? '');
  if (page) return { file, page: Number(page[1]) };
  return fragment ? { file, anchor: fragment } : { file };
}

const baseName = (p: string): string => p.replace(/^.*\//, '');

/**
 * True when a cited passage matches a gold source: same file, and for PDFs a start page within
 * [gold-1, gold+2]; for sections, an overlapping character range or the same section anchor.
 */
export function passageMatchesGold(p: Passage, gold: GoldSource): boolean {
  if (baseName(p.source) !== baseName(gold.file)) return false;
  if (gold.page !== undefined) return p.page !== undefined && p.page >= gold.page - 1 && p.page <= gold.page + 2;
  if (gold.range && p.start !== undefined && p.end !== undefined)
    return p.start < gold.range[1] && p.end > gold.range[0];
  if (gold.anchor) return p.anchor === gold.anchor || p.section.split(' > ').some((h) => slugify(h) === gold.anchor);
  return true;
}

const NUMBER = /\$?\d[\d,]*(?:\.\d+)?%?/g;

/** Numbers and amounts in a text, normalised ("$2,000" and "2000" are the same; "20%" is "20"). */
export function numbersIn(text: string): string[] {
  return [...text.matchAll(NUMBER)]
    .map((m) => m[0].replace(/[$,%]/g, '').replace(/\.0+$/, '').replace(/\.$/, ''))
    .filter((n) => n !== '');
}

/** True when every number of the gold answer appears in the answer (its citation markers "[2]" are not numbers it states). */
export function allNumbersPresent(gold: string, answer: string): boolean {
  const have = new Set(numbersIn(answer.replace(/\[\d+\]/g, ' ')));
  return numbersIn(gold).every((n) => have.has(n));
}

/** Lower-case content words of a text (function words dropped), for token recall. */
export function contentWords(text: string): string[] {
  return (foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP_WORDS.has(w) && w.length > 1);
}

/** Share of the gold answer's distinct content words found in the answer, and the F1 of the two word sets. */
export function tokenRecallF1(gold: string, answer: string): { recall: number; f1: number } {
  const g = new Set(contentWords(gold));
  const a = new Set(contentWords(answer));
  if (g.size === 0) return { recall: 1, f1: 1 };
  let hit = 0;
  for (const w of g) if (a.has(w)) hit++;
  const recall = hit / g.size;
  const precision = a.size ? hit / a.size : 0;
  return { recall, f1: recall + precision ? (2 * recall * precision) / (recall + precision) : 0 };
}

/**
 * A `must` fact: one string, or the forms in which the listed sources word the same fact (one source says
 * "2 hours", another "a 2-hour course"), any of which a correct answer may quote.
 */
export type MustFact = string | readonly string[];

/** The forms of a `must` fact, as one line for reports ("2 hours / 2-hour"). */
export function describeFact(fact: MustFact): string {
  return typeof fact === 'string' ? fact : fact.join(' / ');
}

/** True when the answer contains every `must` fact in one of its forms (lower-cased both sides, plain substring, as the sets define it). */
export function allFactsPresent(must: readonly MustFact[], answer: string): boolean {
  const text = answer.toLowerCase();
  return must.every((m) => (typeof m === 'string' ? [m] : m).some((form) => text.includes(form.toLowerCase())));
}

/** True when one of the files the answer cites is one of the gold files. */
export function citesGoldFile(citedSources: readonly string[], gold: readonly GoldSource[]): boolean {
  const files = new Set(gold.map((g) => baseName(g.file)));
  return citedSources.some((s) => files.has(baseName(s)));
}
