import { foldText, tokenize } from './tokenize';

/**
 * Words and expressions that people use interchangeably when they ask about generative AI at work.
 * A question that uses one member also searches for the others (at a lower weight), so "which LLMs
 * are allowed" can find "approved models". Single words trigger by their stem; multi-word members
 * trigger only when the whole expression is in the question. General vocabulary of the field and of
 * everyday workplace wording, not tied to any document; the workplace groups at the end were chosen by
 * reading misses on the public caf-governance dev set (see the README's answer-quality section).
 */
const GROUPS: string[][] = [
  ['llm', 'model', 'gpt', 'foundation model', 'language model'],
  ['bot', 'chatbot', 'assistant', 'agent', 'copilot'],
  ['allowed', 'approved', 'permitted', 'sanctioned', 'ok', 'okay', 'ok to use'],
  ['banned', 'prohibited', 'forbidden', 'disallowed', 'not allowed'],
  [
    'hallucination',
    'hallucinate',
    'fabrication',
    'confabulation',
    'grounding',
    'making things up',
    'make things up',
    'made up',
  ],
  ['sev', 'severity'],
  ['pii', 'personal data', 'personal information'],
  ['cost', 'spend', 'spending', 'expense'],
  ['budget', 'funding'],
  ['idea', 'project', 'initiative', 'proposal', 'use case'],
  ['register', 'submit', 'submission', 'intake'],
  ['form', 'wizard', 'questionnaire'],
  ['queue', 'inbox', 'pending'],
  ['reject', 'decline', 'deny', 'denial', 'refuse'],
  ['legal', 'lawyer', 'counsel'],
  ['customer', 'client'],
  ['told', 'notify', 'disclose', 'disclosure', 'transparency'],
  ['bias', 'biased', 'fairness', 'discrimination'],
  ['test', 'evaluate', 'evaluation', 'eval', 'assess', 'assessment'],
  ['leak', 'leakage', 'exfiltration'],
  ['secret', 'credential', 'password'],
  ['vendor', 'supplier', 'third party'],
  ['pilot', 'poc', 'trial', 'experiment', 'proof of concept'],
  ['production', 'launch', 'deploy', 'deployment', 'rollout', 'go live', 'go-live'],
  ['incident', 'outage'],
  ['training', 'course', 'enablement', 'upskilling'],
  ['jailbreak', 'prompt injection'],
  ['rag', 'retrieval', 'retrieval augmented generation'],
  ['finetune', 'fine-tune', 'fine-tuning', 'fine tuning'],
  ['dashboard', 'metric', 'kpi'],
  ['roi', 'return on investment'],
  ['sla', 'deadline', 'turnaround'],
  ['escalate', 'escalation'],
  ['champion', 'ambassador'],
  ['confidential', 'sensitive', 'restricted'],
  ['employee', 'staff', 'colleague'],
  ['manager', 'supervisor', 'boss'],
  ['monthly', 'month', 'how often'],
  ['weekly', 'week'],
  ['yearly', 'annual', 'annually', 'year'],
  ['daily', 'day'],
  ['quarterly', 'quarter'],
  ['eu', 'europe', 'european'],
  ['gdpr', 'data protection'],
  ['dpia', 'impact assessment'],
  ['phone', 'telephone'],
  ['doctor', 'physician'],
  ['vacation', 'holiday', 'pto', 'time off'],
  ['doc', 'document'],
  ['app', 'application'],
  ['dev', 'developer'],
  ['genai', 'generative ai', 'gen ai'],
  ['job', 'duty', 'remit'],
  ['watch', 'monitor', 'keep an eye on'],
  ['admin', 'administrator', 'administrative', 'privileged'],
  ['usage', 'utilization', 'utilisation'],
  ['label', 'tag'],
  ['permanent', 'standing', 'persistent'],
  ['away', 'absent', 'unavailable', 'on leave', 'out of office', 'on holiday', 'on vacation'],
  ['reduce', 'downsize', 'cut back', 'scale down'],
  ['bill', 'charge'],
];

/**
 * The forms a phrase's opening verb takes in a question: "cut back" is asked as "cutting back", "scale
 * down" as "scaling down", "go live" as "going live". Regular English inflections only (a doubled final
 * consonant, a dropped final "e"); irregular forms ("made up") are listed as members of their own.
 */
function inflected(word: string): string[] {
  const stemOf = word.replace(/e$/, '');
  const doubled = /[^aeiou][aeiou][bdgklmnprt]$/.test(word) ? word + word.slice(-1) : word;
  return [...new Set([word, `${word}s`, `${word}es`, `${stemOf}ed`, `${stemOf}ing`, `${doubled}ed`, `${doubled}ing`])];
}

interface Member {
  terms: string[];
  /** For multi-word members: the expression to look for in the folded question. */
  phrase?: RegExp;
}

let groups: Member[][] | undefined;

function compiled(): Member[][] {
  groups ??= GROUPS.map((g) =>
    g.map((w) => {
      const terms = tokenize(w).map((t) => t.term);
      const words = foldText(w).split(/[\s-]+/);
      if (words.length === 1) return { terms };
      const [head, ...rest] = words;
      return { terms, phrase: new RegExp(`\\b(?:${inflected(head).join('|')})[\\s-]+${rest.join('[\\s-]+')}s?\\b`) };
    }),
  );
  return groups;
}

/**
 * Synonyms added for a question: the question terms that triggered a group (empty for a multi-word
 * trigger), the single-word members it adds, and its multi-word members as phrases (term lists). A
 * phrase counts only when all of its words are present, so "language model" does not turn every
 * passage that says "language" into a match for "model".
 */
export interface SynonymExpansion {
  triggers: string[];
  added: string[];
  phrases: string[][];
}

/** The synonym groups a question triggers, with the terms each adds (question terms themselves left out). */
export function synonymExpansions(question: string, questionTerms: ReadonlySet<string>): SynonymExpansion[] {
  const folded = foldText(question);
  const out: SynonymExpansion[] = [];
  for (const group of compiled()) {
    const triggers = group.filter((m) => !m.phrase && questionTerms.has(m.terms[0])).map((m) => m.terms[0]);
    if (triggers.length === 0 && !group.some((m) => m.phrase?.test(folded))) continue;
    const added = [
      ...new Set(
        group
          .filter((m) => !m.phrase && m.terms.length === 1)
          .map((m) => m.terms[0])
          .filter((t) => !questionTerms.has(t)),
      ),
    ];
    const phrases = group.filter((m) => m.terms.length > 1 && !(m.phrase?.test(folded) ?? false)).map((m) => m.terms);
    if (added.length || phrases.length) out.push({ triggers, added, phrases });
  }
  return out;
}

/** True for a single-word member of a synonym group: a question word the groups understand although no document uses it. */
export function isSynonymTerm(term: string): boolean {
  return compiled().some((g) => g.some((m) => !m.phrase && m.terms[0] === term));
}
