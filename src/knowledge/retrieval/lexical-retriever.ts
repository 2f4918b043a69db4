import { isQuestionHeading, type Passage } from '../document-model';
import { Bm25fIndex, DEFAULT_BM25F, type Bm25fParams, type TermStats } from './bm25f-index';
import { analyzeQuery, SYNONYM_WEIGHT, type QueryConcept } from './query-terms';
import { askedAnswerType, hasAnswerOfType, type AnswerType } from './answer-type';
import { visibleTo, type RetrievalHit, type Retriever, type SearchOptions } from './retriever';
import { askKind } from './question-opening';
import { isSynonymTerm } from './synonyms';
import { tokenize } from './tokenize';
import { correctSlip } from './spelling';

export interface LexicalOptions {
  bm25f: Bm25fParams;
  /** How many top candidates get the proximity re-ranking. */
  rerankDepth: number;
  /** Weight of the bonus for query word pairs that appear close together in a passage. */
  proximityWeight: number;
  /** At most this many passages from one document in a result list (0 = no limit). */
  maxPerDocument: number;
  /** At most this many passages from one section of a document (0 = no limit). */
  maxPerSection: number;
  /** Share of a passage's score that comes from how well its whole document matches the question (0 = passage only). */
  documentWeight: number;
  /**
   * Re-ranked scores are multiplied by coverage^coverageExponent, where coverage is the IDF-weighted
   * share of the question's words (or their synonyms) that the passage contains anywhere (0 = off).
   */
  coverageExponent: number;
  /** Re-ranked scores are multiplied by 1 + headingWeight × the IDF-weighted share of the question's words found in the document title or section headings. */
  headingWeight: number;
  /** Like headingWeight, for the question's words found in the document title alone (a document named after the question). */
  titleWeight: number;
  /**
   * Passages with fewer content words than this (one-line definitions, stray headings) get their
   * re-ranked score divided by 1 + shortPenalty × the missing share: BM25's length normalisation
   * otherwise lets a two-line passage that repeats the question's words outrank the passage that
   * answers it.
   */
  shortPassageTerms: number;
  shortPenalty: number;
  /** Credit for a question word found only through a synonym, in coverage and heading match (1 = like the word itself). */
  synonymCredit: number;
  /** Coverage and heading shares weigh each question word by (IDF × query weight)^this: above 1, rare words count for more. */
  idfExponent: number;
  /**
   * Re-ranked scores are multiplied by 1 + this when the question asks for a frequency, count or
   * duration ("how often") and the passage contains an expression of that kind (0 = off).
   */
  answerTypeBoost: number;
  /**
   * Re-ranked scores are multiplied by 1 + this × the share of the question an FAQ entry's own question
   * (a heading ending in "?", asking the same way) names, when it names at least faqMinShare; such an entry is not penalised
   * for being short: a one-line answer under the very question asked is the answer (0 = off).
   */
  faqWeight: number;
  /** The share of the question an FAQ entry's own question must name for faqWeight to apply. */
  faqMinShare: number;
}

export const DEFAULT_LEXICAL: LexicalOptions = {
  bm25f: DEFAULT_BM25F,
  rerankDepth: 40,
  proximityWeight: 0.6,
  maxPerDocument: 0,
  maxPerSection: 2,
  documentWeight: 0.3,
  coverageExponent: 0,
  headingWeight: 1,
  titleWeight: 1,
  shortPassageTerms: 30,
  shortPenalty: 0.5,
  synonymCredit: SYNONYM_WEIGHT,
  idfExponent: 1.25,
  answerTypeBoost: 0.25,
  faqWeight: 1,
  faqMinShare: 0.5,
};

/** A question concept resolved to index term ids, with its weight for coverage (IDF × query weight). */
interface ResolvedConcept {
  weight: number;
  /** A number of the question ("Amendment 53"): a passage that has it is not penalised for being short. */
  numeric: boolean;
  direct?: number;
  synonyms: number[];
  phrases: number[][];
}

/**
 * The embedded retriever: BM25F over title, section path and body, a bonus for query words that
 * occur near each other, optional per-document diversity, and document audience filtering.
 */
export class LexicalRetriever implements Retriever {
  readonly name = 'lexical';
  readonly index: Bm25fIndex;
  readonly buildMs: number;
  /** For an FAQ entry (its last heading ends in "?"): the term ids of that question. */
  private readonly faqQuestions = new Map<number, Int32Array>();
  /** How often each word occurs in the passages, for spelling correction; counted on the first question that needs it. */
  private wordCounts?: Map<string, number>;

  constructor(
    readonly passages: readonly Passage[],
    readonly options: LexicalOptions = DEFAULT_LEXICAL,
  ) {
    const t0 = performance.now();
    const groupIds = new Map<string, number>();
    const groupOf = Int32Array.from(passages, (p) => {
      let g = groupIds.get(p.source);
      if (g === undefined) groupIds.set(p.source, (g = groupIds.size));
      return g;
    });
    this.index = new Bm25fIndex(
      passages.map((p) => ({ title: p.title, section: p.section, body: p.text })),
      options.bm25f,
      options.documentWeight > 0 ? { groupOf, groups: groupIds.size } : undefined,
    );
    passages.forEach((p, doc) => {
      const heading = p.section.split(' > ').pop() ?? '';
      if (!isQuestionHeading(heading)) return;
      const ids = tokenize(heading)
        .map((t) => this.index.termId(t.term))
        .filter((id): id is number => id !== undefined);
      this.faqQuestions.set(doc, Int32Array.from(new Set(ids)));
    });
    this.buildMs = performance.now() - t0;
  }

  /**
   * The question with each word that no passage uses, in any form, replaced by the passages' word a typing slip
   * away ("chatgtp" -> "chatgpt", "comittee" -> "committee"); words of five letters or more, and not the words the
   * synonym groups understand ("copilot"). Without it a typo reads as a word the knowledge base never uses. Returns
   * the corrected question and each word read otherwise.
   */
  correctSpelling(question: string): { text: string; corrected: Array<{ typed: string; read: string }> } {
    const corrected: Array<{ typed: string; read: string }> = [];
    const text = question.replace(/\p{L}{5,}/gu, (word) => {
      const lower = word.toLowerCase();
      const terms = tokenize(lower).map((t) => t.term);
      if (terms.length !== 1 || this.index.termId(terms[0]) !== undefined || isSynonymTerm(terms[0])) return word;
      this.wordCounts ??= countWords(this.passages);
      const read = correctSlip(lower, this.wordCounts);
      if (read === undefined) return word;
      corrected.push({ typed: word, read });
      return read;
    });
    return { text, corrected };
  }

  /** Document frequency and IDF of an index term, or undefined when no passage has it. */
  termStats(term: string): TermStats | undefined {
    return this.index.termStats(term);
  }

  /** The best passages for a question that the asker may see, best first. */
  async search(query: string, options: SearchOptions = {}): Promise<RetrievalHit[]> {
    return this.searchSync(query, options);
  }

  /** Synchronous search, for benchmarks and the answer layer. */
  searchSync(query: string, options: SearchOptions = {}): RetrievalHit[] {
    const k = options.k ?? 5;
    const q = analyzeQuery(query);
    if (q.terms.size === 0 || this.passages.length === 0) return [];
    const allow = (doc: number): boolean => visibleTo(this.passages[doc], options.userGroups);
    const diverse = this.options.maxPerDocument > 0 || this.options.maxPerSection > 0;
    const depth = Math.max(k * (diverse ? 8 : 1), this.options.rerankDepth);
    const groups = q.concepts.map((c) => {
      const m = new Map<string, number>();
      if (c.term) m.set(c.term, q.terms.get(c.term) ?? c.weight);
      for (const t of c.synonyms) m.set(t, c.weight * SYNONYM_WEIGHT);
      return m;
    });
    let ranked = this.index.search(
      groups.filter((g) => g.size > 0),
      depth,
      allow,
      this.options.documentWeight,
    );
    if (this.options.proximityWeight > 0 && q.sequence.length > 1) ranked = this.rerankByProximity(ranked, q.sequence);
    if (
      this.options.coverageExponent > 0 ||
      this.options.headingWeight > 0 ||
      this.options.titleWeight > 0 ||
      this.options.shortPenalty > 0 ||
      this.options.answerTypeBoost > 0
    )
      ranked = this.rerankByCoverage(
        ranked,
        query,
        q.concepts,
        this.options.answerTypeBoost > 0 ? askedAnswerType(query) : undefined,
      );
    const out: RetrievalHit[] = [];
    const perDoc = new Map<string, number>();
    const perSection = new Map<string, number>();
    for (const r of ranked) {
      const p = this.passages[r.doc];
      const n = perDoc.get(p.source) ?? 0;
      const sectionKey = `${p.source}#${p.section}#${p.anchor ?? ''}`;
      const m = perSection.get(sectionKey) ?? 0;
      if (this.options.maxPerDocument > 0 && n >= this.options.maxPerDocument) continue;
      if (this.options.maxPerSection > 0 && m >= this.options.maxPerSection) continue;
      perDoc.set(p.source, n + 1);
      perSection.set(sectionKey, m + 1);
      out.push({ passage: p, score: r.score });
      if (out.length >= k) break;
    }
    return out;
  }

  private resolve(concepts: QueryConcept[]): ResolvedConcept[] {
    const out: ResolvedConcept[] = [];
    for (const c of concepts) {
      const direct = c.term ? this.index.termId(c.term) : undefined;
      const synonyms = c.synonyms.map((t) => this.index.termId(t)).filter((id): id is number => id !== undefined);
      const phrases = c.phrases
        .map((p) => p.map((t) => this.index.termId(t)))
        .filter((p): p is number[] => p.every((id) => id !== undefined));
      const idfs = [c.term, ...c.synonyms, ...c.phrases.flat()]
        .map((t) => this.index.termStats(t)?.idf)
        .filter((x): x is number => x !== undefined);
      if (idfs.length === 0) continue;
      const idf = direct !== undefined ? this.index.termStats(c.term)!.idf : Math.max(...idfs);
      out.push({
        weight: Math.pow(idf * c.weight, this.options.idfExponent),
        numeric: /^\d/.test(c.term),
        direct,
        synonyms,
        phrases,
      });
    }
    return out;
  }

  /** Credit (0..1) for a concept in a set of term ids: the word itself counts fully, a synonym or synonym phrase by synonymCredit. */
  private credit(c: ResolvedConcept, has: (id: number) => boolean): number {
    if (c.direct !== undefined && has(c.direct)) return 1;
    if (c.synonyms.some(has) || c.phrases.some((p) => p.every(has))) return this.options.synonymCredit;
    return 0;
  }

  /**
   * Multiplies each candidate's score by how completely it covers the question (every concept counted
   * once, by IDF) and by how much of the question its title and headings name: a passage about the
   * whole question beats one that repeats a single word, and a section titled after the question beats
   * one that mentions it in passing.
   */
  private rerankByCoverage(
    ranked: Array<{ doc: number; score: number }>,
    question: string,
    concepts: QueryConcept[],
    answerType?: AnswerType,
  ): Array<{ doc: number; score: number }> {
    const resolved = this.resolve(concepts);
    const total = resolved.reduce((s, c) => s + c.weight, 0);
    const typed = (doc: number): number =>
      answerType && hasAnswerOfType(this.passages[doc].text, answerType) ? 1 + this.options.answerTypeBoost : 1;
    if (total === 0 || resolved.length < 2)
      return answerType
        ? ranked
            .map((r) => ({ doc: r.doc, score: r.score * typed(r.doc) }))
            .sort((x, y) => y.score - x.score || x.doc - y.doc)
        : ranked;
    const wanted = new Set<number>();
    for (const c of resolved) {
      if (c.direct !== undefined) wanted.add(c.direct);
      for (const id of c.synonyms) wanted.add(id);
      for (const p of c.phrases) for (const id of p) wanted.add(id);
    }
    const {
      coverageExponent: gamma,
      headingWeight: beta,
      titleWeight: tau,
      shortPassageTerms: minTerms,
      shortPenalty,
    } = this.options;
    const found = new Set<number>();
    let heading: Int32Array = new Int32Array(0);
    let title: Int32Array = heading;
    const inHeading = (id: number): boolean => heading.includes(id);
    const inTitle = (id: number): boolean => title.includes(id);
    const asked = askKind(question);
    const sameAsk = (section: string): boolean => {
      const kind = askKind(section.split(' > ').pop() ?? '');
      return asked === undefined || kind === undefined || kind === asked;
    };
    const none = new Int32Array(0);
    let faq: Int32Array = none;
    const inFaq = (id: number): boolean => faq.includes(id);
    const has = (id: number): boolean => found.has(id);
    const rescored = ranked.map((r) => {
      heading = this.index.heading(r.doc);
      title = this.index.title(r.doc);
      let h = 0;
      let t = 0;
      for (const c of resolved) {
        h += c.weight * this.credit(c, inHeading);
        if (tau > 0) t += c.weight * this.credit(c, inTitle);
      }
      const seq = this.index.sequence(r.doc);
      let cov = total;
      if (gamma > 0) {
        found.clear();
        for (let i = 0; i < heading.length; i++) if (wanted.has(heading[i])) found.add(heading[i]);
        for (let i = 0; i < seq.length; i++) if (wanted.has(seq[i])) found.add(seq[i]);
        cov = 0;
        for (const c of resolved) cov += c.weight * this.credit(c, has);
      }
      const anchored =
        seq.length < minTerms &&
        resolved.some(
          (c) => c.numeric && c.direct !== undefined && (heading.includes(c.direct) || seq.includes(c.direct)),
        );
      faq = this.faqQuestions.get(r.doc) ?? none;
      let f = 0;
      if (faq.length > 0 && this.options.faqWeight > 0 && sameAsk(this.passages[r.doc].section))
        for (const c of resolved) f += c.weight * this.credit(c, inFaq);
      const entry = f / total >= this.options.faqMinShare ? 1 + this.options.faqWeight * (f / total) : 1;
      const short =
        seq.length < minTerms && !anchored && entry === 1 ? 1 + (shortPenalty * (minTerms - seq.length)) / minTerms : 1;
      const factor =
        ((gamma > 0 ? Math.pow(cov / total, gamma) : 1) *
          (1 + beta * (h / total) + tau * (t / total)) *
          typed(r.doc) *
          entry) /
        short;
      return { doc: r.doc, score: r.score * factor };
    });
    return rescored.sort((x, y) => y.score - x.score || x.doc - y.doc);
  }

  private rerankByProximity(
    ranked: Array<{ doc: number; score: number }>,
    sequence: string[],
  ): Array<{ doc: number; score: number }> {
    const pairs: Array<[number, number, number]> = [];
    for (let i = 0; i + 1 < sequence.length; i++) {
      const a = this.index.termId(sequence[i]);
      const b = this.index.termId(sequence[i + 1]);
      if (a === undefined || b === undefined || a === b) continue;
      const w = Math.min(this.index.termStats(sequence[i])!.idf, this.index.termStats(sequence[i + 1])!.idf);
      pairs.push([a, b, w]);
    }
    if (pairs.length === 0) return ranked;
    const rescored = ranked.map((r) => {
      const seq = this.index.sequence(r.doc);
      let bonus = 0;
      for (const [a, b, w] of pairs) if (near(seq, a, b, 3)) bonus += w;
      return { doc: r.doc, score: r.score + this.options.proximityWeight * bonus };
    });
    return rescored.sort((x, y) => y.score - x.score || x.doc - y.doc);
  }
}

/** True when terms a and b occur within `window` content words of each other. */
function near(seq: Int32Array, a: number, b: number, window: number): boolean {
  let lastA = -1e9;
  let lastB = -1e9;
  for (let i = 0; i < seq.length; i++) {
    const t = seq[i];
    if (t === a) {
      if (i - lastB <= window) return true;
      lastA = i;
    } else if (t === b) {
      if (i - lastA <= window) return true;
      lastB = i;
    }
  }
  return false;
}

/** Lower-case words of the passages' titles, headings and text, with their counts. */
function countWords(passages: readonly Passage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of passages)
    for (const w of `${p.title} ${p.section} ${p.text}`.toLowerCase().match(/\p{L}+/gu) ?? [])
      counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}
