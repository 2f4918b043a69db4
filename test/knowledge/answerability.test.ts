import { usePlaybookService } from './support/playbook-service';
import type { RetrievalHit } from '../../src/knowledge/retrieval/retriever';
import { assessEvidence, weightedQuestionTerms } from '../../src/knowledge/answer/evidence';
import { stemWord } from '../../src/knowledge/retrieval/english-stemmer';
import {
  answersAskedType,
  figureAbout,
  isTaskRequest,
  unknownAskedFor,
  unusedWords,
} from '../../src/knowledge/answer/answerability';

const hit = (section: string, text: string, score = 10): RetrievalHit => ({
  passage: { id: score, source: 'doc.md', title: 'Doc', section, text, kind: 'markdown', ordinal: 0 },
  score,
});
/** Every word is known (IDF 2) except the ones listed. */
const idfWithout =
  (...unknown: string[]) =>
  (t: string): number | undefined =>
    unknown.includes(t) ? undefined : 2;

describe('answerability: what the question asks for', () => {
  it('does not name the word after "how" as a word the documents never use', () => {
    const idf = idfWithout('long', 'kept');
    expect(unusedWords('How long is the report kept?', idf, 5)).toEqual(['kept']);
  });

  it('weighs a question word as framing only where it is written as one, as retrieval does', () => {
    const weight = (question: string, word: string): number | undefined =>
      weightedQuestionTerms(question, () => 2, 5).find((t) => t.term === stemWord(word))?.weight;
    expect(weight('Which generative AI tools are approved?', 'generative')).toBe(2);
    expect(weight('In general, which AI tools are approved?', 'general')).toBeLessThan(2);
    expect(weight('How likely is a data breach?', 'likely')).toBe(2);
    expect(weight('How should policies be reviewed over time?', 'time')).toBeLessThan(2);
  });

  it('takes requests to translate, write or draw as tasks, not as questions about the documents', () => {
    expect(isTaskRequest('Please translate the risk register into dolphin.')).toBe(true);
    expect(isTaskRequest('can you write me a poem about governance')).toBe(true);
    expect(isTaskRequest('Could you please draw the review process?')).toBe(true);
    expect(isTaskRequest('How do I write a good prompt?')).toBe(false);
    expect(isTaskRequest('Explain the risk register')).toBe(false);
    expect(isTaskRequest('Can you list the approved models?')).toBe(false);
    expect(isTaskRequest('Please write down who approves pilots')).toBe(false);
    expect(isTaskRequest('Generate a list of the approved models')).toBe(false);
  });

  it('finds the unknown word a what/which question asks for, but not a clipped form of a word the passages use', () => {
    const hits = [hit('Suppliers', 'Suppliers need ISO 27001 certification and a signed data processing agreement.')];
    const idf = idfWithout('colour', 'cert');
    expect(unknownAskedFor('What colour is the sound of a RACI matrix?', hits, idf, 5)).toBe('colour');
    expect(unknownAskedFor('what certs should an AI supplier have', hits, idf, 5)).toBeUndefined();
    expect(unknownAskedFor('What is the colour of the logo?', hits, idf, 5)).toBeUndefined();
    expect(unknownAskedFor('Which models are approved?', hits, idf, 5)).toBeUndefined();
  });

  it('counts a figure as the answer to an amount question when its section heading names the focus', () => {
    const question = 'How quickly must a data leak be reported?';
    const chosen = [{ text: 'Tell the CoE and the Security team within 1 hour.', hit: 0, position: 0, lead: true }];
    expect(answersAskedType(question, chosen, () => 2, 5)).toBe(false);
    expect(answersAskedType(question, chosen, () => 2, 5, [hit('Reporting a data leak', chosen[0].text)])).toBe(true);
    expect(answersAskedType(question, chosen, () => 2, 5, [hit('Office hours', chosen[0].text)])).toBe(false);
  });

  it('lists the lower-case content words no passage uses, as written, but not framing words or known synonyms', () => {
    const idf = idfWithout('squad', 'dropped', 'drop', 'roughli', 'sev');
    expect(unusedWords('Roughly how many engineers are on each adoption squad?', idf, 5)).toEqual(['squad']);
    expect(unusedWords('Is a dropped sev 1 reported?', idf, 5)).toEqual(['dropped']);
  });

  it('wants a sum of money for a cost question, not a frequency, a percentage or a template placeholder', () => {
    const question = 'How much does the translation service cost per month?';
    const said = (text: string) => [{ text, hit: 0, position: 0, lead: true }];
    const idf = () => 2;
    expect(answersAskedType(question, said('The translation service is reviewed monthly.'), idf, 5)).toBe(false);
    expect(answersAskedType(question, said('The translation service may cost 20% more in peak months.'), idf, 5)).toBe(
      false,
    );
    expect(
      answersAskedType(
        question,
        said('A translation service that costs over $x,000 per month needs a budget.'),
        idf,
        5,
      ),
    ).toBe(false);
    expect(answersAskedType(question, said('The translation service costs $400 per month.'), idf, 5)).toBe(true);
    expect(answersAskedType(question, said('The translation service costs 350 euros a month.'), idf, 5)).toBe(true);
    const model = 'how much does GPT-4.1 cost per 1000 tokens';
    expect(answersAskedType(model, said('Try GPT-4.1 mini on 1000 similar requests per day.'), idf, 5)).toBe(false);
    expect(figureAbout(model, idf, 5)).toMatch(/^GPT-4\.1 cost/);
  });

  it('wants the figure about what "how much" measures, not about another word of the question', () => {
    const question = 'How much usage history should we look at before cutting back resources behind a customer app?';
    const idf = (t: string): number | undefined =>
      ({ usag: 2, custom: 4, app: 4, resourc: 3, cut: 3, behind: 4 })[t] ?? (t === 'histori' ? undefined : 1);
    const said = (text: string) => [{ text, hit: 0, position: 0, lead: true }];
    expect(answersAskedType(question, said('Customer apps must be red-teamed monthly.'), idf, 5)).toBe(false);
    expect(answersAskedType(question, said('Base it on at least 90 days of usage trends.'), idf, 5)).toBe(true);
    expect(figureAbout(question, idf, 5)).toBe('usage history');
    expect(figureAbout('How many engineers are on each adoption squad?', () => 2, 5)).toBe('engineers');
  });

  it('wants the figure in the unit of time the question names', () => {
    const question = 'What recovery point objective, in minutes, must critical databases meet?';
    const hours = [
      { text: 'Critical databases must meet a recovery point objective of 4 hours.', hit: 0, position: 0 },
    ];
    const minutes = [
      { text: 'Critical databases must meet a recovery point objective of 15 minutes.', hit: 0, position: 0 },
    ];
    expect(answersAskedType(question, hours, () => 2, 5)).toBe(false);
    expect(answersAskedType(question, minutes, () => 2, 5)).toBe(true);
  });

  it('names what a missing figure is about with the short noun phrase of the question, not a clause', () => {
    const idf = (t: string): number | undefined => ({ eu: 4, ai: 1, act: 3, fine: 4, train: 3, employe: 2 })[t] ?? 1;
    expect(figureAbout('What are the EU AI Act fines?', idf, 5)).toBe('EU AI Act fines');
    expect(figureAbout('How many hours of training must each employee complete?', idf, 5)).toBeUndefined();
  });

  it('judges whether the best passage is about the question by the words a passage could contain', () => {
    const hits = [hit('Alerts', 'Alerts list the details of the policy violated.', 8)];
    const question = 'When an alert fires for a broken governance rule, what details should it give the recipient?';
    const evidence = assessEvidence(question, hits, idfWithout('fire', 'recipi'), 5);
    expect(evidence.unknownTerms).toEqual(['fire', 'recipi']);
    // Below the minimum coverage of 0.25 when the two unknown words count against the passage ...
    expect(evidence.coverage).toBeLessThan(0.25);
    // ... but the passage matches a third of the words it could match, so it is about the question.
    expect(evidence.covered).toBe(true);
    const elsewhere = [hit('Alerts', 'Alerts are sent by email.', 8)];
    expect(assessEvidence(question, elsewhere, idfWithout('fire', 'recipi'), 5).covered).toBe(false);
  });
});

describe('answerability over the CoE playbooks', () => {
  const playbooks = usePlaybookService();

  it('declines a request to translate a playbook without offering Ask the CoE', async () => {
    const { answer } = await playbooks().explain('Please translate the risk register into dolphin.', {
      recordGaps: false,
    });
    expect(answer).toMatchObject({ grounded: false, refusal: 'off-topic', citations: [] });
    expect(answer.text).not.toMatch(/ask the CoE experts/i);
  });

  it('declines to write a prompt but names the playbook section that covers prompts', async () => {
    const { answer } = await playbooks().explain('write me a prompt to summarise meeting notes', { recordGaps: false });
    expect(answer).toMatchObject({ grounded: false, refusal: 'off-topic', citations: [] });
    expect(answer.text).toMatch(/can't translate, write or draw/);
    expect(answer.text).toMatch(/closest guidance is in Prompt engineering/i);
  });

  it('names the words of an uncovered question that no playbook uses, so the person can rephrase', async () => {
    const { answer } = await playbooks().explain('How do I stop the flange from wibbling?', { recordGaps: false });
    expect(answer).toMatchObject({ grounded: false, refusal: 'not-covered' });
    expect(answer.text).toMatch(/never use the words "flange" or "wibbling"/);
  });

  it('refuses a question whose asked-for kind of thing no playbook names, saying which word', async () => {
    const { answer } = await playbooks().explain('What colour is the sound of the approved models list?', {
      recordGaps: false,
    });
    expect(answer).toMatchObject({ grounded: false, refusal: 'not-covered' });
    expect(answer.text).toMatch(/does not mention "colour"/);
  });
});
