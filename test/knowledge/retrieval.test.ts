import { americanSpelling, stemWord } from '../../src/knowledge/retrieval/english-stemmer';
import { tokenize } from '../../src/knowledge/retrieval/tokenize';
import {
  analyzeQuery,
  framingTermsOf,
  questionTokens,
  SYNONYM_WEIGHT,
} from '../../src/knowledge/retrieval/query-terms';
import { LexicalRetriever } from '../../src/knowledge/retrieval/lexical-retriever';
import type { Passage } from '../../src/knowledge/document-model';

let nextId = 1;
const passage = (source: string, title: string, section: string, text: string, audience?: string): Passage => ({
  id: nextId++,
  source,
  title,
  section,
  text,
  kind: 'markdown',
  ordinal: 0,
  ...(audience ? { audience } : {}),
});

describe('English stemming and tokenising', () => {
  it('maps inflections of a word to one stem', () => {
    expect(new Set(['policy', 'policies'].map(stemWord)).size).toBe(1);
    expect(new Set(['review', 'reviews', 'reviewed', 'reviewing'].map(stemWord)).size).toBe(1);
    expect(new Set(['approve', 'approved', 'approval', 'approving'].map(stemWord)).size).toBeLessThanOrEqual(2);
    expect(stemWord('connection')).toBe(stemWord('connections'));
    expect(stemWord('status')).toBe('status');
  });

  it('drops stop words, keeps amounts as plain numbers and splits hyphenated words', () => {
    const terms = tokenize('The deductible is $2,000 per year for co-payments, 20% after that.').map((t) => t.term);
    expect(terms).toEqual(
      expect.arrayContaining([
        '2000',
        '20',
        stemWord('deductible'),
        'co',
        stemWord('payments'),
        stemWord('copayments'),
      ]),
    );
    expect(terms).not.toContain('the');
    expect(terms).not.toContain('is');
  });

  it('stems short words like their inflections, so "use" meets "used" and "day" meets "days"', () => {
    expect(stemWord('use')).toBe(stemWord('used'));
    expect(stemWord('use')).toBe(stemWord('using'));
    expect(stemWord('day')).toBe(stemWord('days'));
    expect(stemWord('gas')).toBe('gas');
  });

  it('gives British -ise/-isation/-yse spellings the stem of their American forms, leaving short words alone', () => {
    expect(stemWord('organisation')).toBe(stemWord('organization'));
    expect(stemWord('prioritised')).toBe(stemWord('prioritized'));
    expect(stemWord('categorising')).toBe(stemWord('categorizing'));
    expect(stemWord('analyse')).toBe(stemWord('analyze'));
    expect(americanSpelling('raise')).toBe('raise');
    expect(americanSpelling('enterprise')).toBe('enterprize');
    expect(stemWord('advise')).toBe(stemWord('advised'));
    expect(tokenize('Our organisation').map((t) => t.term)).toEqual(tokenize('our organization').map((t) => t.term));
  });

  it('reads the plural of an abbreviation as the abbreviation, leaving capitalised words alone', () => {
    const terms = (text: string): string[] => tokenize(text).map((t) => t.term);
    expect(terms('policy IDs')).toEqual(terms('policy ID'));
    expect(terms('two VMs')).toEqual(terms('two VM'));
    expect(terms('ASKS Teams')).toEqual([stemWord('asks'), stemWord('teams')]);
  });

  it('drops contractions, reads "20k" as a number and joins hyphenated words', () => {
    const terms = (text: string): string[] => tokenize(text).map((t) => t.term);
    expect(terms("I'm sure they're fine")).toEqual([stemWord('sure'), stemWord('fine')]);
    expect(terms("the bot didn't know")).toEqual(['bot', 'not', stemWord('know')]);
    expect(terms('a 20k pilot')).toEqual(['20000', 'pilot']);
    expect(terms('post-mortem')).toEqual(expect.arrayContaining([stemWord('postmortem')]));
    expect(terms('postmortem')).toEqual([stemWord('postmortem')]);
  });

  it('groups a question word with its synonyms into one concept; multi-word synonyms stay phrases', () => {
    const q = analyzeQuery('which llms are allowed?');
    const llm = q.concepts.find((c) => c.term === 'llm');
    expect(llm?.synonyms).toEqual(expect.arrayContaining([stemWord('model')]));
    expect(llm?.synonyms).not.toContain(stemWord('language'));
    expect(llm?.phrases).toEqual(expect.arrayContaining([[stemWord('language'), stemWord('model')]]));
    expect(q.terms.has(stemWord('language'))).toBe(false);
  });

  it('does not treat "approved" as a synonym of "review"', () => {
    expect(analyzeQuery('which models are approved?').terms.has(stemWord('review'))).toBe(false);
  });

  it('weights question framing words down and adds synonyms at a lower weight', () => {
    const q = analyzeQuery('What are the key considerations for which LLMs are allowed?');
    expect(q.terms.get(stemWord('key'))).toBeLessThan(1);
    expect(q.terms.get('llm')).toBe(1);
    expect(q.terms.get(stemWord('approved'))).toBe(SYNONYM_WEIGHT);
    expect(SYNONYM_WEIGHT).toBeLessThan(1);
  });

  it('weights the framing of a request ("in a sentence", "supposed to", "roughly") down', () => {
    const q = analyzeQuery('In a sentence, what is the review board supposed to do, roughly?');
    for (const w of ['sentence', 'supposed', 'roughly']) expect(q.terms.get(stemWord(w))).toBeLessThan(1);
    expect(q.terms.get(stemWord('board'))).toBe(1);
  });

  it('indexes "list" as a word, but leaves it out when it opens the question as a request', () => {
    expect(tokenize('Keep a list of approved services.').map((t) => t.term)).toContain('list');
    expect(analyzeQuery('How often do we review our list of risks?').terms.get('list')).toBe(1);
    expect(questionTokens('List the approved models').map((t) => t.term)).toEqual([stemWord('approved'), 'model']);
    expect(analyzeQuery('Please list the approved models').terms.has('list')).toBe(false);
    expect(analyzeQuery('list').terms.get('list')).toBe(1);
  });

  it('judges framing by the word as written: inflections of a framing word frame, derived words do not', () => {
    expect(stemWord('generative')).toBe(stemWord('general'));
    expect(analyzeQuery('Which generative models are approved?').terms.get(stemWord('generative'))).toBe(1);
    expect(analyzeQuery('In general, which models are approved?').terms.get(stemWord('general'))).toBeLessThan(1);
    expect(analyzeQuery('How likely is a breach?').terms.get(stemWord('likely'))).toBe(1);
    expect(analyzeQuery('What is considered a breach?').terms.get(stemWord('considered'))).toBeLessThan(1);
    expect([...framingTermsOf('Steps taken, handling and stepped')]).toEqual(
      expect.arrayContaining([stemWord('steps'), stemWord('taken'), stemWord('handling')]),
    );
  });

  it('treats the words of an adverbial idiom ("over time") as framing, and the same word elsewhere as topic', () => {
    expect(analyzeQuery('How should policies be reviewed over time?').terms.get(stemWord('time'))).toBeLessThan(1);
    expect(analyzeQuery('What is the recovery time objective?').terms.get(stemWord('time'))).toBe(1);
    expect(analyzeQuery('How do we do this in practice?').terms.get(stemWord('practice'))).toBeLessThan(1);
    expect(analyzeQuery('Which practice owns the review?').terms.get(stemWord('practice'))).toBe(1);
    expect(analyzeQuery('How long does a review take?').terms.get(stemWord('long'))).toBeLessThan(1);
    expect(analyzeQuery('Is the review long?').terms.get(stemWord('long'))).toBe(1);
  });

  it('treats light verbs and the particle of a phrasal verb ("go back over", "go ahead") as framing', () => {
    const q = analyzeQuery('How often should we go back over our list of cloud risks?').terms;
    expect(q.get(stemWord('back'))).toBeLessThan(1);
    expect(q.get(stemWord('go'))).toBeLessThan(1);
    expect(q.get(stemWord('risks'))).toBe(1);
    expect(analyzeQuery('does it still go ahead?').terms.get(stemWord('ahead'))).toBeLessThan(1);
    expect(analyzeQuery('where is the backup stored, front or back?').terms.get(stemWord('back'))).toBe(1);
  });

  it('reads a synonym expression with its verb inflected ("cutting back") and its particle as framing', () => {
    const q = analyzeQuery('How much usage history should we look at before cutting back resources?');
    expect(q.terms.get(stemWord('reduce'))).toBeGreaterThan(0);
    expect(q.terms.get(stemWord('back'))).toBeLessThan(1);
    expect(analyzeQuery('when are we going live?').terms.get(stemWord('launch'))).toBeGreaterThan(0);
    expect(analyzeQuery('who is scaling down the cluster?').terms.get(stemWord('downsize'))).toBeGreaterThan(0);
    expect(analyzeQuery('what did the cutter cut?').terms.get(stemWord('reduce'))).toBeUndefined();
  });

  it('adds a multi-word synonym only as a phrase, never as the one word left once its stop words are gone', () => {
    const away = analyzeQuery('what if an approver is absent?').terms;
    expect(away.get(stemWord('unavailable'))).toBeGreaterThan(0);
    // "out of office" is not "office", and "time off" is not "time".
    expect(away.get(stemWord('office'))).toBeUndefined();
    expect(analyzeQuery('how much vacation do I get?').terms.get(stemWord('time'))).toBeUndefined();
  });

  it('leaves out "list" that makes a search-box query a request, at its start or its end, but not in a question', () => {
    expect(questionTokens('approved models list').map((t) => t.term)).not.toContain(stemWord('list'));
    expect(questionTokens('list the approved models').map((t) => t.term)).not.toContain(stemWord('list'));
    expect(questionTokens('what is on the approved list?').map((t) => t.term)).toContain(stemWord('list'));
  });

  it('treats "may" asking permission as framing, and the month as topic', () => {
    expect(analyzeQuery('may I use AI output to rank job applicants?').terms.get(stemWord('may'))).toBeLessThan(1);
    expect(analyzeQuery('which reviews are due in May?').terms.get(stemWord('may'))).toBe(1);
  });
});

describe('BM25F retrieval', () => {
  const passages = [
    passage(
      'retention.md',
      'Data retention',
      'Chat logs',
      'Chat transcripts are deleted after 30 days unless legal hold applies.',
    ),
    passage('retention.md', 'Data retention', 'Backups', 'Backups are kept for one year in a separate region.'),
    passage(
      'models.md',
      'Approved models',
      'Default model',
      'GPT-4.1 is the default model for general tasks such as drafting and summarising.',
    ),
    passage(
      'salaries.md',
      'Salary bands',
      'Engineering',
      'Engineering salary bands are reviewed every April.',
      'hr-team',
    ),
    passage('faq.md', 'FAQ', 'Misc', 'Logs of many kinds exist. Logs, logs and more logs are mentioned here.'),
  ];
  const retriever = new LexicalRetriever(passages);

  it('ranks the passage whose title, section and text match the question first', async () => {
    const hits = await retriever.search('How long are chat logs kept?');
    expect(hits[0].passage.section).toBe('Chat logs');
  });

  it('finds a passage through a synonym of the question word', async () => {
    const hits = await retriever.search('which LLM is the default?');
    expect(hits[0].passage.source).toBe('models.md');
  });

  it('returns a passage of a restricted document only to members of its audience group', async () => {
    const outsider = await retriever.search('engineering salary bands', { userGroups: ['finance'] });
    expect(outsider.map((h) => h.passage.source)).not.toContain('salaries.md');
    const member = await retriever.search('engineering salary bands', { userGroups: ['hr-team'] });
    expect(member[0].passage.source).toBe('salaries.md');
  });

  it('returns nothing for a question without indexable words', async () => {
    expect(await retriever.search('what is the?')).toEqual([]);
  });

  it('credits a passage once per question word, however many synonyms of it the passage uses', async () => {
    const r = new LexicalRetriever([
      passage('a.md', 'Notes', 'Terms', 'LLM, GPT and model mean about the same here: a model, an LLM, a GPT.'),
      passage('b.md', 'Notes', 'Limits', 'Each approved model has a monthly token limit set by the CoE.'),
    ]);
    const hits = await r.search('which model has a token limit?');
    expect(hits[0].passage.source).toBe('b.md');
  });

  it('ranks the document whose title names the question above passages that mention it in passing', async () => {
    const r = new LexicalRetriever([
      passage(
        'training.md',
        'Training courses',
        'Foundations',
        'The foundations course covers the approved models and tools, data rules and prompt basics for everyone.',
      ),
      passage(
        'models.md',
        'Approved models',
        'The list',
        'GPT-4.1 is the default; GPT-4.1 mini handles high-volume work; o4-mini does multi-step reasoning tasks.',
      ),
      passage(
        'faq.md',
        'FAQ',
        'Tools',
        'Staff may use approved tools for their own work once they have done the foundations course.',
      ),
    ]);
    const hits = await r.search('Which models are approved?');
    expect(hits[0].passage.source).toBe('models.md');
  });

  it('ranks an FAQ entry whose own question is the one asked above passages of a document titled after it', async () => {
    const training = (section: string, text: string): Passage =>
      passage('training.md', 'Training, office hours and champions', section, text);
    const r = new LexicalRetriever([
      training(
        'Office hours',
        'The CoE runs office hours every week in Teams for questions about tools and use cases.',
      ),
      training('Champions', 'Each business unit names a champion who helps colleagues and joins the monthly call.'),
      training('Courses', 'Foundations is mandatory; the practitioner course and the builder track are optional.'),
      training('Enrolment', 'Enrol through the learning portal; your manager approves the builder track first.'),
      passage('faq.md', 'FAQ', 'Getting help > When are office hours?', 'Every Thursday, 14:00-15:00.'),
      passage('faq.md', 'FAQ', 'Getting help > Why are office hours useful?', 'Quick advice without a review.'),
    ]);
    const sections = (await r.search('when are the office hours?')).map((h) => h.passage.section);
    expect(sections.indexOf('Getting help > When are office hours?')).toBeGreaterThanOrEqual(0);
    expect(sections.indexOf('Getting help > When are office hours?')).toBeLessThan(2);
    // An entry that asks why does not answer a question that asks when: it gets no FAQ credit.
    const why = sections.indexOf('Getting help > Why are office hours useful?');
    expect(why === -1 || why > sections.indexOf('Getting help > When are office hours?')).toBe(true);
  });

  it('respects k and orders by score', async () => {
    const hits = await retriever.search('logs kept days backups', { k: 2 });
    expect(hits).toHaveLength(2);
    expect(hits[0].score).toBeGreaterThanOrEqual(hits[1].score);
  });
});

describe('typing slips in questions', () => {
  const retriever = new LexicalRetriever([
    passage(
      'tools.md',
      'Tools',
      'Consumer tools',
      'ChatGPT and other consumer chatbots are never allowed for customer data.',
    ),
    passage(
      'board.md',
      'Board',
      'Committee',
      'The ethics committee approves pilots. Submit each one through the assistant.',
    ),
  ]);

  it('corrects a swapped or doubled letter in a word no passage uses into the word the passages use', () => {
    expect(retriever.correctSpelling('can I paste customer data into chatgtp?').text).toBe(
      'can I paste customer data into chatgpt?',
    );
    expect(retriever.correctSpelling('who is on the ethics comittee').text).toBe('who is on the ethics committee');
    expect(retriever.correctSpelling('how do I sumbit it').text).toBe('how do I submit it');
    expect(retriever.correctSpelling('Chatgtp or sumbit?').corrected).toEqual([
      { typed: 'Chatgtp', read: 'chatgpt' },
      { typed: 'sumbit', read: 'submit' },
    ]);
  });

  it('leaves words the passages use, words the synonym groups know, and other one-letter changes alone', () => {
    expect(retriever.correctSpelling('Pilots approves').text).toBe('Pilots approves');
    expect(retriever.correctSpelling('is copilot allowed').text).toBe('is copilot allowed');
    // "pivot" is one letter from "pilot", but a real word, not a slip.
    expect(retriever.correctSpelling('make a pivot table').text).toBe('make a pivot table');
  });
});
