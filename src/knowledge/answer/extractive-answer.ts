import { isQuestionHeading } from '../document-model';
import { askedAnswerType, hasAnswerOfType } from '../retrieval/answer-type';
import { asksWh } from '../retrieval/question-opening';
import type { RetrievalHit } from '../retrieval/retriever';
import { questionShare, termFound, weightedQuestionTerms, type IdfLookup } from './evidence';
import { asksForSet, questionType } from './question-type';
import { sentencesOf, similar, termsOf } from './sentence-analysis';
import { aboutTheDocument, COMPARISON_TERMS, contrasts, headingNames, leadFit, questionShape } from './sentence-fit';
import {
  cellsOf,
  ENUMERATOR,
  enumeration,
  followingSentences,
  ITEM,
  precedingLines,
  tableHeader,
} from './sentence-structure';

export interface ExtractOptions {
  /** How many of the best passages sentences may come from. */
  passages: number;
  maxSentences: number;
  maxChars: number;
  /** Score multiplier for a sentence with a figure that matches a question word; `askedNumberBoost` when the question asks for an amount. */
  numberBoost: number;
  askedNumberBoost: number;
  /** Figures count as a reason to quote a sentence in this many of the best passages (the retrieved passages and the passages that continue them). */
  figurePassages: number;
  /** Weights of a further sentence's value: new question words it covers, holding a figure, directly following a chosen sentence. */
  addsWeight: number;
  figureWeight: number;
  adjacentWeight: number;
  /** Weight of a further sentence's fit to the kind of question asked (a second defining sentence, a second rule). */
  fitWeight: number;
  /** A further sentence joins only when its value (relative relevance plus the weighted extras) reaches this. */
  minValue: number;
  /** A list item's opening sentence of at most this many words is its label, quoted with any sentence of the item. */
  itemLabelWords: number;
  /** A quoted list item of at most this many characters is quoted whole, every sentence of it. */
  wholeItemChars: number;
}

export const DEFAULT_EXTRACT: ExtractOptions = {
  passages: 5,
  maxSentences: 5,
  maxChars: 1000,
  numberBoost: 1.5,
  askedNumberBoost: 2.5,
  figurePassages: 4,
  addsWeight: 2,
  figureWeight: 1,
  adjacentWeight: 0.7,
  fitWeight: 1,
  minValue: 0.6,
  itemLabelWords: 10,
  wholeItemChars: 400,
};

/** A sentence chosen for the answer, with the rank of the passage it came from and its position there. */
export interface ChosenSentence {
  text: string;
  hit: number;
  position: number;
  /** True for the opening sentence of a list item or table row, which the answer shows on its own line. */
  item?: boolean;
  /** False when the sentence continues the line of the one before it in its passage (the rest of a list item). */
  lineStart?: boolean;
  /** True for a line that opens a numbered step ("Level 2: Formal Complaint"), which the answer sets off as a heading. */
  step?: boolean;
  /** For a table row: the cells of its table's header row, to label the row's cells with. */
  header?: string[];
  /** True for the sentence that answers the question best, which the answer leads with. */
  lead?: boolean;
}

interface Candidate extends ChosenSentence {
  matched: Set<string>;
  relevance: number;
  score: number;
  /** How well the sentence has the form the question asks for (`leadFit`): above 1 when it does. */
  fit: number;
  hasNumber: boolean;
  lineStart: boolean;
  /** Distinct lower-case words and the figures among them, for the near-duplicate check. */
  wordSet: Set<string>;
  figures: string;
  wordCount: number;
}

/**
 * Questions that ask for an amount, limit, share, count, duration or date: the answer should carry the
 * figure. General English question forms and the vocabulary of costs and limits, not tied to a document.
 */
export const ASKS_FOR_AMOUNT =
  /\b(how (much|many|long|often|soon|old|far|quickly|fast|big|large|high|low)|what (percentage|share|proportion|amount|age)|cost|costs|price|fee|fees|charge|pay|paid|copay\w*|co-pay\w*|deductible\w*|coinsurance|out-of-pocket|percent\w*|rate|limit\w*|maximum|minimum|max|min|cap|amount|number|count|when|deadline|due|budget|threshold|allowance|reimburs\w*|days?|hours?|weeks?|months?|years?|minutes?|within)\b|%|\$/i;
/** Questions that ask for a sequence: the answer should list its steps, not quote one. */
export const ASKS_FOR_STEPS = /\b(steps?|process|procedures?|stages?|phases?|levels?|tips|sequence|in what order)\b/i;
/** Share of the question's weight an FAQ entry's own question must name for the entry to count as answering it. */
const FAQ_MATCH = 0.3;
/** A sentence that is only "Yes." or "No.". */
const BARE_VERDICT = /^(yes|no)\W*$/i;
/** A figure: an amount, a percentage or a number standing alone (not the digits of a name such as "GPT-4.1" or "UC-0042"). */
const NUMBER = /\$\s?\d|\d\s?%|(?<!\p{L}-?)(?<![\d.])\d+(?:[.,]\d+)*(?![\p{L}\d])/u;

/** A table row's first cell that names the row with a number ("Severity 2 | ...", "Level 1 | ..."): a name, not a figure. */
const ROW_NAME = /^\s*\p{L}[\p{L} ]*\s\d+\s*\|/u;

/**
 * Picks the sentences of the best passages that carry the answer (at most `maxSentences`, about
 * `maxChars`). Each sentence is scored by the IDF-weighted share of question words (or their synonyms)
 * it contains, discounted for lower-ranked passages; sentences with figures score higher (facts people
 * ask about are mostly figures: amounts, limits, deadlines), much more so when the question asks for an
 * amount. The best sentence leads; the others are added greedily by what they add: relevance, question
 * words not yet covered, a figure near the question's words, and continuing a chosen sentence (the
 * "$80" after "if the allowed amount is $100 ..."). A sentence that ends in a colon brings the list or
 * table after it. Output keeps reading order.
 */
export function extractSentences(
  question: string,
  hits: RetrievalHit[],
  idf: IdfLookup,
  maxIdf: number,
  options: ExtractOptions = DEFAULT_EXTRACT,
): ChosenSentence[] {
  const type = questionType(question);
  const shape = questionShape(question, type);
  // A comparison's framing word ("difference") is no fact to find: the sentences that answer it contrast the two things.
  const qTerms = weightedQuestionTerms(question, idf, maxIdf, 0).filter(
    (t) => t.weight > 0 && !(shape.compared && COMPARISON_TERMS.has(t.term)),
  );
  if (qTerms.length === 0 || hits.length === 0) return [];
  const total = qTerms.reduce((s, t) => s + t.weight, 0);
  const questionTerms = new Set(qTerms.map((t) => t.term));
  const wantsNumber = type === 'amount' || ASKS_FOR_AMOUNT.test(question);
  const kind = askedAnswerType(question);
  const wantsSteps = ASKS_FOR_STEPS.test(question);
  const wantsSet = asksForSet(question);
  const topScore = hits[0].score || 1;
  // A row named "Severity 2" states no figure, unless the question itself names a number ("what counts as a sev 3").
  const namesNumbered = /\d/.test(question);

  const perHit: Candidate[][] = [];
  const candidates: Candidate[] = [];
  hits.slice(0, options.passages).forEach((hit, h) => {
    const context = termsOf(hit.passage.section);
    // Under a heading that is itself a question (an FAQ entry), the text answers that heading: its words
    // count as said by every sentence there, and the entry's opening sentence is the direct answer.
    // So does an entry whose heading is the very thing a definition question asks about (a glossary entry).
    const entry = headingNames(shape, hit.passage.section);
    // An FAQ entry answers its own question: only when that question asks much of what the person asks
    // ("Can I use ChatGPT for work?" is not "do I need to file anything to use the approved assistant?").
    const faq = entry || (isQuestionHeading(hit.passage.section) && questionShare(qTerms, context) >= FAQ_MATCH);
    const list: Candidate[] = [];
    sentencesOf(hit.passage.text).forEach((s, position) => {
      const { words, terms } = s;
      const matched = new Set<string>();
      let cover = 0;
      for (const q of qTerms) {
        if (termFound(q, terms)) {
          cover += q.weight;
          matched.add(q.term);
        } else if (termFound(q, context)) cover += q.weight * (entry ? 1 : faq ? 0.8 : 0.25);
      }
      const line = s.lineStart ? s.text.replace(ENUMERATOR, '') : s.text;
      const number = NUMBER.test(namesNumbered ? line : line.replace(ROW_NAME, ''));
      // "How often" wants a frequency and "how long" a duration: "monthly" answers the first, "80%" neither.
      const ofKind = kind === undefined || kind === 'count' ? number : hasAnswerOfType(s.text, kind);
      const hasNumber = number || ofKind;
      const relevance = (cover / total) * (0.6 + 0.4 * (hit.score / topScore));
      let score = relevance;
      if (hasNumber && matched.size > 0)
        score *= wantsNumber && ofKind ? options.askedNumberBoost : options.numberBoost;
      if (words < 4) score *= 0.5;
      else if (words < 7) score *= 0.85;
      if (s.text.length > 500) score *= 0.7;
      if (/\?$/.test(s.text)) score *= 0.5;
      if (faq && position === 0) score *= 1.2;
      const fit = leadFit(shape, s.text, questionTerms);
      score *= fit;
      const c: Candidate = {
        text: s.text,
        hit: h,
        position,
        matched,
        relevance,
        score,
        fit,
        hasNumber,
        lineStart: s.lineStart,
        wordSet: s.wordSet,
        figures: s.figures,
        wordCount: words,
      };
      list.push(c);
      candidates.push(c);
    });
    perHit.push(list);
  });
  if (candidates.length === 0) return [];
  const ranked = [...candidates].sort((a, b) => b.score - a.score || a.hit - b.hit || a.position - b.position);
  const best = ranked[0];
  if (best.relevance === 0) return [];
  const chosen: Candidate[] = [];
  const covered = new Set<string>();
  let chars = 0;
  const take = (c: Candidate): void => {
    chosen.push(c);
    chars += c.text.length;
    for (const t of c.matched) covered.add(t);
  };
  const fits = (c: Candidate): boolean =>
    !chosen.includes(c) && chars + c.text.length <= options.maxChars && !chosen.some((x) => similar(x, c));
  take(best);
  // An FAQ entry that answers the question is the answer: the rest is quoted from that entry only.
  const entryOnly = isQuestionHeading(hits[best.hit].passage.section);
  // Greedy: each further sentence is the one that adds most: its own relevance, question words not yet
  // covered, a figure (more when the question asks for an amount), and continuing a chosen sentence.
  while (chosen.length < options.maxSentences) {
    let pick: Candidate | undefined;
    let value = options.minValue;
    for (const c of candidates) {
      // A sentence about the document itself ("This playbook explains ...") says nothing the person asked.
      if (chosen.includes(c) || (entryOnly && c.hit !== best.hit) || aboutTheDocument(c.text)) continue;
      const adjacent = chosen.some((x) => x.hit === c.hit && c.position - x.position === 1);
      if (c.relevance < best.relevance * 0.1 && !adjacent) continue;
      const adds =
        qTerms.filter((q) => c.matched.has(q.term) && !covered.has(q.term)).reduce((s, q) => s + q.weight, 0) / total;
      const figure = c.hasNumber && (c.matched.size > 0 || adjacent) && c.hit < options.figurePassages;
      const v =
        c.relevance / best.relevance +
        options.addsWeight * adds +
        (figure ? options.figureWeight * (wantsNumber ? 2 : 1) : 0) +
        (adjacent ? options.adjacentWeight : 0) +
        options.fitWeight * Math.max(0, c.fit - 1) -
        (c.wordCount < 4 ? 0.3 : 0);
      if (v > value && fits(c)) {
        value = v;
        pick = c;
      }
    }
    if (!pick) break;
    take(pick);
  }
  // A comparison is answered for both sides: when no chosen sentence speaks of one side on its own (or
  // contrasts the two), the best sentence that does joins ("difference between limited and high tier"
  // quoted only the Limited section).
  if (shape.compared?.length === 2) {
    const [a, b] = shape.compared;
    const said = (c: Candidate): Set<string> => new Set([...termsOf(c.text), ...termsOf(hits[c.hit].passage.section)]);
    const names = (side: Set<string>, terms: Set<string>): boolean => [...side].every((t) => terms.has(t));
    const speaksOf = (side: Set<string>, other: Set<string>, c: Candidate): boolean => {
      const terms = said(c);
      return names(side, terms) && (!names(other, terms) || contrasts(c.text));
    };
    for (const [side, other] of [
      [a, b],
      [b, a],
    ]) {
      if (chosen.some((c) => speaksOf(side, other, c))) continue;
      const sideBest = ranked.find((c) => c.relevance > 0 && speaksOf(side, other, c) && fits(c));
      if (sideBest) take(sideBest);
    }
  }
  const following = followingSentences(hits, perHit);
  const budget = options.maxChars * 1.25;
  const add = (c: Candidate): boolean => {
    if (chosen.includes(c)) return true;
    if (chars + c.text.length > budget) return false;
    chosen.push(c);
    chars += c.text.length;
    return true;
  };
  for (const c of [...chosen]) {
    if (/:$/.test(c.text)) {
      // A sentence that introduces a list brings the list: the opening sentence of each item, also when
      // the list runs on into the passage that continues this one.
      for (const next of following(c)) {
        if (!next.lineStart) continue;
        if (!ITEM.test(next.text) || !add(next)) break;
      }
    }
    const label = enumeration(c);
    if (label === undefined || !(wantsSteps || c.wordCount <= 6)) continue;
    // One step of a numbered sequence ("Level 1: ...", "Step 2 ...") brings its siblings' opening lines
    // when the question asks for the steps, or when the step is just a heading that says little alone.
    for (const next of [...precedingLines(perHit[c.hit], c), ...following(c)]) {
      if (next.lineStart && enumeration(next) === label && !add(next)) break;
    }
  }
  // An FAQ entry's short opening ("Not automatically.", "Only with Public information.") is its direct
  // answer: it joins whenever the entry is quoted. A bare "Yes." does not answer a wh-question: quoted
  // for "how long is the course", it would answer the entry's question, not the person's.
  for (const c of [...chosen]) {
    if (c.lineStart || !isQuestionHeading(hits[c.hit].passage.section)) continue;
    const list = perHit[c.hit];
    let i = c.position - 1;
    while (i > 0 && !list[i].lineStart) i--;
    const opening = list[i];
    if (!opening?.lineStart || opening.wordCount >= 8 || ITEM.test(opening.text)) continue;
    // A bare "Yes." or "No." answers only its own entry's question: from an entry quoted in support it would
    // read as the answer to the person's question ("Yes." to "can I use emotion recognition?").
    if (!BARE_VERDICT.test(opening.text) || (!asksWh(question) && c.hit === best.hit)) add(opening);
  }
  // A sentence quoted from inside a list item brings the item's short opening: its label ("Use a
  // centralized policy repository.") often names the fact that the rest of the item explains.
  for (const c of [...chosen]) {
    if (c.lineStart) continue;
    const list = perHit[c.hit];
    let i = c.position - 1;
    while (i > 0 && !list[i].lineStart) i--;
    if (i >= 0 && list[i].lineStart && ITEM.test(list[i].text) && list[i].wordCount <= options.itemLabelWords)
      add(list[i]);
  }
  // A list item is quoted whole when it is short: its last sentence ("Redact them first.") is often the
  // instruction that the first one only sets up.
  for (const c of [...chosen]) {
    const list = perHit[c.hit];
    let start = c.position;
    while (start > 0 && !list[start].lineStart) start--;
    if (!list[start].lineStart || !ITEM.test(list[start].text)) continue;
    let end = start;
    while (end + 1 < list.length && !list[end + 1].lineStart) end++;
    const item = list.slice(start, end + 1);
    if (item.length > 1 && item.reduce((n, x) => n + x.text.length, 0) <= options.wholeItemChars) item.forEach(add);
  }
  // When the question asks for a set, a quoted list item brings its whole list: the opening sentence of
  // every item before and after it, also where the list runs on into the passage that continues it.
  if (wantsSet) {
    const setBudget = options.maxChars * 2;
    const addWithin = (c: Candidate): boolean => {
      if (chosen.includes(c)) return true;
      if (chars + c.text.length > setBudget) return false;
      chosen.push(c);
      chars += c.text.length;
      return true;
    };
    for (const c of [...chosen]) {
      if (!c.lineStart || !ITEM.test(c.text)) continue;
      const list = perHit[c.hit];
      for (let i = c.position - 1; i >= 0 && (!list[i].lineStart || ITEM.test(list[i].text)); i--)
        if (list[i].lineStart && !addWithin(list[i])) break;
      for (const next of following(c)) {
        if (!next.lineStart) continue;
        if (!ITEM.test(next.text) || !addWithin(next)) break;
      }
    }
  }
  // A list quoted without the sentence that introduces it ("In Teams, open CoE Assistant and either:") brings
  // it. The introduction is the last sentence before the list's first item, also when it shares its line
  // with other sentences ("... Its mandate is to:"); when that line says more than the introduction, it
  // comes only for items that continue its sentence ("- run a single front door ..."), which would
  // otherwise open the answer mid-phrase, and the section heading introduces the rest.
  for (const c of [...chosen]) {
    if (!c.lineStart || !ITEM.test(c.text)) continue;
    const list = perHit[c.hit];
    let first = c.position;
    for (;;) {
      let m = first - 1;
      while (m > 0 && !list[m].lineStart) m--;
      if (m < 0 || !list[m].lineStart || !ITEM.test(list[m].text)) break;
      first = m;
    }
    const intro = list[first - 1];
    if (!intro || !/:$/.test(intro.text)) continue;
    if (intro.lineStart || /^[-•*]?\s*\p{Ll}/u.test(c.text)) add(intro);
  }
  // A table's header row says nothing alone: it labels the cells of the rows quoted with it.
  const headerOf = (c: Candidate): Candidate | undefined => tableHeader(perHit[c.hit], c);
  const headers = new Set(chosen.map(headerOf).filter((h): h is Candidate => h !== undefined));
  // Reading order: documents by their best passage's rank, passages of one document in document order
  // (a list that runs on into the next passage reads 1, 2, 3 even when the second passage ranked higher).
  const firstRank = new Map<string, number>();
  hits.slice(0, perHit.length).forEach((h, i) => {
    if (!firstRank.has(h.passage.source)) firstRank.set(h.passage.source, i);
  });
  // The passage holding the best sentence comes first, then the rest of its document: the answer leads with
  // what answers the question. A step or list item, or a passage that continues a quoted section, keeps the
  // document's order (steps 1, 2, 3 across passages).
  const lead = hits[best.hit].passage;
  const keepOrder =
    ITEM.test(best.text) ||
    enumeration(best) !== undefined ||
    chosen.some((c) => {
      const p = hits[c.hit].passage;
      return p.source === lead.source && p.ordinal < lead.ordinal && p.section === lead.section;
    });
  const rankOf = (c: Candidate): number =>
    c.hit === best.hit && !keepOrder
      ? -2
      : hits[c.hit].passage.source === lead.source
        ? -1
        : (firstRank.get(hits[c.hit].passage.source) ?? c.hit);
  return chosen
    .filter((c) => !headers.has(c))
    .sort(
      (a, b) =>
        rankOf(a) - rankOf(b) ||
        hits[a.hit].passage.ordinal - hits[b.hit].passage.ordinal ||
        a.hit - b.hit ||
        a.position - b.position,
    )
    .map((c) => {
      const header = headerOf(c);
      return {
        text: c.text,
        hit: c.hit,
        position: c.position,
        lineStart: c.lineStart,
        ...(c.lineStart && ITEM.test(c.text)
          ? { item: true }
          : c.lineStart && enumeration(c) !== undefined
            ? { step: true }
            : {}),
        ...(header ? { header: cellsOf(header.text) } : {}),
        ...(c === best ? { lead: true } : {}),
      };
    });
}
