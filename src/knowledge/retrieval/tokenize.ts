import { stemWord } from './english-stemmer';
import { STOP_WORDS } from './stop-words';

/** One indexed term and its word position (stop words still advance the position). */
export interface Token {
  term: string;
  pos: number;
}

const WORD = /[\p{L}\p{N}]+(?:[.,'’-][\p{L}\p{N}]+)*/gu;
const stemCache = new Map<string, string>();

/** Stems with a bounded cache: the same few thousand words make up almost all text. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemWord(word);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** Lower-cases and strips accents so "Café" and "cafe" match. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

const PLAIN_WORD = /^[a-z]+$/;
const ABBREVIATION_PLURAL = /\b[A-Z]{2,}s\b/;
const ABBREVIATION_PLURALS = /\b([A-Z]{2,})s\b/g;

/** Negated contractions whose base is not the word before "n't". */
const NEGATED: Record<string, string> = {
  "can't": 'can',
  'can’t': 'can',
  "won't": 'will',
  'won’t': 'will',
  "shan't": 'shall',
  'shan’t': 'shall',
};

/** Lower-cases and strips accents only where needed: most text is plain ASCII. */
function fold(text: string): string {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return foldText(text);
  return text.toLowerCase();
}

/**
 * Calls `emit` for each stemmed index term of a text with its word position (stop words advance the
 * position but are not emitted unless `keepStopWords`). Numbers keep their decimals and lose thousands
 * separators ("$2,000" gives "2000", "20k" gives "20000"); hyphenated words give their parts and the
 * joined word ("co-pay" gives "co", "pay" and "copay"; "post-mortem" also meets "postmortem");
 * possessive "'s" and contractions are dropped ("I'm" gives "i", "didn't" gives "did" and "not"); an
 * abbreviation's plural gives the abbreviation ("IDs" gives "id").
 */
export function forEachTerm(text: string, emit: (term: string, pos: number) => void, keepStopWords = false): void {
  let pos = 0;
  const push = (word: string): void => {
    if (word.length === 0) return;
    if (!keepStopWords && (STOP_WORDS.has(word) || (word.length === 1 && !(word >= '0' && word <= '9')))) {
      pos++;
      return;
    }
    emit(word.charCodeAt(0) <= 57 && word.charCodeAt(0) >= 48 ? word : stem(word), pos++);
  };
  // The plural of an abbreviation ("IDs", "VMs") is the abbreviation: "ids" would not meet "ID".
  const source = ABBREVIATION_PLURAL.test(text) ? text.replace(ABBREVIATION_PLURALS, '$1') : text;
  for (const m of fold(source).matchAll(WORD)) {
    let raw = m[0];
    if (PLAIN_WORD.test(raw)) {
      push(raw);
      continue;
    }
    const negated = /n['’]t$/.test(raw);
    raw = raw.replace(/['’]s$/, '');
    if (negated) raw = NEGATED[raw] ?? raw.replace(/n['’]t$/, '');
    else raw = raw.replace(/['’](m|re|ve|ll|d)$/, '');
    raw = raw.replace(/['’]/g, '');
    if (negated) {
      push(raw);
      push('not');
      continue;
    }
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw)) raw = raw.replace(/,/g, '');
    const thousands = /^(\d+(?:\.\d+)?)k$/.exec(raw);
    if (thousands) raw = String(Math.round(Number(thousands[1]) * 1000));
    if (/^\d+(\.\d+)?$/.test(raw)) {
      push(raw.replace(/\.0+$/, ''));
      continue;
    }
    if (/^[\d.]+$/.test(raw)) {
      for (const p of raw.split('.')) push(p);
      continue;
    }
    const parts = raw.split(/[.,-]/).filter(Boolean);
    if (parts.length === 1) {
      push(parts[0]);
      continue;
    }
    const start = pos;
    for (const p of parts) push(p);
    if (parts.length === 2 && parts[0].length + parts[1].length <= 16 && PLAIN_WORD.test(parts[0] + parts[1])) {
      const joined = parts[0] + parts[1];
      if (!STOP_WORDS.has(joined)) emit(stem(joined), start);
    }
  }
}

/** Splits text into stemmed index terms with their word positions (see forEachTerm). */
export function tokenize(text: string, keepStopWords = false): Token[] {
  const out: Token[] = [];
  forEachTerm(text, (term, pos) => out.push({ term, pos }), keepStopWords);
  return out;
}
