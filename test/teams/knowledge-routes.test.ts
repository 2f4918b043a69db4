import { ALEX, BotHarness, cardOf, MEGAN, STRANGER } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';
import { tempDataDir } from '../support/test-database';

describe('questions through /api/messages', () => {
  let h: BotHarness;
  const dataDir = tempDataDir();
  beforeAll(async () => {
    h = await BotHarness.start({ env: { COE_DATA_DIR: dataDir } });
  });
  afterAll(async () => h.stop());

  let answerId: string;

  it('answers a covered question with citations that arrive intact on the wire', async () => {
    h.connector.clear();
    const replies = await h.say(MEGAN, 'Which models are approved for use?');
    const answer = replies.find((r) => typeof r.text === 'string' && /\[1\]/.test(r.text as string));
    expect(answer).toBeDefined();
    const entity = (answer!.entities as Array<Record<string, any>>).find((e) => e['@type'] === 'Message');
    expect(entity).toBeDefined();
    expect(entity!.citation.length).toBeGreaterThan(0);
    expect(entity!.citation[0]).toMatchObject({
      '@type': 'Claim',
      position: 1,
      appearance: { '@type': 'DigitalDocument' },
    });
    expect(entity!.citation[0].appearance.name).toEqual(expect.any(String));
    expect(entity!.citation[0].appearance.url).toMatch(/^http:\/\/localhost:\d+\/playbooks\/.+\.md/);
    expect(answer!.channelData).toMatchObject({ feedbackLoopEnabled: true });
    for (let i = 0; i < 50 && !answerId; i++) {
      answerId = (
        await h.bot.deps.db.query<{ activity_id: string }>(
          'select activity_id from knowledge_answers order by created_at desc limit 1',
        )
      )[0]?.activity_id;
      if (!answerId) await new Promise((r) => setTimeout(r, 20));
    }
    expect(answerId).toMatch(/^act-/);
  });

  it('serves the cited playbook at its link', async () => {
    const res = await fetch(`${h.url}/playbooks/approved-models.md`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/GPT-4\.1/);
    expect((await fetch(`${h.url}/playbooks/..%2Fpackage.json`)).status).toBe(404);
  });

  it('finds the answer again after a restart, so later feedback is stored with its question', async () => {
    await h.stop();
    h = await BotHarness.start({ env: { COE_DATA_DIR: dataDir } });
    const res = await h.post(
      h.activity(MEGAN, {
        type: 'invoke',
        name: 'message/submitAction',
        replyToId: answerId,
        value: {
          actionName: 'feedback',
          actionValue: {
            reaction: 'dislike',
            feedback: JSON.stringify({ feedbackText: 'Missing the embeddings model' }),
          },
        },
      }),
    );
    expect(res.status).toBe(200);
    const rows = await h.bot.deps.db.query<{ reaction: string; question: string; comment: string }>(
      'select reaction, question, comment from knowledge_feedback',
    );
    expect(rows).toEqual([
      expect.objectContaining({ reaction: 'dislike', question: 'Which models are approved for use?' }),
    ]);
  });

  it('says who handles a question about another team\'s service, as a plain message without "Ask the CoE"', async () => {
    h.connector.clear();
    const replies = await h.say(MEGAN, 'What is on the cafeteria lunch menu on Friday?');
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(/Please ask Facilities\./);
    expect(replies[0].attachments).toBeUndefined();
  });

  it('declines a request to translate something as a plain message without "Ask the CoE"', async () => {
    h.connector.clear();
    const replies = await h.say(MEGAN, 'Please translate the risk register into dolphin.');
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(/can't translate, write or draw things/);
    expect(replies[0].attachments).toBeUndefined();
  });

  it('says plainly when the playbooks do not cover a question, and the expert answer reaches the asker', async () => {
    h.connector.clear();
    const question = 'Which Kubernetes version does the CoE recommend for self-hosted models?';
    const replies = await h.say(MEGAN, question);
    const notCovered = cardOf(replies.at(-1)!);
    expectValidCard(notCovered);
    const ask = notCovered.actions.find((a: any) => a.title === 'Ask the CoE');
    expect(ask).toBeDefined();

    const created = await h.execute(MEGAN, ask.verb, ask.data);
    expect(created.status).toBe(200);
    expect(JSON.stringify(created.body)).toContain('Sent to the CoE experts');
    const expertPost = h.connector.messages('team-id').at(-1)!;
    const expertCard = cardOf(expertPost);
    expectValidCard(expertCard);
    const send = expertCard.actions[0];

    const refused = await h.execute(STRANGER, send.verb, { ...send.data, answer: 'I am not an expert' });
    expect(JSON.stringify(refused.body)).toContain('Only CoE experts');

    const answered = await h.execute(
      ALEX,
      send.verb,
      { ...send.data, answer: 'We have no Kubernetes recommendation yet.' },
      { conversation: { id: 'team-id', conversationType: 'channel' } },
    );
    expect(answered.status).toBe(200);
    expectValidCard(answered.body.value);
    const toAsker = h.connector.messages(`a:personal-${MEGAN.aadObjectId}`).at(-1)!;
    expect(JSON.stringify(cardOf(toAsker))).toContain('We have no Kubernetes recommendation yet.');

    const again = await h.execute(ALEX, send.verb, { ...send.data, answer: 'Second answer' });
    expect(JSON.stringify(again.body)).toContain('already been answered');

    const add = answered.body.value.actions.find((a: any) => a.title === 'Add to knowledge base');
    const added = await h.execute(ALEX, add.verb, add.data);
    expect(JSON.stringify(added.body)).toContain('Added to the knowledge base');
    const audit = await h.bot.deps.audit.list({ subjectType: 'escalation' });
    expect(audit.map((e) => e.action)).toEqual(['asked', 'answered', 'added-to-knowledge-base']);
  });

  it('lists knowledge gaps for admins only', async () => {
    const refused = await h.say(MEGAN, 'knowledge gaps');
    expect(refused.at(-1)!.text).toMatch(/for CoE admins/);
    const replies = await h.say(ALEX, 'knowledge gaps');
    const gapCard = cardOf(replies.at(-1)!);
    expectValidCard(gapCard);
    expect(JSON.stringify(gapCard)).toContain('Kubernetes');
  });
});
