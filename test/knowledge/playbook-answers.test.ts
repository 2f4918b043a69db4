import { usePlaybookService } from './support/playbook-service';

/** Answers over the real playbooks/ folder, the way people ask in chat. */
describe('answers over the CoE playbooks', () => {
  const playbooks = usePlaybookService();

  it('answers "Which models are approved?" from the approved-models playbook or the FAQ entry that asks it, naming the models', async () => {
    const { answer, hits } = await playbooks().explain('Which models are approved?', { recordGaps: false });
    const top = hits[0].passage;
    expect(top.source === 'approved-models.md' || top.section.endsWith('Which models are approved?')).toBe(true);
    expect(answer.grounded).toBe(true);
    expect(['approved-models.md', 'faq.md']).toContain(answer.citations[0].source);
    expect(answer.text).toContain('GPT-4.1');
    expect(answer.text).not.toMatch(/AI Foundations/);
  });

  it('answers "can I paste customer emails into ChatGPT" with a clear no first, citing the data-classification playbook', async () => {
    const { answer } = await playbooks().explain('can I paste customer emails into ChatGPT to help me write replies?', {
      recordGaps: false,
    });
    expect(answer.grounded).toBe(true);
    expect(answer.text).toMatch(/^\*\*No\.\*\* /);
    expect(answer.text).toMatch(/never allowed for Internal data or above/);
    expect(answer.citations.map((c) => c.source)).toContain('data-classification-and-privacy.md');
  });

  it('answers the ChatGPT question the same when it opens with a greeting, asks whether ChatGPT is allowed or misspells it', async () => {
    const { answer } = await playbooks().explain(
      'hi! quick question - can i paste customer emails into chatgpt to help me write replies?',
      { recordGaps: false },
    );
    expect(answer.text).toMatch(/^\*\*No\.\*\* /);
    expect(answer.text).toMatch(/never allowed for Internal data or above/);
    const named = await playbooks().explain('is chatgpt allowed for customer emails', { recordGaps: false });
    expect(named.answer.text).toMatch(/^\*\*No\.\*\* /);
    const typo = await playbooks().explain('can i put customer emails in chatgtp', { recordGaps: false });
    expect(typo.answer.text).toMatch(/^\*\*No\.\*\* /);
    expect(typo.answer.note).toBe('Read "chatgtp" as "chatgpt".');
    expect(named.answer.note).toBeUndefined();
    const shorthand = await playbooks().explain('need info on approved models pls', { recordGaps: false });
    expect(shorthand.answer.grounded).toBe(true);
    expect(shorthand.answer.text).toContain('GPT-4.1');
  });

  it('answers "how long is the prompt engineering course" with its length, without the FAQ entry\'s bare "Yes."', async () => {
    const { answer } = await playbooks().explain('how long is the prompt engineering course', { recordGaps: false });
    expect(answer.grounded).toBe(true);
    expect(answer.text).toContain('half day');
    expect(answer.text).not.toMatch(/^Yes\b/);
  });

  it('leads a "how often" answer with the frequency, not with another figure of the same section', async () => {
    const { answer } = await playbooks().explain('how often are AI costs reviewed?', { recordGaps: false });
    expect(answer.text.split('\n')[0]).toMatch(/^Costs are reviewed monthly/);
  });

  it('answers whether using the approved assistant needs a submission from the intake rule, not from the free-chatbot FAQ entry', async () => {
    const { answer } = await playbooks().explain(
      'do i need to file anything just to use the approved assistant to reword my own emails?',
      { recordGaps: false },
    );
    expect(answer.text).toMatch(/^You do not need to submit a use case/);
    expect(answer.citations[0].source).toBe('use-case-intake.md');
  });

  it('does not answer "no" from the free-chatbot rule when the question is about the approved tools', async () => {
    for (const q of [
      'can I use the approved assistant with personal data?',
      'am I allowed to use AI to draft emails to customers?',
    ]) {
      const { answer } = await playbooks().explain(q, { recordGaps: false });
      expect(answer.grounded).toBe(true);
      expect(answer.text).not.toMatch(/^\*\*No\.\*\*/);
    }
  });

  it('answers a yes/no question about one item of a list with the list, not with a checklist of questions', async () => {
    const { answer } = await playbooks().explain('can vendors train their models on our prompts?', {
      recordGaps: false,
    });
    expect(answer.text).toMatch(/No use of our prompts, files, outputs or usage data to train/);
    expect(answer.text).not.toMatch(/\?\n|\?$/);
  });

  it('does not read "may I" as a topic word: the answer does not lead with a sentence that only says "may"', async () => {
    const { answer } = await playbooks().explain('may I use AI output to rank job applicants?', { recordGaps: false });
    expect(answer.text).not.toMatch(/^The tier decides whether the use case may proceed/);
    expect(answer.text).toMatch(/Screening job applicants' CVs and ranking them\*\* — Tier: High/);
  });

  it('answers from the FAQ entry that asks the same question, not from a table that shares its words', async () => {
    const { answer } = await playbooks().explain('which llms are we allowed to use', { recordGaps: false });
    for (const model of ['GPT-4.1', 'GPT-4.1 mini', 'o4-mini', 'text-embedding-3-large'])
      expect(answer.text).toContain(model);
    expect(answer.citations[0].source).toBe('faq.md');
    const help = await playbooks().explain("the bot didn't know the answer, now what?", { recordGaps: false });
    expect(help.answer.text).toMatch(/^Choose "Ask the CoE"/);
  });

  it('does not list the sibling FAQ entries of the entry that answers a set question', async () => {
    const { answer } = await playbooks().explain('which models are approved?', { recordGaps: false });
    expect(answer.text).not.toMatch(/Can I use an open-source model/);
    expect(answer.text).not.toMatch(/^Models and platforms:/);
  });

  it('reads the verdict from the list item that answers, not from its sibling items', async () => {
    const { answer } = await playbooks().explain(
      'am I allowed to use a free chatbot for text from our public website?',
      {
        recordGaps: false,
      },
    );
    expect(answer.text).not.toMatch(/^\*\*No\.\*\*/);
    expect(answer.text).toMatch(/public website text to draft a new FAQ: Public data, allowed/);
  });

  it('sets a verdict above a list as a paragraph of its own', async () => {
    const { answer } = await playbooks().explain(
      'could we split a 45k pilot into two smaller ones to get it approved faster?',
      { recordGaps: false },
    );
    expect(answer.text).toMatch(/^\*\*No\.\*\*(\n\n- | [^-])/);
    expect(answer.text).toMatch(/Do not split one pilot into several smaller ones/);
  });

  it('does not quote a bare "Yes." from an FAQ entry quoted only in support', async () => {
    for (const q of [
      'can I start using approved AI tools before doing any training?',
      'can I use emotion recognition on employees in the workplace?',
    ]) {
      const { answer } = await playbooks().explain(q, { recordGaps: false });
      expect(answer.text).not.toMatch(/(^|\s)Yes\./);
    }
  });

  it('keeps an FAQ entry\'s "Yes." for a yes/no question', async () => {
    const { answer } = await playbooks().explain('is there mandatory ai training?', { recordGaps: false });
    expect(answer.text).toMatch(/^(\*\*)?Yes\./);
  });

  it('lists all four approved models when asked which models are approved', async () => {
    const { answer } = await playbooks().explain('which models are approved?', { recordGaps: false });
    for (const model of ['GPT-4.1', 'GPT-4.1 mini', 'o4-mini', 'text-embedding-3-large'])
      expect(answer.text).toContain(model);
  });

  it('answers a message with a question and context sentences from pilot funding, leading with the budget rule', async () => {
    const { answer } = await playbooks().explain(
      'how do I get money for a pilot? my team wants to try copilot for contract summaries',
      { recordGaps: false },
    );
    expect(answer.grounded).toBe(true);
    expect(answer.citations.map((c) => c.source)).toContain('pilot-funding.md');
    expect(answer.text.split('\n')[0]).toMatch(/^Pilots up to USD 25,000/);
  });

  it("says who handles a question about another team's service, without offering Ask the CoE", async () => {
    const { answer } = await playbooks().explain('how many vacation days do I get per year?', { recordGaps: false });
    expect(answer).toMatchObject({ grounded: false, refusal: 'out-of-remit' });
    expect(answer.text).toMatch(/Please ask HR\./);
    const holiday = await playbooks().explain('how many holiday days do I get?', { recordGaps: false });
    expect(holiday.answer.refusal).toBe('out-of-remit');
  });

  it('does not send a question about someone being away ("on holiday") to HR', async () => {
    const { answer } = await playbooks().explain('my approver is on vacation, what happens to my review?', {
      recordGaps: false,
    });
    expect(answer.refusal).not.toBe('out-of-remit');
    expect(answer.text).toMatch(/backup approver/);
  });

  it('sends a question about a service the playbooks only mention in passing to its owner', async () => {
    const { answer } = await playbooks().explain("my laptop won't turn on, who can help?", { recordGaps: false });
    expect(answer).toMatchObject({ grounded: false, refusal: 'out-of-remit' });
    expect(answer.text).toMatch(/Please ask the IT service desk\./);
    const model = await playbooks().explain('can I run a model on my laptop?', { recordGaps: false });
    expect(model.answer.grounded).toBe(true);
    expect(model.answer.citations.map((c) => c.source)).toContain('approved-models.md');
    const review = await playbooks().explain('How should policies be reviewed over time?', { recordGaps: false });
    expect(review.answer.refusal).not.toBe('out-of-remit');
  });

  it('does not follow an FAQ entry\'s "See ..." to the referenced playbook\'s description of itself', async () => {
    const { answer } = await playbooks().explain('how long does a review usually take?', { recordGaps: false });
    expect(answer.text).toMatch(/up to 7 business days/);
    expect(answer.text).not.toMatch(/This playbook explains/);
  });

  it('answers a comparison with something about each of the two things compared', async () => {
    const tiers = await playbooks().explain("what's the difference between limited and high tier?", {
      recordGaps: false,
    });
    expect(tiers.answer.citations.map((c) => c.section)).toEqual(expect.arrayContaining(['High tier', 'Limited tier']));
    const modes = await playbooks().explain('difference between advisory and human in the loop?', {
      recordGaps: false,
    });
    expect(modes.answer.text).toMatch(/A person must check and approve each output before it takes effect\./);
  });

  it('does not take the number in a row name ("Severity 2") for a figure the question asks about', async () => {
    const wrong = await playbooks().explain('what should I do if the bot gives a wrong answer', { recordGaps: false });
    expect(wrong.answer.text).toMatch(
      /^If an answer from CoE Assistant is wrong or unhelpful, use the feedback buttons/,
    );
    const sev = await playbooks().explain('what counts as a sev 3', { recordGaps: false });
    expect(sev.answer.text).toMatch(/^\*\*Severity 3\*\* — Definition: Minor quality issue/);
  });

  it('names the words no playbook mentions when it cannot answer', async () => {
    const { answer } = await playbooks().explain('Which SIEM product does Fabrikam use?', { recordGaps: false });
    expect(answer).toMatchObject({ grounded: false, refusal: 'not-covered' });
    expect(answer.text).toMatch(/does not mention .*"SIEM"/);
  });

  it('says plainly that the playbooks do not give the EU AI Act fines, and quotes the closest thing they say', async () => {
    const { answer } = await playbooks().explain('What are the EU AI Act fines?', { recordGaps: false });
    expect(answer).toMatchObject({ grounded: false, refusal: 'not-covered' });
    expect(answer.text).toMatch(/^The CoE knowledge base does not give a figure for "EU AI Act fines"/);
    expect(answer.text).toMatch(/The closest it says is: ".*EU AI Act.*"/);
  });

  it('finds the approved models when the question says "LLMs" and "allowed"', async () => {
    const hits = await playbooks().search('which llms are we allowed to use');
    expect(hits.slice(0, 2).map((h) => h.passage.section)).toEqual(
      expect.arrayContaining(['Models and platforms > Which models are approved?']),
    );
    expect(hits.map((h) => h.passage.source)).toContain('approved-models.md');
  });

  it('refuses a question about a plan the knowledge base never names', async () => {
    const { answer, evidence } = await playbooks().explain(
      'What are the key benefits of the Northwind Platinum plan?',
      {
        recordGaps: false,
      },
    );
    expect(answer.grounded).toBe(false);
    expect(evidence.unknownNames).toEqual(expect.arrayContaining(['Platinum']));
  });

  it('refuses off-topic office questions and keeps answering chatty on-topic ones', async () => {
    expect(
      (await playbooks().ask("What's on the cafeteria lunch menu this Friday?", { recordGaps: false })).grounded,
    ).toBe(false);
    expect((await playbooks().ask('asdfgh qwerty zxcv', { recordGaps: false })).grounded).toBe(false);
    for (const q of [
      "I'm an approver - how do I see my queue?",
      'is there a course for devs',
      'what counts as a sev 3',
      'our pilot needs 5 months, is that ok',
    ]) {
      expect({ q, grounded: (await playbooks().ask(q, { recordGaps: false })).grounded }).toEqual({
        q,
        grounded: true,
      });
    }
  });

  it('quotes the figure when the question asks for an amount', async () => {
    const answer = await playbooks().ask('how much can a pilot cost before the executive sponsor has to sign off?', {
      recordGaps: false,
    });
    expect(answer.grounded).toBe(true);
    expect(answer.text).toMatch(/25,000/);
  });

  it('names the four data classification levels, each with its definition and citation', async () => {
    const { answer } = await playbooks().explain('what are the four data classification levels?', {
      recordGaps: false,
    });
    for (const level of ['Public', 'Internal', 'Confidential', 'Highly confidential'])
      expect(answer.text).toContain(`**${level}**: `);
    expect(answer.citations).toHaveLength(4);
    expect(new Set(answer.citations.map((c) => c.source))).toEqual(new Set(['data-classification-and-privacy.md']));
  });
});
