import { stem, tokenize } from './tokenize';

/**
 * Words that people use interchangeably when they ask about generative AI at work. A question word
 * also searches for the other words of its group (at a lower weight), so "which LLMs are allowed"
 * can find "approved models". Groups are general vocabulary of the field, not tied to any document.
 */
const GROUPS: string[][] = [
  ['llm', 'llms', 'model', 'foundation model', 'language model', 'gpt'],
  ['bot', 'chatbot', 'assistant', 'agent', 'copilot'],
  ['allowed', 'approved', 'permitted', 'authorised', 'authorized', 'sanctioned'],
  ['banned', 'prohibited', 'forbidden', 'disallowed'],
  ['hallucination', 'hallucinate', 'fabricate', 'fabrication', 'confabulation', 'invented', 'grounding'],
  ['sev', 'severity'],
  ['pii', 'personal data', 'personal information'],
  ['cost', 'spend', 'spending', 'expense'],
  ['budget', 'funding', 'money'],
  ['idea', 'use case', 'project', 'initiative', 'proposal'],
  ['register', 'submit', 'submission', 'intake'],
  ['form', 'wizard', 'questionnaire'],
  ['queue', 'inbox', 'pending'],
  ['approver', 'reviewer'],
  ['reject', 'rejected', 'decline', 'declined', 'deny', 'denied', 'refuse'],
  ['legal', 'lawyer', 'counsel'],
  ['customer', 'client', 'public'],
  ['told', 'tell', 'inform', 'informed', 'notify', 'notice', 'disclose', 'disclosure', 'transparency', 'label'],
  ['bias', 'biased', 'fairness', 'fair', 'discrimination'],
  ['test', 'testing', 'evaluate', 'evaluation', 'eval', 'assess', 'assessment'],
  ['leak', 'leakage', 'exfiltration'],
  ['secret', 'credential', 'password'],
  ['vendor', 'supplier', 'third party'],
  ['pilot', 'proof of concept', 'poc', 'trial', 'experiment'],
  ['production', 'live', 'go-live', 'launch', 'deploy', 'deployment', 'release', 'rollout'],
  ['incident', 'outage'],
  ['training', 'course', 'learning', 'enablement', 'upskilling'],
  ['jailbreak', 'prompt injection'],
  ['rag', 'retrieval'],
  ['fine-tune', 'fine-tuning', 'finetune'],
  ['dashboard', 'report', 'metric', 'kpi'],
  ['roi', 'return on investment', 'value'],
  ['sla', 'deadline', 'turnaround'],
  ['escalate', 'escalation'],
  ['champion', 'ambassador'],
  ['confidential', 'sensitive', 'restricted'],
  ['employee', 'staff', 'worker', 'colleague'],
  ['manager', 'supervisor', 'boss'],
  ['monthly', 'month'],
  ['weekly', 'week'],
  ['yearly', 'annual', 'annually', 'year'],
  ['daily', 'day'],
  ['quarterly', 'quarter'],
  ['eu', 'europe', 'european'],
  ['gdpr', 'data protection'],
  ['dpia', 'impact assessment'],
  ['phone', 'telephone', 'call'],
  ['doctor', 'physician'],
  ['vacation', 'holiday', 'leave', 'time off', 'pto'],
  ['salary', 'pay', 'compensation'],
];

/** Multi-word expressions that mean one of the group words above. */
const PHRASES: Array<[RegExp, string]> = [
  [/\bmak(e|es|ing)\s+(things|stuff|facts|answers)\s+up\b|\bmade[\s-]up\b/i, 'hallucination'],
  [/\bgo(es|ing)?[\s-]live\b|\bgone live\b/i, 'production'],
  [/\bhow (often|frequently)\b/i, 'monthly weekly'],
];

let byTerm: Map<string, string[]> | undefined;

function groupTerms(): Map<string, string[]> {
  if (byTerm) return byTerm;
  byTerm = new Map();
  for (const group of GROUPS) {
    const stems = [...new Set(group.flatMap((w) => tokenize(w).map((t) => t.term)))];
    for (const s of stems) {
      const others = stems.filter((o) => o !== s);
      byTerm.set(s, [...new Set([...(byTerm.get(s) ?? []), ...others])]);
    }
  }
  return byTerm;
}

/** Other index terms that stand for the same thing as `term` (a stem). */
export function synonymsOf(term: string): readonly string[] {
  return groupTerms().get(term) ?? [];
}

/** Index terms implied by multi-word expressions in a question ("making things up" implies "hallucination"). */
export function phraseTerms(question: string): string[] {
  return PHRASES.filter(([re]) => re.test(question)).flatMap(([, words]) => words.split(' ').map((w) => stem(w)));
}
