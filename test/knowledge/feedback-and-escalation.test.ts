import type { Database } from '../../src/store/database';
import type { KnowledgeService } from '../../src/knowledge/knowledge-service';
import { FeedbackInputError, recordFeedback, recordUnanswered } from '../../src/knowledge/feedback/feedback-store';
import { knowledgeGaps, knowledgeGapsToCsv, knowledgeGapsToJson } from '../../src/knowledge/feedback/knowledge-gaps';
import { questionKey } from '../../src/knowledge/feedback/question-key';
import { AskTheCoe } from '../../src/knowledge/escalation/ask-the-coe';
import { SAMPLE_PLAYBOOKS } from './sample-playbooks';
import { indexedKnowledgeBase, type IndexedKnowledgeBase } from './indexed-knowledge-base';

describe('feedback, knowledge gaps and Ask the CoE', () => {
  let kb: IndexedKnowledgeBase;
  let db: Database;
  let service: KnowledgeService;

  beforeAll(async () => {
    kb = await indexedKnowledgeBase(SAMPLE_PLAYBOOKS);
    ({ db, service } = kb);
  });

  afterAll(() => kb.close());

  it('groups rewordings of a question under one key', () => {
    expect(questionKey("What's the PTO policy?")).toBe(questionKey('pto policies'));
    expect(questionKey('How do I request a new model?')).not.toBe(questionKey('How do I request a new laptop?'));
  });

  it('stores feedback with the question, answer and citations, and rejects a malformed reaction', async () => {
    const answer = await service.ask('How much can a pilot spend without executive approval?');
    const id = await recordFeedback(db, {
      reaction: 'like',
      question: 'How much can a pilot spend?',
      answerText: answer.text,
      citations: answer.citations,
      grounded: answer.grounded,
      userId: 'u-1',
    });
    const [row] = await db.query<{ reaction: string; citations: unknown; user_id: string; answer_text: string }>(
      'select reaction, citations, user_id, answer_text from knowledge_feedback where id = $1',
      [id],
    );
    expect(row).toMatchObject({ reaction: 'like', user_id: 'u-1', answer_text: answer.text });
    expect(row.citations).toEqual(JSON.parse(JSON.stringify(answer.citations)));
    await expect(recordFeedback(db, { reaction: 'meh' as 'like', question: 'x', answerText: 'y' })).rejects.toThrow(
      FeedbackInputError,
    );
    await expect(recordFeedback(db, { reaction: 'meh' as 'like', question: 'x', answerText: 'y' })).rejects.toThrow(
      /reaction must be "like" or "dislike"/,
    );
  });

  it('lists the most frequent unanswered or disliked questions first, as JSON and CSV', async () => {
    await recordUnanswered(db, { question: 'What is the PTO policy?', userId: 'u-1' });
    await recordUnanswered(db, { question: 'pto policies?', userId: 'u-2' });
    await recordFeedback(db, {
      reaction: 'dislike',
      comment: 'Wrong plan',
      question: "What's the PTO policy",
      answerText: 'Something else',
      userId: 'u-3',
    });
    await recordUnanswered(db, { question: 'Where is the cafeteria?', userId: 'u-4' });
    const gaps = await knowledgeGaps(db, 10);
    const ptoWordings = ['What is the PTO policy?', 'pto policies?', "What's the PTO policy"];
    expect(gaps[0]).toMatchObject({ unanswered: 2, dislikes: 1, total: 3 });
    expect(ptoWordings).toContain(gaps[0].question);
    expect(gaps.map((g) => g.question)).toContain('Where is the cafeteria?');
    expect(await knowledgeGaps(db, 1)).toHaveLength(1);
    const json = JSON.parse(knowledgeGapsToJson(gaps)) as Array<{
      question: string;
      total: number;
      lastAskedAt: string;
    }>;
    expect(json[0]).toMatchObject({ question: gaps[0].question, total: 3 });
    expect(new Date(json[0].lastAskedAt).getTime()).not.toBeNaN();
    const csv = knowledgeGapsToCsv(gaps).split('\r\n');
    expect(csv[0]).toBe('question,total,unanswered,dislikes,lastAskedAt,normalizedQuestion');
    expect(csv[1].startsWith(`${gaps[0].question},3,2,1,`)).toBe(true);
  });

  it('takes a question to the experts, accepts the first answer only, and adds it to the knowledge base', async () => {
    const question = 'Can we use AI note-takers in works council meetings?';
    expect((await service.ask(question, { recordGaps: false })).grounded).toBe(false);

    const coe = new AskTheCoe(db, service);
    const created = await coe.createEscalation({
      askerId: 'u-9',
      askerName: 'Dana Asker',
      askerConversationId: 'conv-9',
      question,
    });
    if (!created.ok) throw new Error(created.message);
    const id = created.value;
    expect(await coe.escalations.get(id)).toMatchObject({ status: 'open', askerName: 'Dana Asker', question });

    await expect(coe.addAnswerToKnowledgeBase(id, 'admin-1')).resolves.toMatchObject({
      ok: false,
      code: 'not-answered',
    });
    const answered = await coe.answerEscalation(id, {
      expertId: 'e-1',
      expertName: 'Erin Expert',
      answer:
        'No. AI note-takers are not allowed in works council meetings without the council chair agreeing in writing.',
    });
    expect(answered).toMatchObject({ ok: true, value: { status: 'answered', expertName: 'Erin Expert' } });

    const second = coe.answerEscalation(id, { expertId: 'e-2', expertName: 'Sam Second', answer: 'Yes, always.' });
    await expect(second).resolves.toMatchObject({ ok: false, code: 'already-answered' });
    await expect(
      coe.answerEscalation(id, { expertId: 'e-2', expertName: 'Sam Second', answer: 'Yes, always.' }),
    ).resolves.toMatchObject({ ok: false, message: 'This question has already been answered by Erin Expert.' });
    expect((await coe.escalations.get(id))?.answer).toMatch(/^No\. AI note-takers/);

    const before = service.chunkCount;
    const added = await coe.addAnswerToKnowledgeBase(id, 'admin-1');
    expect(added).toMatchObject({ ok: true, value: { kbSource: `expert-answers/${id}`, addedToKbBy: 'admin-1' } });
    expect(service.chunkCount).toBeGreaterThan(before);
    const next = await service.ask('Are AI note-takers allowed in works council meetings?');
    expect(next.grounded).toBe(true);
    expect(next.text).toContain('council chair agreeing in writing');
    expect(next.citations[0]).toMatchObject({ source: `expert-answers/${id}`, title: question });
    expect(next.citations[0].url).toBeUndefined();
    await expect(coe.addAnswerToKnowledgeBase(id, 'admin-1')).resolves.toMatchObject({
      ok: false,
      message: 'This answer is already in the knowledge base.',
    });
  });

  it('keeps expert answers when the playbook folder is re-indexed', async () => {
    const summary = await service.indexDirectory(kb.dir);
    expect(summary.removed).toBe(0);
    expect((await service.ask('Are AI note-takers allowed in works council meetings?')).grounded).toBe(true);
  });

  it('refuses invalid escalations and unknown ids with plain messages', async () => {
    const coe = new AskTheCoe(db, service);
    await expect(
      coe.createEscalation({ askerId: 'u', askerName: 'U', askerConversationId: 'c', question: '  ' }),
    ).resolves.toMatchObject({ ok: false, message: 'This request cannot be processed: the question is too short.' });
    await expect(
      coe.answerEscalation('no-such-id', { expertId: 'e', expertName: 'E', answer: 'A' }),
    ).resolves.toMatchObject({ ok: false, code: 'not-found' });
  });
});
