import { isQuestionHeading, type Passage } from '../document-model';
import { splitSentences } from '../ingest/sentences';
import { isFramingTerm } from '../retrieval/query-terms';
import type { RetrievalHit } from '../retrieval/retriever';
import type { Answer } from './answer-types';
import { toCitation, type CitationLinks } from './citations';
import { asksForSet, questionType } from './question-type';
import { termsOf } from './sentence-analysis';

/** Most members an outline answer lists; a longer run of sub-sections is a document's structure, not a set. */
const MAX_MEMBERS = 10;

/** Headings that close or frame a document rather than name one of its members. */
const NOT_A_MEMBER =
  /^(next steps?|see also|related( resources| content| articles| links)?|learn more|more information|overview|introduction|summary|conclusion|prerequisites|references?|resources|feedback|examples?|note|tip|important|warning|caution)$/i;

/**
 * A paragraph that opens with a short label and a colon ("Create virtual teams: The ..."), the way
 * Markdown authors write a set as bold-labelled paragraphs: the label (at most seven words, no sentence
 * punctuation, not opening like a sentence: "The organisation follows six principles: ...") and the
 * text after it.
 */
const LABELLED =
  /^(?!(?:The|This|These|Those|That|A|An|It|We|You|Our|Your|Each|Every|All|In|For|If|When)\b)([A-Z][^:.!?\n]{1,60}?):\s+(\S.*)$/;
const MAX_LABEL_WORDS = 7;

/** The plural noun a set question asks for: "What are the four data classification levels?" → "levels". */
export function setNoun(question: string): string | undefined {
  const m = /\b(?:what|which)\s+(?:(?:are|were)\s+(?:the\s+)?)?(?:[\w-]+\s+){0,3}?([a-z]{3,}s)\b/i.exec(question);
  const noun = m?.[1].toLowerCase();
  return noun && !/^(is|was|does|has|this|thus|us)$/.test(noun) ? noun : undefined;
}

interface Member {
  name: string;
  /** The member's opening sentence (without its label, for a labelled paragraph). */
  opening: string;
  passage: Passage;
}

/** The passages of one document in reading order. */
function passagesOf(source: string, passageAt: (source: string, ordinal: number) => Passage | undefined): Passage[] {
  const out: Passage[] = [];
  for (let ordinal = 0, p = passageAt(source, 0); p; p = passageAt(source, ++ordinal)) out.push(p);
  return out;
}

const pathOf = (p: Passage): string[] => p.section.split(' > ').filter(Boolean);
const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** The first sentence of a member's text that says something: not a caption that repeats its name ("Central IT team"). */
function openingSentence(text: string, name: string): string {
  const named = words(name).join(' ');
  const said = splitSentences(text).find((s) => {
    const w = words(s.text);
    return w.length >= 4 && !named.startsWith(w.join(' '));
  });
  return said?.text.trim() ?? '';
}

/** The headings one level under `parent` (the whole document when empty), each with its first passage. */
function headingMembers(passages: readonly Passage[], parent: string[]): Member[] {
  const members: Member[] = [];
  const seen = new Set<string>();
  for (const p of passages) {
    const path = pathOf(p);
    if (path.length <= parent.length || parent.some((h, i) => path[i] !== h)) continue;
    const name = path[parent.length];
    if (seen.has(name) || NOT_A_MEMBER.test(name.trim())) continue;
    seen.add(name);
    members.push({ name, opening: openingSentence(p.text, name), passage: p });
  }
  return members;
}

/** The labelled paragraphs of one section ("Label: text"), in reading order. */
function labelledMembers(passages: readonly Passage[], section: string): Member[] {
  const members: Member[] = [];
  for (const p of passages) {
    if (p.section !== section) continue;
    for (const line of p.text.split('\n')) {
      const m = LABELLED.exec(line.trim());
      if (!m || m[1].split(/\s+/).length > MAX_LABEL_WORDS || NOT_A_MEMBER.test(m[1].trim())) continue;
      members.push({ name: m[1].trim(), opening: openingSentence(m[2], m[1]), passage: p });
    }
  }
  return members;
}

/** Words with which an author announces a list ("through the following approaches"). */
const INTRODUCES_LIST = /\b(the following|as follows|below|these)\b/i;

/** A heading with this many of the question's topic words, and two thirds of them, is about the question even without naming the set. */
const TOPIC_MATCH = 3;
const TOPIC_SHARE = 2 / 3;

/**
 * The lead line of the answer when a part of a document is the set the question asks for, else
 * undefined. The part qualifies when its heading names the asked-for noun ("The four classification
 * levels"); when its opening sentence names it ("through the following approaches") and the heading
 * shares a topic word with the question ("Address resistance from IT silos" for "overcoming resistance
 * from an IT silo"); or when the heading has nearly all of the question's topic words ("Maturation of
 * cloud governance capability" for "What maturity levels of cloud governance capability are there?").
 */
function setLead(
  heading: string,
  opening: string,
  noun: string,
  nounTerm: string,
  question: Set<string>,
): string | undefined {
  const headingTerms = termsOf(heading);
  const name = heading.replace(/[?.:!]+$/, '');
  if (headingTerms.has(nounTerm)) return name;
  const topic = [...question].filter((t) => t !== nounTerm && !isFramingTerm(t));
  const shared = topic.filter((t) => headingTerms.has(t)).length;
  const naming = bestNaming(opening, noun, nounTerm, question);
  if (naming && shared >= 1) return naming.text.trim().replace(/[?.:!]+$/, '');
  return shared >= TOPIC_MATCH && shared >= TOPIC_SHARE * topic.length ? name : undefined;
}

/**
 * The sentence of an opening that names the set: of those with the noun, the one with most of the
 * question's words, counting the noun in the plural as written ("models", not "a financial model") and
 * a phrase that introduces a list ("the following approaches") as one more each; the earlier on a tie.
 */
function bestNaming(opening: string, noun: string, nounTerm: string, question: Set<string>) {
  const plural = new RegExp(`\\b${noun}\\b`, 'i');
  let best: { text: string; score: number } | undefined;
  for (const s of splitSentences(opening)) {
    const terms = termsOf(s.text);
    if (!terms.has(nounTerm)) continue;
    const score =
      [...terms].filter((t) => question.has(t)).length +
      (INTRODUCES_LIST.test(s.text) ? 1 : 0) +
      (plural.test(s.text) ? 1 : 0);
    if (!best || score > best.score) best = { text: s.text, score };
  }
  return best;
}

/** The lines of a part's own first passage before its first labelled paragraph, where an author introduces a set. */
function openingOf(passages: readonly Passage[], section: string): string {
  const lines = passages.find((p) => p.section === section)?.text.split('\n') ?? [];
  const end = lines.findIndex((line) => LABELLED.test(line.trim()));
  return lines.slice(0, end < 0 ? lines.length : end).join('\n');
}

/** The set answer: a lead line, then each member's name with its opening sentence, each cited. */
function listAnswer(lead: string, members: Member[], links: CitationLinks): Answer {
  const text = members.map((m, i) => `**${m.name}**${m.opening ? `: ${m.opening}` : ''} [${i + 1}]`).join('\n\n');
  return {
    text: `${lead}:\n\n${text}`,
    grounded: true,
    citations: members.map((m, i) => toCitation(i + 1, m.passage, links, [m.opening])),
    generatedByModel: false,
  };
}

/** Three to ten members, none of them a question: sub-sections headed by questions are FAQ entries, each answering itself, not a set. */
const fits = (members: Member[]): boolean =>
  members.length >= 3 && members.length <= MAX_MEMBERS && !members.some((m) => isQuestionHeading(m.name));

/**
 * True when one line of a text already names three of the members ("six principles: fairness,
 * reliability and safety, ..."): quoting that sentence answers better than an outline. A numbered list
 * of the members' names is not such a line; the outline adds what each member is.
 */
function enumerates(text: string, members: Member[]): boolean {
  return text
    .toLowerCase()
    .split('\n')
    .some((line) => members.filter((m) => line.includes(m.name.toLowerCase())).length >= 3);
}

/**
 * Answers a question for a set ("What are the four data classification levels?") whose members a
 * Markdown document writes as sub-sections of a part that names the set ("The four classification
 * levels" > Public, Internal, ...), or as labelled paragraphs of one section ("Create virtual teams:
 * ...", "Invest in education: ..."): each member's name with its opening sentence, each cited. Quoting
 * sentences would give the members' details without their names. Only for Markdown, whose headings an
 * author wrote (PDF headings are guessed from layout), only when the part names the asked-for noun,
 * and for three to ten members.
 */
export function outlineAnswer(
  question: string,
  hits: readonly RetrievalHit[],
  passageAt: (source: string, ordinal: number) => Passage | undefined,
  links: CitationLinks,
): Answer | undefined {
  if (!asksForSet(question) || questionType(question) === 'steps') return undefined;
  const noun = setNoun(question);
  const [nounTerm] = noun ? termsOf(noun) : [];
  if (!noun || !nounTerm) return undefined;
  const asked = termsOf(question);
  for (const hit of hits.slice(0, 3)) {
    const { source, section, kind, title } = hit.passage;
    // An FAQ entry ranked above any outline answers the question itself.
    if (isQuestionHeading(section)) return undefined;
    if (kind !== 'markdown') continue;
    const passages = passagesOf(source, passageAt);
    const path = pathOf(hit.passage);
    const labelled = labelledMembers(passages, section);
    const sectionOpening = openingOf(passages, section);
    const lead =
      fits(labelled) && !enumerates(sectionOpening, labelled)
        ? setLead(path[path.length - 1] ?? title, sectionOpening, noun, nounTerm, asked)
        : undefined;
    if (lead) return listAnswer(lead, labelled, links);
    for (let depth = path.length - 1; depth >= 0; depth--) {
      const parent = path.slice(0, depth);
      const name = depth > 0 ? path[depth - 1] : title;
      const members = headingMembers(passages, parent);
      const opening = openingOf(passages, parent.join(' > '));
      if (!fits(members) || enumerates(opening, members)) continue;
      const setName = setLead(name, opening, noun, nounTerm, asked);
      if (setName) return listAnswer(setName, members, links);
    }
  }
  return undefined;
}
