import type { Passage } from '../document-model';
import { splitSentences } from '../ingest/sentences';
import type { RetrievalHit } from '../retrieval/retriever';
import type { Answer } from './answer-types';
import { toCitation, type CitationLinks } from './citations';
import { asksForSet, questionType } from './question-type';
import { termsOf } from './sentence-analysis';

/** Most members an outline answer lists; a longer run of sub-sections is a document's structure, not a set. */
const MAX_MEMBERS = 10;

/** The plural noun a set question asks for: "What are the four data classification levels?" → "levels". */
export function setNoun(question: string): string | undefined {
  const m = /\b(?:what|which)\s+(?:(?:are|were)\s+(?:the\s+)?)?(?:[\w-]+\s+){0,3}?([a-z]{3,}s)\b/i.exec(question);
  const noun = m?.[1].toLowerCase();
  return noun && !/^(is|was|does|has|this|thus|us)$/.test(noun) ? noun : undefined;
}

/** The headings one level under `parent` in a document, in reading order, each with its first passage. */
function membersUnder(
  source: string,
  parent: string[],
  passageAt: (source: string, ordinal: number) => Passage | undefined,
): Array<{ heading: string; passage: Passage }> {
  const members: Array<{ heading: string; passage: Passage }> = [];
  const seen = new Set<string>();
  for (let ordinal = 0, p = passageAt(source, 0); p; p = passageAt(source, ++ordinal)) {
    const path = p.section.split(' > ').filter(Boolean);
    if (path.length <= parent.length || parent.some((h, i) => path[i] !== h)) continue;
    const heading = path[parent.length];
    if (seen.has(heading)) continue;
    seen.add(heading);
    members.push({ heading, passage: p });
  }
  return members;
}

/**
 * Answers a question for a set ("What are the four data classification levels?") whose members a
 * Markdown playbook writes as sub-sections of a heading that names the set ("The four classification
 * levels" > Public, Internal, ...): each member's heading with its opening sentence, each cited. Quoting
 * sentences would give the members' details without their names. Only for Markdown, whose headings an
 * author wrote (PDF headings are guessed from layout), only when the heading directly above the members
 * names the asked-for noun, and for three to ten members.
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
  if (!nounTerm) return undefined;
  for (const hit of hits.slice(0, 3)) {
    const { source, section, kind } = hit.passage;
    if (kind !== 'markdown') continue;
    const path = section.split(' > ').filter(Boolean);
    for (let depth = path.length - 1; depth >= 1; depth--) {
      if (!termsOf(path[depth - 1]).has(nounTerm)) continue;
      const members = membersUnder(source, path.slice(0, depth), passageAt);
      if (members.length < 3 || members.length > MAX_MEMBERS) continue;
      const quoted = members.map((m) => splitSentences(m.passage.text)[0]?.text.trim() ?? '');
      const text = members
        .map((m, i) => `**${m.heading}**${quoted[i] ? `: ${quoted[i]}` : ''} [${i + 1}]`)
        .join('\n\n');
      return {
        text: `${path[depth - 1]}:\n\n${text}`,
        grounded: true,
        citations: members.map((m, i) => toCitation(i + 1, m.passage, links, [quoted[i]])),
        generatedByModel: false,
      };
    }
  }
  return undefined;
}
