/*
 * An English suffix stripper in the style of Porter (1980): plurals and -ed/-ing first, then derivational
 * suffixes, each allowed only when enough of the stem remains. Written for this project.
 */

const isVowelAt = (w: string, i: number): boolean => {
  const c = w[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return true;
  return c === 'y' && i > 0 && !isVowelAt(w, i - 1);
};

/** Number of vowel-consonant sequences in the stem (Porter's m). */
function measure(stem: string): number {
  let m = 0;
  let i = 0;
  while (i < stem.length && !isVowelAt(stem, i)) i++;
  while (i < stem.length) {
    while (i < stem.length && isVowelAt(stem, i)) i++;
    if (i >= stem.length) break;
    while (i < stem.length && !isVowelAt(stem, i)) i++;
    m++;
  }
  return m;
}

const hasVowel = (stem: string): boolean => {
  for (let i = 0; i < stem.length; i++) if (isVowelAt(stem, i)) return true;
  return false;
};

const endsDoubleConsonant = (w: string): boolean =>
  w.length > 1 && w[w.length - 1] === w[w.length - 2] && !isVowelAt(w, w.length - 1);

/** Consonant-vowel-consonant ending, last consonant not w, x or y (as in "hop", not "snow"). */
const endsCvc = (w: string): boolean => {
  const n = w.length;
  if (n < 3) return false;
  return !isVowelAt(w, n - 3) && isVowelAt(w, n - 2) && !isVowelAt(w, n - 1) && !'wxy'.includes(w[n - 1]);
};

function replaceSuffix(w: string, rules: ReadonlyArray<readonly [string, string]>, minMeasure: number): string {
  for (const [suffix, repl] of rules) {
    if (w.endsWith(suffix)) {
      const stem = w.slice(0, -suffix.length);
      return measure(stem) > minMeasure ? stem + repl : w;
    }
  }
  return w;
}

const STEP2: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['logi', 'log'],
];
const STEP3: ReadonlyArray<readonly [string, string]> = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];
const STEP4 = [
  'ement',
  'ance',
  'ence',
  'able',
  'ible',
  'ment',
  'ant',
  'ent',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
  'ion',
  'al',
  'er',
  'ic',
  'ou',
];

function step1(w: string): string {
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);

  let stripped = false;
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2);
    stripped = true;
  } else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) {
    w = w.slice(0, -3);
    stripped = true;
  }
  if (stripped) {
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
    else if (endsDoubleConsonant(w) && !'lsz'.includes(w[w.length - 1])) w = w.slice(0, -1);
    else if (measure(w) === 1 && endsCvc(w)) w += 'e';
  }
  if (w.endsWith('y') && w.length > 2 && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + 'i';
  return w;
}

function step4(w: string): string {
  for (const suffix of STEP4) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    if (measure(stem) <= 1) return w;
    if (suffix === 'ion' && !/[st]$/.test(stem)) return w;
    return stem;
  }
  return w;
}

function step5(w: string): string {
  if (w.endsWith('e')) {
    const stem = w.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem))) w = stem;
  }
  if (w.endsWith('ll') && measure(w) > 1) w = w.slice(0, -1);
  return w;
}

const BRITISH_ISE = /^([a-z]{4,})is(e|es|ed|ely|er|ers|ing|ation|ations)$/;
const BRITISH_YSE = /^([a-z]{3,})ys(e|es|ed|er|ers|ing)$/;

/**
 * British -ise/-isation/-yse spellings in their American form ("organisation" becomes "organization",
 * "prioritised" becomes "prioritized", "analyse" becomes "analyze"), so a question in one spelling meets
 * documents in the other. Applied to every word on both sides; short words ("raise", "advise") are left alone.
 */
export function americanSpelling(word: string): string {
  const ise = BRITISH_ISE.exec(word);
  if (ise) return `${ise[1]}iz${ise[2]}`;
  const yse = BRITISH_YSE.exec(word);
  return yse ? `${yse[1]}yz${yse[2]}` : word;
}

/** Full suffix stripping: "policies" and "policy" both become "polici", "reviewing" becomes "review". */
export function stemWord(word: string): string {
  // Three-letter words are stemmed too, so "use" meets "used" and "day" meets "days"; "gas" and "bus" keep their s.
  if (word.length <= 2 || (word.length === 3 && word.endsWith('s')) || /\d/.test(word)) return word;
  let w = step1(americanSpelling(word));
  w = replaceSuffix(w, STEP2, 0);
  w = replaceSuffix(w, STEP3, 0);
  w = step4(w);
  return step5(w);
}
