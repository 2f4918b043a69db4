import * as fs from 'node:fs';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { silentLogger } from '../../src/observability/logger';
import { KnowledgeService } from '../../src/knowledge/knowledge-service';
import { knowledgeGaps } from '../../src/knowledge/feedback/knowledge-gaps';
import { tempFolder, writeFiles } from './fixture-files';
import { SAMPLE_PLAYBOOKS } from './sample-playbooks';
import type { RetrievalHit } from '../../src/knowledge/retrieval/retriever';
import { assessEvidence, unknownNames } from '../../src/knowledge/answer/evidence';
import { answersAskedType } from '../../src/knowledge/answer/answerability';
import { ASKS_FOR_AMOUNT, extractSentences } from '../../src/knowledge/answer/extractive-answer';
import { composeExtractiveAnswer } from '../../src/knowledge/answer/compose-answer';
import { splitSentences } from '../../src/knowledge/ingest/sentences';

/** The extractive answer's text for a question over `hits`, every word known (IDF 2, highest 5). */
function quotedAnswer(question: string, hits: RetrievalHit[]): string {
  return composeExtractiveAnswer(
    extractSentences(question, hits, () => 2, 5),
    hits,
    {},
  ).text;
}

describe('extractive answers, refusals and audience', () => {
  let db: Database;
  let dir: string;
  let service: KnowledgeService;

  beforeAll(async () => {
    dir = tempFolder();
    writeFiles(dir, SAMPLE_PLAYBOOKS);
    db = await openDatabase({ dataDir: 'memory://' });
    service = await KnowledgeService.create({ db, logger: silentLogger, publicBaseUrl: 'https://coe.example.com' });
    await service.indexDirectory(dir);
  });

  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers with the sentence that carries the fact, a citation marker and the cited passage', async () => {
    const answer = await service.ask('How much can a pilot spend without executive approval?');
    expect(answer.grounded).toBe(true);
    expect(answer.generatedByModel).toBe(false);
    expect(answer.text).toContain('USD 25,000');
    expect(answer.text).toMatch(/\[1\]/);
    expect(answer.citations[0]).toMatchObject({
      index: 1,
      title: 'Pilot funding',
      source: 'pilot-funding.md',
      section: 'Budget limits',
      url: 'https://coe.example.com/playbooks/pilot-funding.md#budget-limits',
    });
    expect(answer.citations[0].snippet).toContain('25,000');
  });

  it('numbers every cited passage and refers only to listed citations', async () => {
    const answer = await service.ask(
      'How long may a pilot run, and what severity 1 incidents must be reported within an hour?',
    );
    const markers = [...answer.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(markers.length).toBeGreaterThan(0);
    expect(new Set(markers)).toEqual(new Set(answer.citations.map((c) => c.index)));
    expect(answer.citations.map((c) => c.index)).toEqual(answer.citations.map((_, i) => i + 1));
  });

  it('says the knowledge base does not cover an off-topic question, and records it as a gap', async () => {
    const answer = await service.ask('What is the capital of France?', { userId: 'user-1' });
    expect(answer.grounded).toBe(false);
    expect(answer.citations).toEqual([]);
    expect(answer.text).toMatch(/couldn't find this/i);
    const gaps = await knowledgeGaps(db, 10);
    expect(gaps.map((g) => g.question)).toContain('What is the capital of France?');
  });

  it('keeps a restricted document away from people outside its audience', async () => {
    const question = 'Who reviews salary recommendations produced by AI?';
    const outsider = await service.ask(question, { userGroups: ['engineering'] });
    expect(outsider.citations.map((c) => c.source)).not.toContain('compensation-ai.md');
    expect(outsider.text).not.toContain('two HR partners');
    const member = await service.ask(question, { userGroups: ['hr-partners'] });
    expect(member.grounded).toBe(true);
    expect(member.text).toContain('two HR partners');
    expect(member.citations[0].source).toBe('compensation-ai.md');
  });
});

describe('evidence and sentence selection', () => {
  const hit = (source: string, section: string, text: string, score: number): RetrievalHit => ({
    passage: { id: score, source, title: source, section, text, kind: 'markdown', ordinal: 0 },
    score,
  });
  const idf = (t: string): number | undefined => (['zebra', 'platinum', 'recital'].includes(t) ? undefined : 2);

  it('names capitalised words the knowledge base never uses, but not sentence starts, abbreviations or numbered labels', () => {
    expect(unknownNames('What does the Zebra plan cover?', idf)).toEqual(['Zebra']);
    expect(unknownNames('Zebra plans: what do they cover?', idf)).toEqual([]);
    expect(unknownNames('What is the aim of Recital 12?', idf)).toEqual([]);
    expect(unknownNames('Is the ZEBRA plan covered?', idf)).toEqual([]);
    expect(unknownNames('What does the plan cover?', idf)).toEqual([]);
  });

  it('refuses a question that names an unknown plan, even when its other words match well', () => {
    const hits = [
      hit('plans.md', 'Plans', 'The Standard plan covers visits, drugs and tests. The Plus plan adds dental care.', 10),
    ];
    const maxIdf = 5;
    expect(assessEvidence('What does the Standard plan cover?', hits, idf, maxIdf).covered).toBe(true);
    const evidence = assessEvidence('What does the Platinum plan cover?', hits, idf, maxIdf);
    expect(evidence.unknownNames).toEqual(['Platinum']);
    expect(evidence.covered).toBe(false);
  });

  it('quotes the sentence that finishes a worked example with its figure, in reading order, at most five sentences', () => {
    const hits = [
      hit(
        'benefits.md',
        'Coinsurance',
        'Coinsurance is the share of a covered cost you pay after the deductible. For example, if the allowed amount is $100 and your coinsurance is 20%, you pay $20. The plan pays the remaining $80. Coinsurance does not apply to preventive care.',
        10,
      ),
      hit('other.md', 'Deductible', 'The deductible is $2,000 per year for each member of the plan.', 6),
    ];
    const chosen = extractSentences('How does coinsurance work and how much do I pay?', hits, () => 2, 5);
    const text = chosen.map((c) => c.text).join(' ');
    expect(text).toContain('$100');
    expect(text).toContain('$80');
    expect(chosen.length).toBeLessThanOrEqual(5);
    const order = chosen.map((c) => [c.hit, c.position]);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it('does not take a figure "per month" about something else as the asked-for amount', () => {
    const question = 'How much does the gateway service cost per month?';
    const other = [
      { text: 'Teams that spend over $5,000 per month need a budget review.', hit: 0, position: 0, lead: true },
    ];
    const own = [{ text: 'The gateway service costs $40 a month for each team.', hit: 0, position: 0, lead: true }];
    expect(answersAskedType(question, other, () => 2, 5)).toBe(false);
    expect(answersAskedType(question, own, () => 2, 5)).toBe(true);
    expect(answersAskedType('How much does the gateway service cost monthly?', other, () => 2, 5)).toBe(false);
  });

  it("quotes a list item's short label with the sentence of the item that matched the question", () => {
    const text = [
      'To share policies, follow these recommendations:',
      '- Use a shared policy library. Everyone can open the newest edition of each policy and its templates there.',
      '- Create checklists. Give teams a short summary of each policy.',
    ].join('\n');
    const hits = [hit('policies.md', 'Share policies', text, 10)];
    const chosen = extractSentences('Where can everyone open the newest edition of a policy?', hits, () => 2, 5).map(
      (c) => c.text,
    );
    expect(chosen).toContain('- Use a shared policy library.');
    expect(chosen.indexOf('- Use a shared policy library.')).toBeLessThan(
      chosen.findIndex((t) => t.startsWith('Everyone can open')),
    );
  });

  it('quotes a short list item whole, so its closing instruction is not cut off', () => {
    const text = [
      'Handling secrets:',
      '- Keep keys in a vault and rotate them yearly.',
      '- Never paste keys into a chat tool, including the approved one, when asking for help with code. Remove them first.',
      '- Report an exposed key at once.',
    ].join('\n');
    const hits = [hit('secrets.md', 'Secrets', text, 10)];
    const chosen = extractSentences(
      'can I paste a key into the approved chat tool for help with code?',
      hits,
      () => 2,
      5,
    );
    const texts = chosen.map((c) => c.text);
    expect(texts).toContain('Remove them first.');
    expect(texts.indexOf('Remove them first.')).toBe(texts.findIndex((t) => t.startsWith('- Never paste keys')) + 1);
  });

  it('does not quote a sentence about the document itself as support, though it follows the answer', () => {
    const text =
      'Every request is filed through the service portal. There is no other route: email and phone calls do not count as a request. This guide explains what counts as a request, how the portal works and how to track your request.';
    const hits = [hit('requests.md', '', text, 10)];
    const texts = extractSentences('can I file my request by email?', hits, () => 2, 5).map((c) => c.text);
    expect(texts).toContain('There is no other route: email and phone calls do not count as a request.');
    expect(texts.some((t) => t.startsWith('This guide explains'))).toBe(false);
  });

  it('does not mistake the digits of a model name for a figure', () => {
    expect(ASKS_FOR_AMOUNT.test('Which models are approved?')).toBe(false);
    const hits = [
      hit(
        'models.md',
        'Models',
        'Not sure: GPT-4.1. All approved models run on Azure OpenAI in our own tenant, and prompts stay there.',
        10,
      ),
    ];
    const chosen = extractSentences('Which models are approved?', hits, () => 2, 5);
    expect(chosen[0].text).toMatch(/^All approved models/);
  });

  const at = (source: string, ordinal: number, text: string, score: number): RetrievalHit => ({
    passage: { id: ordinal, source, title: source, section: 'Appeals', text, kind: 'pdf', ordinal },
    score,
  });

  it('keeps a numbered list item together with its enumerator and marks which sentences open a line', () => {
    const spans = splitSentences('Follow these tips:\n1. Read the plan. It matters.\n2. Ask questions.');
    expect(spans.map((s) => s.text)).toEqual([
      'Follow these tips:',
      '1. Read the plan.',
      'It matters.',
      '2. Ask questions.',
    ]);
    expect(spans.map((s) => s.lineStart)).toEqual([true, true, false, true]);
  });

  it('brings the whole list after a sentence that introduces it, also where the list runs on into the next passage', () => {
    const hits = [
      at(
        'plan.pdf',
        7,
        'Misleading statements are common.\nTo avoid being misled, members should follow these tips:\n1. Read the plan details carefully. It explains the cover.',
        10,
      ),
      at(
        'plan.pdf',
        8,
        '2. Ask questions. Nobody minds.\n3. Compare other plans.\nThese tips help members avoid misleading statements.',
        9,
      ),
    ];
    const chosen = extractSentences(
      'What tips should members follow to avoid misleading statements?',
      hits,
      () => 2,
      5,
    );
    const items = chosen.filter((c) => c.item).map((c) => c.text);
    expect(items).toEqual(['1. Read the plan details carefully.', '2. Ask questions.', '3. Compare other plans.']);
    const answer = composeExtractiveAnswer(chosen, hits, {});
    expect(answer.text).toMatch(
      /tips: \[1\]\n\n1\. Read the plan details carefully\. It explains the cover\.\n2\. Ask questions\. Nobody minds\.\n3\. Compare other plans\.\n\nThese tips .* \[2\]$/,
    );
  });

  it('quotes every step of a numbered process when the question asks for the process', () => {
    const hits = [
      at(
        'plan.pdf',
        3,
        'We run a multi-level process for grievances.\nLevel 1: Initial Review\nCustomer Service reviews the complaint.\nLevel 2: Formal Complaint\nYou write to the plan.\nLevel 3: External Review',
        10,
      ),
    ];
    const text = quotedAnswer('What is the multi-level grievance process?', hits);
    for (const step of ['Level 1: Initial Review', 'Level 2: Formal Complaint', 'Level 3: External Review'])
      expect(text).toContain(`\n\n**${step}**`);
  });

  it('does not drop a sentence as a near-duplicate when its figures differ', () => {
    const hits = [
      at(
        'plan.pdf',
        1,
        'Out-of-network copays are higher. The copayment for primary care visits is typically around $50, while specialist visits have a copayment of around $75.',
        10,
      ),
      at(
        'plan.pdf',
        2,
        'In-network copays are lower. The copayment for primary care visits is typically around $20, while specialist visits have a copayment of around $50.',
        9,
      ),
    ];
    const text = extractSentences('What are the copayments for primary care and specialist visits?', hits, () => 2, 5)
      .map((c) => c.text)
      .join(' ');
    expect(text).toContain('$20');
    expect(text).toContain('$75');
  });

  it('shows a numbered item quoted without its neighbours as a sentence, not as a stray "6."', () => {
    const hits = [
      at(
        'guide.md',
        0,
        'How to compare models:\n5. Record cost per request.\n6. Choose the cheapest model that meets your quality bar.',
        10,
      ),
    ];
    const answer = composeExtractiveAnswer(
      [{ text: '6. Choose the cheapest model that meets your quality bar.', hit: 0, position: 2, item: true }],
      hits,
      {},
    );
    expect(answer.text).toBe('Choose the cheapest model that meets your quality bar. [1]');
  });

  it('shows table rows as a list labelled with their column headers, without the header row, and cites after the sentence that introduces it', () => {
    const hits = [
      at(
        'models.md',
        0,
        'These models are approved for general and high-volume tasks:\nModel | Use it for | Notes\nGPT-4.1 | General tasks | Start here\nGPT-4.1 mini | High-volume tasks | Cheaper',
        10,
      ),
    ];
    const text = quotedAnswer('Which models are approved for general and high-volume tasks?', hits);
    expect(text).toBe(
      'These models are approved for general and high-volume tasks: [1]\n\n- **GPT-4.1** — Use it for: General tasks; Notes: Start here\n- **GPT-4.1 mini** — Use it for: High-volume tasks; Notes: Cheaper',
    );
  });

  it('sets the section heading above a passage quoted only as a list, with its marker, so the marker stays in running text', () => {
    const hits = [
      at('a.md', 0, 'Pilots are funded by the CoE.', 10),
      at('b.md', 0, 'Checklist:\n- Name an owner.\n- Set a budget cap.', 9),
    ];
    const chosen = [
      { text: 'Pilots are funded by the CoE.', hit: 0, position: 0, lineStart: true },
      { text: '- Name an owner.', hit: 1, position: 1, lineStart: true, item: true },
      { text: '- Set a budget cap.', hit: 1, position: 2, lineStart: true, item: true },
    ];
    expect(composeExtractiveAnswer(chosen, hits, {}).text).toBe(
      'Pilots are funded by the CoE. [1]\n\n**Appeals** [2]\n\n- Name an owner.\n- Set a budget cap.',
    );
  });

  it('reads HTML table rows (leading bar) and keeps the first row of a table without a header row', () => {
    const hits = [
      at(
        'models.html',
        0,
        'Approved models:\n| GPT-4.1 | approved for general drafting\n| o3 | approved for reasoning',
        10,
      ),
    ];
    const text = composeExtractiveAnswer(
      extractSentences('Which models are approved?', hits, () => 2, 5),
      hits,
      {},
    ).text;
    expect(text).toContain('**GPT-4.1** — approved for general drafting');
    expect(text).toContain('**o3** — approved for reasoning');
    expect(text).not.toContain('**|');
  });

  it('does not take a line that starts with a figure for a numbered step', () => {
    const hits = [
      at(
        'exceptions.md',
        0,
        'The exception review process has a fixed timeline.\n10-15 business days are needed for the exception review.\n3.5 days of that are for security.',
        10,
      ),
    ];
    const chosen = extractSentences('What is the exception review process timeline?', hits, () => 2, 5);
    expect(chosen.some((c) => c.step)).toBe(false);
    expect(composeExtractiveAnswer(chosen, hits, {}).text).not.toContain('**10-15');
  });

  it('quotes a list that runs on into the next passage in document order, even when the second passage ranks higher', () => {
    const hits = [
      at(
        'exceptions.md',
        5,
        '3. Security signs the exception request.\n4. The CoE lead files the exception request.',
        10,
      ),
      at(
        'exceptions.md',
        4,
        'To request an exception follow these steps:\n1. Write the exception request.\n2. Privacy reviews the exception request.',
        9,
      ),
    ];
    const text = quotedAnswer('What are the steps of an exception request?', hits);
    expect(text.indexOf('1. Write')).toBeGreaterThan(-1);
    expect(text.indexOf('1. Write')).toBeLessThan(text.indexOf('3. Security'));
    expect(text.indexOf('2. Privacy')).toBeLessThan(text.indexOf('4. The CoE lead'));
  });

  it('does not take an initial ("A. Smith") for a list item', () => {
    const hits = [at('people.md', 0, 'Approvers:\nA. Smith approved the pilot budget.', 10)];
    const text = composeExtractiveAnswer(
      extractSentences('Who approved the pilot budget?', hits, () => 2, 5),
      hits,
      {},
    ).text;
    expect(text).toContain('A. Smith approved the pilot budget.');
  });

  it('brings the sentence that introduces a quoted list', () => {
    const hits = [
      at(
        'intake.md',
        0,
        'Every use case is submitted in Teams.\nIn Teams, open CoE Assistant and either:\n- select "Submit a use case" on the welcome card, or\n- type "submit a use case".',
        10,
      ),
    ];
    const text = quotedAnswer('How do I type submit a use case on the welcome card?', hits);
    expect(text).toContain(
      'In Teams, open CoE Assistant and either: [1]\n\n- select "Submit a use case" on the welcome card, or\n- type "submit a use case".',
    );
  });

  it('never opens mid-phrase: an item that continues an introduction sharing its line brings that introduction', () => {
    const hits = [
      at(
        'charter.md',
        0,
        'The CoE exists so that the organisation gets value from AI safely. Its mandate is to:\n- run a single front door for AI ideas, so that every idea is recorded and routed;\n- publish the approved models list.',
        10,
      ),
    ];
    const text = quotedAnswer('Where is every AI idea recorded and routed?', hits);
    expect(text).toMatch(/^Its mandate is to:/);
    expect(text).toContain('run a single front door for AI ideas, so that every idea is recorded and routed;');
  });
});
