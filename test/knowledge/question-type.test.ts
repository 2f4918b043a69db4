import { asksForSet, forbiddenThing, questionType, verdictOf } from '../../src/knowledge/answer/question-type';
import { namesAskedThing } from '../../src/knowledge/answer/evidence';
import { withoutChatter } from '../../src/knowledge/retrieval/question-opening';

describe('what a question asks for', () => {
  it.each([
    ['can I paste customer emails into ChatGPT?', 'yes-no'],
    ['so may we buy a SaaS tool with AI built in?', 'yes-no'],
    ['we want AI to auto approve claims, allowed?', 'yes-no'],
    ['is chatgpt allowed for customer emails', 'yes-no'],
    ['are open source models approved?', 'yes-no'],
    ['are approved models listed somewhere?', 'other'],
    ['what AI models are allowed?', 'list'],
    ['when are the CoE office hours?', 'other'],
    ['how long does a security review take?', 'amount'],
    ['What percentage of spend triggers an alert?', 'amount'],
    ['What are the EU AI Act fines?', 'amount'],
    ['What is the maximum fine under GDPR?', 'amount'],
    ['who approves a pilot above the limit?', 'who'],
    ['which teams are responsible for enforcing policies?', 'who'],
    ['how do I submit a use case?', 'steps'],
    ['what is a DPIA?', 'definition'],
    ['which models are approved?', 'list'],
    ['What are the four data classification levels?', 'list'],
    ['can vendors train their models on our prompts?', 'other'],
    ['Is it better to keep a list of banned cloud services or a list of approved ones?', 'other'],
    ['Is automated compliance monitoring enough, or do we still need audits?', 'other'],
  ])('%s -> %s', (question, type) => {
    expect(questionType(question)).toBe(type);
  });

  it('asks for a set when it names a plural kind of thing or asks for steps', () => {
    expect(asksForSet('What stages do cloud team structures mature through?')).toBe(true);
    expect(asksForSet('How many levels does the criticality scale have?')).toBe(true);
    expect(asksForSet('How long do we have to fix missing labels?')).toBe(false);
    expect(asksForSet('how do I submit a use case?')).toBe(true);
    expect(asksForSet('can I use ChatGPT for work?')).toBe(false);
    expect(asksForSet('can vendors train their models on our prompts?')).toBe(false);
    expect(asksForSet('Is it better to keep a list of banned cloud services or a list of approved ones?')).toBe(false);
  });

  it('reads "No" from a rule that forbids, and says nothing when the text already answers or does not say', () => {
    expect(
      verdictOf(['Only with Public information.', 'Consumer AI tools are never allowed for Internal data or above.']),
    ).toBe('No');
    expect(verdictOf(['Not automatically.', 'The board reviews only High-tier use cases.'])).toBeUndefined();
    expect(verdictOf(['Yes, after a model evaluation.'])).toBeUndefined();
    expect(verdictOf(['Pilots up to USD 25,000 are approved by the CoE lead.'])).toBeUndefined();
    expect(verdictOf(['Do not edit prompts directly in a production portal.'])).toBe('No');
    expect(verdictOf(['- Do not log full message content by default.'])).toBe('No');
  });

  it('says "No" only when the question names what the rule forbids, not what the rule also rules out', () => {
    const rule = [
      'Consumer AI tools (free chatbots on personal accounts) are never allowed for Internal data or above, which rules out customer emails and personal data.',
    ];
    expect(forbiddenThing(rule[0]).replace(/\s+/g, ' ').trim()).toBe('Consumer AI tools are');
    expect(forbiddenThing('Never put API keys in prompts.')).toBe('Never put API keys in prompts.');
    // Rare words weigh more; "ai", "use" and "data" are on every page of this made-up knowledge base.
    const idf = (t: string): number => (['ai', 'us', 'data'].includes(t) ? 0.3 : 4);
    const asking = (q: string, entry = ''): ((text: string) => boolean) => namesAskedThing(q, idf, 6, entry);
    const q1 = 'can I use the approved assistant with personal data?';
    expect(verdictOf(rule, q1, asking(q1))).toBeUndefined();
    const q2 = 'am I allowed to use AI to draft customer emails?';
    expect(verdictOf(rule, q2, asking(q2))).toBeUndefined();
    const q3 = 'can I paste customer emails into a consumer chatbot?';
    expect(verdictOf(rule, q3, asking(q3))).toBe('No');
    // The FAQ question an entry answers says what its rules are about.
    const q4 = 'can I paste customer emails into ChatGPT?';
    expect(verdictOf(rule, q4, asking(q4, 'Can I use ChatGPT or another free chatbot for work?'))).toBe('No');
  });

  it('gives no verdict when the rule allows it under a condition the question itself names', () => {
    const rule = ['Only with Public information.', 'Consumer AI tools are never allowed for Internal data or above.'];
    expect(verdictOf(rule, 'can I use a free chatbot for text from our public website?')).toBeUndefined();
    expect(verdictOf(rule, 'can I paste customer emails into ChatGPT?')).toBe('No');
  });
});

describe('the question without the chatter it opens with', () => {
  it('drops greetings, prefaces and chat shorthand, but not words that ask something', () => {
    expect(withoutChatter('hi! quick question - can i paste customer emails into chatgpt?')).toBe(
      'can i paste customer emails into chatgpt?',
    );
    expect(withoutChatter('Hello team, I was wondering: who approves pilots?')).toBe('who approves pilots?');
    expect(withoutChatter('so, what is a use case?')).toBe('what is a use case?');
    expect(withoutChatter('ok to paste client emails into chatgpt?')).toBe('ok to paste client emails into chatgpt?');
    expect(withoutChatter('question about pilot funding?')).toBe('question about pilot funding?');
    expect(withoutChatter('hiring freeze?')).toBe('hiring freeze?');
    expect(withoutChatter('hi')).toBe('hi');
    expect(withoutChatter('need info on approved models pls')).toBe('need info on approved models');
    expect(withoutChatter('btw, who approves pilots? thx!')).toBe('who approves pilots?');
    expect(withoutChatter('thanks')).toBe('thanks');
  });
});
