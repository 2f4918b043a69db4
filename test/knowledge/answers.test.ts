import * as fs from 'node:fs';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { silentLogger } from '../../src/observability/logger';
import { KnowledgeService } from '../../src/knowledge/knowledge-service';
import { knowledgeGaps } from '../../src/knowledge/feedback/knowledge-gaps';
import { tempFolder, writeFiles } from './fixture-files';
import { SAMPLE_PLAYBOOKS } from './sample-playbooks';

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
    const answer = await service.ask('How long may a pilot run, and what severity 1 incidents must be reported within an hour?');
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
