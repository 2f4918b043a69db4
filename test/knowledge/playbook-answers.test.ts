import * as path from 'node:path';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { silentLogger } from '../../src/observability/logger';
import { KnowledgeService } from '../../src/knowledge/knowledge-service';

/** Answers over the real playbooks/ folder, the way people ask in chat. */
describe('answers over the CoE playbooks', () => {
  let db: Database;
  let service: KnowledgeService;

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
    service = await KnowledgeService.create({ db, logger: silentLogger });
    await service.indexDirectory(path.resolve(__dirname, '../../playbooks'));
  });

  afterAll(async () => {
    await db.close();
  });

  it('answers "Which models are approved?" from the approved-models playbook, naming the models', async () => {
    const { answer, hits } = await service.explain('Which models are approved?', { recordGaps: false });
    expect(hits[0].passage.source).toBe('approved-models.md');
    expect(answer.grounded).toBe(true);
    expect(answer.citations[0].source).toBe('approved-models.md');
    expect(answer.text).toContain('GPT-4.1');
    expect(answer.text).not.toMatch(/AI Foundations/);
  });

  it('finds the approved models when the question says "LLMs" and "allowed"', async () => {
    const hits = await service.search('which llms are we allowed to use');
    expect(hits[0].passage.source).toBe('approved-models.md');
  });

  it('refuses a question about a plan the knowledge base never names', async () => {
    const { answer, evidence } = await service.explain('What are the key benefits of the Northwind Platinum plan?', { recordGaps: false });
    expect(answer.grounded).toBe(false);
    expect(evidence.unknownNames).toEqual(expect.arrayContaining(['Platinum']));
  });

  it('refuses off-topic office questions and keeps answering chatty on-topic ones', async () => {
    expect((await service.ask("What's on the cafeteria lunch menu this Friday?", { recordGaps: false })).grounded).toBe(false);
    expect((await service.ask('asdfgh qwerty zxcv', { recordGaps: false })).grounded).toBe(false);
    for (const q of ["I'm an approver - how do I see my queue?", 'is there a course for devs', 'what counts as a sev 3', 'our pilot needs 5 months, is that ok']) {
      expect({ q, grounded: (await service.ask(q, { recordGaps: false })).grounded }).toEqual({ q, grounded: true });
    }
  });

  it('quotes the figure when the question asks for an amount', async () => {
    const answer = await service.ask('how much can a pilot cost before the executive sponsor has to sign off?', { recordGaps: false });
    expect(answer.grounded).toBe(true);
    expect(answer.text).toMatch(/25,000/);
  });
});
