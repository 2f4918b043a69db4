import type { RetrievalHit } from '../../src/knowledge/retrieval/retriever';
import { extractSentences } from '../../src/knowledge/answer/extractive-answer';
import { questionType, verdictOf } from '../../src/knowledge/answer/question-type';
import { leadFit, questionShape } from '../../src/knowledge/answer/sentence-fit';

const hit = (source: string, section: string, text: string, score: number): RetrievalHit => ({
  passage: { id: score, source, title: source, section, text, kind: 'markdown', ordinal: 0 },
  score,
});
const idf = (): number => 2;
const lead = (question: string, hits: RetrievalHit[]): string | undefined =>
  extractSentences(question, hits, idf, 5).find((c) => c.lead)?.text;

describe('the sentence an answer leads with', () => {
  it('answers "who" with the sentence that names a role, not one that only repeats the question words', () => {
    const hits = [
      hit('budget.md', 'Reporting', 'In reports back to the business, IT shows costs per unit.', 10),
      hit('authority.md', 'Authority', 'The group should report to a named executive sponsor.', 8),
    ];
    expect(lead('Who should the group report to when teams push back?', hits)).toMatch(/named executive sponsor/);
  });

  it('counts a role named with capitals ("the AI Ethics Board") as a role', () => {
    const hits = [
      hit('tiers.md', 'Tiers', 'Every use case gets a risk tier, and high risk use cases get more checks.', 10),
      hit('board.md', 'Board', 'The AI Ethics Board reviews high risk use cases.', 7),
    ];
    expect(lead('who looks at high risk use cases?', hits)).toMatch(/AI Ethics Board/);
    const shape = questionShape('who looks at it?', 'who');
    expect(leadFit(shape, 'The Steering Committee decides.', new Set())).toBeGreaterThan(1);
    expect(leadFit(shape, 'It is decided later.', new Set())).toBeLessThan(1);
  });

  it('answers "what does X do" with a sentence whose subject is X', () => {
    const hits = [
      hit(
        'tags.md',
        'Tags',
        'Teams often apply data classification tags to resources when they deploy them to production.',
        10,
      ),
      hit('classes.md', 'Classes', 'Data classification sorts data by sensitivity and business impact.', 9),
    ];
    expect(lead('What does data classification do?', hits)).toMatch(/^Data classification sorts/);
  });

  it('answers "what is X in Y" from the glossary entry headed X, whose text need not repeat X', () => {
    const hits = [
      hit('prompts.md', 'Examples', 'Use realistic examples so that the model does not make up a hallucination.', 10),
      hit('glossary.md', 'Glossary > Hallucination', 'A fluent but false statement produced by a model.', 7),
    ];
    // "AI" is in nearly every passage of such a knowledge base: it weighs little.
    const chosen = extractSentences('what is a hallucination in AI', hits, (t) => (t === 'ai' ? 0.2 : 2), 5);
    expect(chosen.find((c) => c.lead)?.text).toMatch(/^A fluent but false/);
  });

  it('answers "what is X in the Y" from the glossary entry headed with the whole phrase ("Human-in-the-loop")', () => {
    const hits = [
      hit('principles.md', 'Accountability', 'Outputs are advisory or human-in-the-loop unless approved.', 10),
      hit('glossary.md', 'Glossary > Human-in-the-loop', 'A person must check and approve each output first.', 7),
    ];
    expect(lead('what is human in the loop?', hits)).toMatch(/^A person must check/);
  });

  it('answers a set with the sentence that enumerates it, not the one about the document', () => {
    const hits = [
      hit(
        'template.md',
        'Template',
        'These examples are not prescriptive, and there are several options for dealing with each risk.',
        10,
      ),
      hit(
        'risks.md',
        'Treat risks',
        'For each risk, choose an option such as avoiding, mitigating, or accepting it.',
        7,
      ),
    ];
    expect(lead('What options do we have for dealing with a risk?', hits)).toMatch(/^For each risk/);
  });

  it('answers "what three things" with a sentence that names three', () => {
    const hits = [
      hit('spend.md', 'Triggers', 'Companies that spend on cloud services see large bills.', 10),
      hit(
        'process.md',
        'Process',
        'The process has three activities: visibility, accountability, and optimization.',
        6,
      ),
    ];
    expect(lead('What three things do we need to keep cloud spending under control?', hits)).toMatch(
      /three activities/,
    );
  });

  it('answers "what is the main thing" with the sentence that says which is primary', () => {
    const hits = [
      hit('automation.md', 'Skills', 'Cloud automation work needs engineers with DevOps skills and time.', 10),
      hit('catalog.md', 'Duty', 'The primary duty of cloud automation is to advance the solution catalog.', 8),
    ];
    expect(lead('What is the main thing the cloud automation people do?', hits)).toMatch(/primary duty/);
  });

  it('answers a comparison with the sentence that contrasts the two, not one that says they differ', () => {
    const hits = [
      hit(
        'teams.md',
        'Patterns',
        'Silos and fiefdoms are different from healthy teams. Silos and fiefdoms are a different challenge.',
        10,
      ),
      hit(
        'silos.md',
        'Silos',
        'Silos are driven by passion, and are easier to overcome than the fear behind fiefdoms.',
        7,
      ),
    ];
    expect(lead('What is the difference between a silo and a fiefdom?', hits)).toMatch(/easier to overcome than/);
  });
});

describe('the order of the answer', () => {
  const at = (section: string, ordinal: number, text: string, score: number): RetrievalHit => ({
    passage: { id: ordinal, source: 'enforce.md', title: 'Enforce', section, text, kind: 'markdown', ordinal },
    score,
  });

  it('starts with the passage that holds the lead, before earlier passages of its document', () => {
    const hits = [
      at('Enforce policies', 0, 'Governance enforcement refers to the controls that align activity to policies.', 10),
      at('Delegate', 1, 'The governance team shouldn’t be responsible for applying enforcement controls.', 9),
    ];
    const chosen = extractSentences('Is the governance team supposed to apply the enforcement controls?', hits, idf, 5);
    expect(chosen[0]).toMatchObject({ hit: 1, lead: true });
    expect(verdictOf(chosen.filter((c) => c.hit === 1).map((c) => c.text))).toBe('No');
  });

  it('keeps document order when the lead continues a section quoted before it', () => {
    const hits = [
      at('Steps', 1, 'Step 2: the reviewer approves the request within five days.', 10),
      at('Steps', 0, 'Step 1: the owner submits the request to the reviewer.', 9),
    ];
    const chosen = extractSentences('What are the steps to get a request approved by the reviewer?', hits, idf, 5);
    expect(chosen.map((c) => c.text.slice(0, 6))).toEqual(['Step 1', 'Step 2']);
  });
});

describe('question shape and lead fit', () => {
  const shape = (q: string) => questionShape(q, questionType(q));

  it('reads the subject, the compared things and the count from the question', () => {
    expect(shape('What does data classification do?').subject).toEqual(new Set(['data', 'classif']));
    expect(shape('What is the difference between an IT silo and an IT fiefdom?').compared?.length).toBe(2);
    expect(shape('What are the four data classification levels?').count).toEqual({ digits: '4', word: 'four' });
    expect(shape('How many days do we have?').count).toBeUndefined();
  });

  it('ranks a sentence about the document or pointing back below a plain statement', () => {
    const s = shape('What options do we have?');
    const terms = new Set<string>();
    expect(leadFit(s, 'Watch this video to learn more about the options.', terms)).toBeLessThan(1);
    expect(leadFit(s, 'These statements summarise the options.', terms)).toBeLessThan(1);
    expect(leadFit(s, 'You can avoid, reduce, transfer or accept a risk.', terms)).toBeGreaterThan(1);
  });

  it('does not take "how can X help" as asking for a set', () => {
    const s = shape('How can chained prompts help with complex tasks?');
    expect(leadFit(s, 'It helps in math, logic, analysis, or other complex tasks.', new Set())).toBeLessThanOrEqual(1);
  });
});
