import { ESCALATION_VERBS } from '../../src/knowledge/cards/escalation-verbs';
import { EscalationStore } from '../../src/knowledge/escalation/escalation-store';
import { BotHarness, MEGAN, cardOf } from '../support/bot-harness';
import { EXPERTS, installInExpertsChannel } from './support/experts-channel';

/**
 * Finding 6: an "Ask the CoE" escalation whose channel post fails after the escalation is stored used to be lost
 * (no outbox; nothing ever read the open escalations). Now the escalation and its outbox entry are written in one
 * transaction and the worker posts it once the channel answers again: the experts get exactly one card.
 */
describe('"Ask the CoE" escalations through the outbox', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await BotHarness.start();
    await h.say(MEGAN, 'hello');
    await installInExpertsChannel(h);
  });
  afterAll(async () => h.stop());

  const expertCardsFor = (question: string) =>
    h.connector.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.conversationId === EXPERTS &&
        !('_rejectedWith' in c.body) &&
        JSON.stringify(cardOf(c.body) ?? '').includes(question),
    );

  it('a post that fails after the escalation is stored is made by the worker, exactly once', async () => {
    const question = 'Can we fine-tune a model on scanned supplier invoices from 2019?';
    // 403: a refusal the connector client does not retry, so the failure is immediate.
    h.connector.fault = (call) =>
      call.conversationId === EXPERTS && call.method === 'POST' ? { status: 403 } : undefined;
    const res = await h.execute(MEGAN, ESCALATION_VERBS.create, { question });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('Sent to the CoE experts');
    expect(h.connector.calls.some((c) => c.conversationId === EXPERTS && '_rejectedWith' in c.body)).toBe(true);
    expect(expertCardsFor(question)).toHaveLength(0);
    const stored = await h.bot.deps.db.query<{ id: string; status: string }>(
      'select id, status from knowledge_escalations where question = $1',
      [question],
    );
    expect(stored).toHaveLength(1);
    const asked = await h.bot.deps.audit.list({ subjectType: 'escalation', subjectId: stored[0].id });
    expect(asked.map((e) => e.action)).toEqual(['asked']);

    // Still failing: the worker tries, fails, and keeps the entry.
    await h.bot.tick(new Date(Date.now() + 60_000));
    expect(expertCardsFor(question)).toHaveLength(0);

    h.connector.fault = undefined;
    await h.bot.tick(new Date(Date.now() + 10 * 60_000));
    expect(expertCardsFor(question)).toHaveLength(1);
    const card = cardOf(expertCardsFor(question)[0].body);
    expect(card.actions[0]).toMatchObject({ verb: ESCALATION_VERBS.answer, data: { escalationId: stored[0].id } });

    // Later ticks do not post it again.
    await h.bot.tick(new Date(Date.now() + 60 * 60_000));
    expect(expertCardsFor(question)).toHaveLength(1);
  });

  it('a post that works right away is not repeated by the worker', async () => {
    const question = 'Is there a CoE office hour for prompt reviews in January?';
    const res = await h.execute(MEGAN, ESCALATION_VERBS.create, { question });
    expect(JSON.stringify(res.body)).toContain('Sent to the CoE experts');
    expect(expertCardsFor(question)).toHaveLength(1);
    await h.bot.tick(new Date(Date.now() + 60 * 60_000));
    expect(expertCardsFor(question)).toHaveLength(1);
  });

  it('an escalation stored by the old code whose post failed (no "asked" event) is posted by the worker, once', async () => {
    const question = 'Which retention period applies to chatbot transcripts in HR?';
    const created = await new EscalationStore(h.bot.deps.db).create({
      askerId: MEGAN.aadObjectId,
      askerName: MEGAN.name,
      askerConversationId: `a:personal-${MEGAN.aadObjectId}`,
      question,
    });
    if (!created.ok) throw new Error(created.message);
    const id = created.value;
    expect(expertCardsFor(question)).toHaveLength(0);
    await h.bot.tick(new Date(Date.now() + 60_000));
    expect(expertCardsFor(question)).toHaveLength(1);
    await h.bot.tick(new Date(Date.now() + 10 * 60_000));
    expect(expertCardsFor(question)).toHaveLength(1);
    const events = await h.bot.deps.audit.list({ subjectType: 'escalation', subjectId: id });
    expect(events.map((e) => [e.action, e.details])).toEqual([['asked', { recovered: true }]]);
  });
});
