import type { Logger } from '../../observability/logger';
import type { Database } from '../../store/database';
import type { DocumentLinkSigner } from '../documents/document-links';
import { recordUnanswered } from '../feedback/feedback-store';
import { splitSentences } from '../ingest/sentences';
import { isQuestionHeading, type Passage } from '../document-model';
import type { KnowledgeIndex } from '../knowledge-index';
import { askedAnswerType, hasAnswerOfType } from '../retrieval/answer-type';
import { visibleTo, type RetrievalHit } from '../retrieval/retriever';
import {
  answersAskedType,
  askedSentence,
  figureAbout,
  isTaskRequest,
  missingWords,
  unknownAskedFor,
  unusedWords,
} from './answerability';
import type { Answer } from './answer-types';
import { GenerationError, type AnswerGenerator } from './azure-openai-generator';
import type { CitationLinks } from './citations';
import { closestOnlyAnswer, composeExtractiveAnswer, notCoveredAnswer, outOfRemitAnswer } from './compose-answer';
import { taskRequestAnswer, unusedWordsAnswer } from './refusal-answers';
import {
  assessEvidence,
  DEFAULT_EVIDENCE_POLICY,
  namesAskedThing,
  questionShare,
  weightedQuestionTerms,
  type Evidence,
  type EvidencePolicy,
} from './evidence';
import { withoutChatter } from '../retrieval/question-opening';
import { tokenize } from '../retrieval/tokenize';
import { DEFAULT_EXTRACT, extractSentences, type ChosenSentence } from './extractive-answer';
import { questionType, verdictOf } from './question-type';
import { outOfRemitOwner } from './remit';
import { outlineAnswer } from './outline-answer';
import { aboutTheDocument } from './sentence-fit';

export interface AskOptions {
  userGroups?: string[];
  userId?: string;
  /** Store the question as a knowledge gap when it is not covered (default true). */
  recordGaps?: boolean;
  /** With a model that can stream: called with the answer text so far while it is written (the finished answer is still returned). */
  onText?: (textSoFar: string) => void;
}

/** The answer plus what led to it, for the eval and for diagnostics. */
export interface AnswerTrace {
  answer: Answer;
  hits: RetrievalHit[];
  evidence: Evidence;
}

/** What the answer pipeline needs besides the index. */
export interface AnswerPipelineOptions {
  db: Database;
  logger: Logger;
  generator?: AnswerGenerator;
  publicBaseUrl?: string;
  documentLinks?: DocumentLinkSigner;
  evidencePolicy?: EvidencePolicy;
}

/**
 * The answer pipeline: retrieves from the index, judges whether the passages cover the question, and answers with
 * citations (quoted sentences, or the model's text when one is configured, falling back to quotes when it fails),
 * or says plainly that the knowledge base does not cover it and records the gap.
 */
export class AnswerPipeline {
  constructor(
    private readonly index: KnowledgeIndex,
    private readonly opts: AnswerPipelineOptions,
  ) {}

  /** Like `ask`, but also returns the passages and the evidence assessment behind the answer. */
  async explain(question: string, opts: AskOptions = {}): Promise<AnswerTrace> {
    // "hi! quick question - can I ...": the greeting and preface say nothing the documents should match.
    const said = withoutChatter(question.trim().slice(0, 2000));
    const spelling = this.index.lexical?.correctSpelling(said) ?? { text: said, corrected: [] };
    const trace = await this.answerTrace(spelling.text, opts);
    if (spelling.corrected.length === 0 || !trace.answer.grounded) return trace;
    // Say how a typo was read, so a person who meant another word knows why the answer is about this one.
    const read = `Read ${spelling.corrected.map((c) => `"${c.typed}" as "${c.read}"`).join(', ')}.`;
    const note = [trace.answer.note, read].filter(Boolean).join(' ');
    return { ...trace, answer: { ...trace.answer, note } };
  }

  private async answerTrace(q: string, opts: AskOptions): Promise<AnswerTrace> {
    if (!q)
      return {
        answer: { ...notCoveredAnswer(), text: 'Please type a question.' },
        hits: [],
        evidence: assessEvidence('', [], () => undefined, 1),
      };
    const { hits, lexical } = await this.index.retrieve(q, { k: 5, userGroups: opts.userGroups });
    const retriever = this.index.lexical;
    const idf = (t: string): number | undefined => retriever?.termStats(t)?.idf;
    const maxIdf = retriever?.index.maxIdf ?? 1;
    const policy = this.opts.evidencePolicy ?? DEFAULT_EVIDENCE_POLICY;
    // A message of several sentences ("how do I get money for a pilot? my team wants to try ...") is
    // judged by its question; the other sentences are context that the documents need not cover.
    const ask = askedSentence(q);
    const whole = assessEvidence(q, lexical, idf, maxIdf, policy);
    const evidence = whole.covered || ask === q ? whole : assessEvidence(ask, lexical, idf, maxIdf, policy);
    const owner = outOfRemitOwner(ask, idf, lexical);
    if (owner) return { answer: outOfRemitAnswer(owner), hits, evidence: { ...evidence, covered: false } };
    if (isTaskRequest(ask)) {
      const closest = evidence.covered && hits[0] ? sectionName(hits[0].passage) : undefined;
      return { answer: taskRequestAnswer(closest), hits, evidence: { ...evidence, covered: false } };
    }
    // Quoting cannot say that the documents lack what is asked for; a model reads the passages and says so itself.
    const askedFor = this.opts.generator ? undefined : unknownAskedFor(ask, lexical, idf, maxIdf);
    if (!evidence.covered || askedFor) {
      if (opts.recordGaps !== false) await this.recordGap(q, opts.userId);
      const names = missingWords(ask, idf).filter((w) => w !== askedFor);
      const missing = askedFor ? [askedFor, ...names] : names;
      const unused = missing.length === 0 ? unusedWords(ask, idf, maxIdf) : [];
      const answer = unused.length > 0 ? unusedWordsAnswer(unused) : notCoveredAnswer(missing);
      return { answer, hits, evidence: { ...evidence, covered: false } };
    }
    const links: CitationLinks = {
      publicBaseUrl: this.opts.publicBaseUrl,
      signRestricted:
        opts.userId && this.opts.documentLinks ? this.opts.documentLinks.forPerson(opts.userId) : undefined,
    };
    const extractive = (): Answer => {
      const context = this.withContinuations(hits, opts.userGroups);
      const chosen = extractSentences(ask, context, idf, maxIdf);
      const lead = chosen.find((c) => c.lead);
      if (lead && !answersAskedType(ask, chosen, idf, maxIdf, context)) {
        const further = this.figureFurtherDown(ask, hits, context[lead.hit], lead, opts.userGroups, idf, maxIdf);
        if (further) return composeExtractiveAnswer(further.chosen, further.context, links);
        return closestOnlyAnswer(lead.text, sectionName(context[lead.hit].passage), figureAbout(ask, idf, maxIdf));
      }
      const outline = chosen.some((c) => c.item)
        ? undefined
        : outlineAnswer(
            ask,
            context,
            (source, ordinal) => this.visiblePassageAt(source, ordinal, opts.userGroups),
            links,
          );
      if (outline) return outline;
      if (lead) this.followReference(ask, context, chosen, lead, opts.userGroups, idf, maxIdf);
      const leadSection = lead ? context[lead.hit].passage.section : '';
      const verdict =
        lead && questionType(ask) === 'yes-no'
          ? verdictOf(
              verdictSentences(chosen, lead),
              ask,
              namesAskedThing(ask, idf, maxIdf, isQuestionHeading(leadSection) ? leadSection : ''),
            )
          : undefined;
      return composeExtractiveAnswer(chosen.length ? chosen : leadSentences(hits[0].passage.text), context, links, {
        verdict,
      });
    };
    if (!this.opts.generator) return { answer: extractive(), hits, evidence };
    try {
      const answer =
        opts.onText && this.opts.generator.generateStream
          ? await this.opts.generator.generateStream(q, hits, links, opts.onText)
          : await this.opts.generator.generate(q, hits, links);
      if (!answer.grounded && opts.recordGaps !== false) await this.recordGap(q, opts.userId);
      return { answer, hits, evidence };
    } catch (err) {
      this.opts.logger.warn('answer generation failed; using the extractive answer', { err });
      return { answer: { ...extractive(), note: fallbackNote(err) }, hits, evidence };
    }
  }

  /**
   * An answer quoted from a short entry that points to the full rules ("... See data classification and
   * privacy.") also quotes the referenced document: its best sentence for the question joins the answer
   * with its own citation, so the person sees the rule and where it lives.
   */
  private followReference(
    question: string,
    context: RetrievalHit[],
    chosen: ChosenSentence[],
    lead: ChosenSentence,
    userGroups: readonly string[] | undefined,
    idf: (t: string) => number | undefined,
    maxIdf: number,
  ): void {
    const from = context[lead.hit].passage;
    const ref = /(?:^|\s)See (?:the )?([^.]{3,80}?)(?: playbook)?\.(?:\s|$)/.exec(from.text)?.[1]?.toLowerCase();
    const retriever = this.index.lexical;
    if (!ref || !retriever) return;
    const target = retriever.passages.find((p) => p.source !== from.source && p.title.toLowerCase().startsWith(ref));
    if (
      !target ||
      context.some((h) => h.passage.source === target.source && chosen.some((c) => c.hit === context.indexOf(h)))
    )
      return;
    const best = retriever.searchSync(question, { k: 40, userGroups }).find((h) => h.passage.source === target.source);
    if (!best) return;
    const picked = extractSentences(question, [best], idf, maxIdf, {
      ...DEFAULT_EXTRACT,
      maxSentences: 1,
      maxChars: 400,
    }).find((c) => c.lead);
    // "This playbook explains ..." says where the rule lives, which the citation already shows.
    if (!picked || aboutTheDocument(picked.text)) return;
    context.push(best);
    chosen.push({ ...picked, hit: context.length - 1, lead: false });
  }

  /**
   * For a question that asks for a figure the best passages do not state next to its focus: the first of
   * the next few passages that does ("how long do we have to fix missing tags" answered by a row of a
   * sample policy table ranked sixth). Only a passage whose best sentence itself states the asked-for kind
   * of figure with the question's focus words, and matches the question at least as well as the closest
   * sentence already found, qualifies: a near miss still gets the honest "not given".
   */
  private figureFurtherDown(
    question: string,
    hits: readonly RetrievalHit[],
    closest: RetrievalHit,
    closestLead: ChosenSentence,
    userGroups: readonly string[] | undefined,
    idf: (t: string) => number | undefined,
    maxIdf: number,
  ): { chosen: ChosenSentence[]; context: RetrievalHit[] } | undefined {
    const retriever = this.index.lexical;
    if (!retriever) return undefined;
    // "How often" and "how long" want a frequency or a duration; any number would not do ("two tags").
    const type = askedAnswerType(question);
    const statesType = (chosen: readonly ChosenSentence[]): boolean =>
      type === undefined || type === 'count' || chosen.some((c) => hasAnswerOfType(c.text, type));
    // The figure's sentence must match the question at least as well as the best sentence already found:
    // a passage that shares one word with the question and happens to hold a duration does not answer it.
    const terms = weightedQuestionTerms(question, idf, maxIdf, 0);
    const matchOf = (hit: RetrievalHit, sentence: string): number =>
      questionShare(terms, new Set(tokenize(`${hit.passage.section} ${sentence}`).map((t) => t.term)));
    const bar = matchOf(closest, closestLead.text);
    const seen = new Set(hits.map((h) => h.passage.id));
    const deeper = retriever
      .searchSync(question, { k: hits.length + FIGURE_SEARCH_EXTRA, userGroups })
      .filter((h) => !seen.has(h.passage.id));
    for (const hit of deeper) {
      const context = [hit];
      const chosen = extractSentences(question, context, idf, maxIdf, FURTHER_EXTRACT);
      const lead = chosen.filter((c) => c.lead);
      if (
        lead.length &&
        statesType(lead) &&
        matchOf(hit, lead[0].text) >= bar &&
        answersAskedType(question, lead, idf, maxIdf, context)
      )
        return { chosen, context };
    }
    return undefined;
  }

  /**
   * The retrieved passages with, right after each of the best two, the passage that continues it (the
   * next passage of the same section), so an answer can quote the sentence that follows across a
   * passage boundary: a section's figures often sit in the part after the one that matched.
   */
  /** The passage at a position of a document, when the asker may see it. */
  private visiblePassageAt(source: string, ordinal: number, userGroups: readonly string[] | undefined) {
    const p = this.index.passageAt(source, ordinal);
    return p && visibleTo(p, userGroups) ? p : undefined;
  }

  private withContinuations(hits: RetrievalHit[], userGroups: readonly string[] | undefined): RetrievalHit[] {
    const present = new Set(hits.map((h) => h.passage.id));
    const out: RetrievalHit[] = [];
    hits.forEach((h, i) => {
      out.push(h);
      if (i >= CONTINUED_HITS) return;
      const next = this.index.passageAt(h.passage.source, h.passage.ordinal + 1);
      if (!next || present.has(next.id) || next.section !== h.passage.section || !visibleTo(next, userGroups)) return;
      present.add(next.id);
      out.push({ passage: next, score: h.score });
    });
    return out;
  }

  private async recordGap(question: string, userId: string | undefined): Promise<void> {
    try {
      await recordUnanswered(this.opts.db, { question, userId });
    } catch (err) {
      this.opts.logger.warn('could not record an unanswered question', { err });
    }
  }
}

/** How many passages past the retrieved ones are read for a figure the retrieved ones do not state. */
const FIGURE_SEARCH_EXTRA = 5;
/** A figure found further down is quoted briefly: the sentence or row that states it and what directly explains it. */
const FURTHER_EXTRACT = { ...DEFAULT_EXTRACT, maxSentences: 2, maxChars: 500 };

/** How many of the best passages may bring the passage that continues them into the answer's context. */
const CONTINUED_HITS = 2;

/** The first sentences of a passage, quoted when no single sentence matches the question's words (they matched its headings). */
/** How an answer names a passage's place: the document's title and the innermost section heading. */
function sectionName(p: Passage): string {
  return [p.title, p.section.split(' > ').pop()].filter(Boolean).join(' — ');
}

/**
 * The sentences a yes/no verdict is read from: those quoted from the lead's passage, in passage order,
 * without the other items of a list the lead is an item of. Each item is its own case ("pasting a
 * contract: not allowed" says nothing about "public website text: allowed").
 */
function verdictSentences(chosen: readonly ChosenSentence[], lead: ChosenSentence): string[] {
  const lines: ChosenSentence[][] = [];
  for (const c of [...chosen].filter((x) => x.hit === lead.hit).sort((a, b) => a.position - b.position)) {
    if (c.lineStart !== false || lines.length === 0) lines.push([c]);
    else lines[lines.length - 1].push(c);
  }
  return lines
    .filter((line) => line[0].item !== true || line.includes(lead))
    .flat()
    .map((c) => c.text);
}

function leadSentences(text: string): ChosenSentence[] {
  const out: ChosenSentence[] = [];
  let chars = 0;
  for (const [position, s] of splitSentences(text).entries()) {
    if (out.length >= 2 || (out.length > 0 && chars + s.text.length > 400)) break;
    out.push({ text: s.text, hit: 0, position });
    chars += s.text.length;
  }
  return out;
}

/** A short remark telling the person why the answer is quoted rather than written by the model. */
function fallbackNote(err: unknown): string {
  const reason = err instanceof GenerationError ? err.reason : 'failed';
  if (reason === 'rate-limited')
    return 'The AI model is busy right now, so this answer quotes the knowledge base directly.';
  if (reason === 'timeout') return 'The AI model took too long, so this answer quotes the knowledge base directly.';
  return 'The AI model is unavailable right now, so this answer quotes the knowledge base directly.';
}
