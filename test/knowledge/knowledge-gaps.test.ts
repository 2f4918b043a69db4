import { recordFeedback, recordUnanswered } from '../../src/knowledge/feedback/feedback-store';
import { GAP_ACTIONS, GAP_SUBJECT, gapsWithExperts, knowledgeGaps } from '../../src/knowledge/feedback/knowledge-gaps';
import { knowledgeGapsCard } from '../../src/knowledge/feedback/knowledge-gaps-card';
import { questionKey } from '../../src/knowledge/feedback/question-key';
import { EscalationStore } from '../../src/knowledge/escalation/escalation-store';
import { AuditLog } from '../../src/store/audit-log';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { expectValidCard } from '../support/card-schema';

describe('knowledge gaps: comments, answered and handled questions, the gap card', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => db.close());

  const ask = (question: string, userId = 'u-1') => recordUnanswered(db, { question, userId });
  const dislike = (question: string, comment?: string) =>
    recordFeedback(db, { reaction: 'dislike', question, answerText: 'an answer', comment, userId: 'u-2' });
  const open = async () => (await knowledgeGaps(db, 50)).map((g) => g.question);

  it('shows the thumbs-down comments as written, newest first, at most three', async () => {
    await dislike('Which embedding model should we use?', 'It ignored multilingual search.');
    await dislike('Which embedding model should we use?', '{"feedbackText":"Say which model for German."}');
    const [gap] = (await knowledgeGaps(db, 50)).filter((g) => g.question === 'Which embedding model should we use?');
    expect(gap.comments).toEqual(['Say which model for German.', 'It ignored multilingual search.']);
  });

  it('leaves out a question an expert answered, until someone asks it again', async () => {
    await ask('Does the CoE fund Terraform modules?');
    const store = new EscalationStore(db);
    const created = await store.create({
      askerId: 'admin',
      askerName: 'Alex',
      askerConversationId: 'c-1',
      question: 'Does the CoE fund Terraform modules?',
    });
    if (!created.ok) throw new Error(created.message);
    expect(await gapsWithExperts(db)).toContain(questionKey('Does the CoE fund Terraform modules?'));
    expect(await open()).toContain('Does the CoE fund Terraform modules?');
    const answered = await store.answer(created.value, { expertId: 'x', expertName: 'Expert', answer: 'No.' });
    expect(answered.ok).toBe(true);
    expect(await open()).not.toContain('Does the CoE fund Terraform modules?');
    const all = await knowledgeGaps(db, 50, { includeHandled: true });
    expect(all.find((g) => g.question === 'Does the CoE fund Terraform modules?')?.handled).toBe('answered');
    await new Promise((r) => setTimeout(r, 5));
    await ask('does the coe fund terraform modules');
    expect(await open()).toContain('does the coe fund terraform modules');
  });

  it('leaves out dismissed questions and those put on the playbook backlog', async () => {
    await ask('Where is the GPU quota form?');
    await ask('Who owns the prompt library?');
    const audit = new AuditLog(db);
    for (const [q, action] of [
      ['Where is the GPU quota form?', GAP_ACTIONS.dismissed],
      ['Who owns the prompt library?', GAP_ACTIONS.playbooks],
    ])
      await audit.append({ actorId: 'admin', subjectType: GAP_SUBJECT, subjectId: questionKey(q), action });
    const gaps = await open();
    expect(gaps).not.toContain('Where is the GPU quota form?');
    expect(gaps).not.toContain('Who owns the prompt library?');
    const handled = (await knowledgeGaps(db, 50, { includeHandled: true })).filter((g) => g.handled);
    expect(handled.map((g) => g.handled).sort()).toEqual(['dismissed', 'playbooks']);
  });

  it('offers Answer, Add to playbooks and Dismiss for each open gap, and the answered ones collapsed', async () => {
    await ask('What is the CoE budget code?');
    const store = new EscalationStore(db);
    const created = await store.create({
      askerId: 'admin',
      askerName: 'Alex',
      askerConversationId: 'c-1',
      question: 'What is the CoE budget code?',
    });
    if (!created.ok) throw new Error(created.message);
    await store.answer(created.value, { expertId: 'x', expertName: 'Expert', answer: 'CC-4410.' });
    const gaps = await knowledgeGaps(db, 50, { includeHandled: true });
    const card = knowledgeGapsCard(
      gaps.filter((g) => !g.handled),
      { answered: gaps.filter((g) => g.handled === 'answered'), withExperts: new Set() },
    );
    expectValidCard(card);
    const json = JSON.stringify(card);
    for (const verb of ['coe.gap.answer', 'coe.gap.playbooks', 'coe.gap.dismiss']) expect(json).toContain(verb);
    expect(json).toContain('Say which model for German.');
    expect(card.body.find((e) => e.id === 'answered')).toMatchObject({ isVisible: false });
    expect(card.fallbackText).toMatch(/^Knowledge gaps: \d+ open questions/);
  });
});
