import { ALEX, BotHarness, MEGAN, cardOf } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';

const QUESTION = 'Does the CoE provide Terraform modules for Databricks workspaces?';

/** The gap card's button of `verb`, with the data the card sends once the gap whose question contains `text` is chosen. */
function gapAction(card: any, verb: string, text: string): any {
  const picker = card.body.find((e: any) => e.id === 'key');
  const choice = picker?.choices.find((c: any) => c.title.includes(text));
  const button = card.actions.find((a: any) => a.verb === verb);
  return choice && button ? { verb, data: { ...button.data, key: choice.value } } : undefined;
}

describe('the knowledge-gap card through /api/messages', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => h.stop());

  it('Answer sends the gap to the experts and says so next to the buttons; the answer closes the gap', async () => {
    await h.say(MEGAN, QUESTION);
    const gaps = cardOf((await h.say(ALEX, 'knowledge gaps')).at(-1)!);
    expectValidCard(gaps);
    const answer = gapAction(gaps, 'coe.gap.answer', 'Terraform');
    expect(answer.data).toEqual({ key: expect.any(String) });
    expect((await h.execute(MEGAN, answer.verb, answer.data)).body.value).toBe(
      'The knowledge-gap report is for CoE admins.',
    );

    const before = h.connector.messages('team-id').length;
    const sent = await h.execute(ALEX, answer.verb, answer.data);
    expect(sent.status).toBe(200);
    const card = sent.body.value;
    expectValidCard(card);
    expect(card.body.at(-1)).toMatchObject({ id: 'feedback' });
    expect(JSON.stringify(card.body.at(-1))).toContain(`Sent to the CoE experts: \\"${QUESTION}\\"`);
    expect(
      JSON.stringify(card.body[card.body.findIndex((e: any) => JSON.stringify(e).includes('Terraform'))]),
    ).toContain('with the CoE experts');
    expect(JSON.stringify((await h.execute(ALEX, answer.verb, answer.data)).body.value)).toContain(
      'is already with the CoE experts',
    );
    const expertCard = cardOf(h.connector.messages('team-id').slice(before)[0]);
    expect(h.connector.messages('team-id').slice(before)).toHaveLength(1);
    expect(JSON.stringify(expertCard)).toContain('Terraform modules');

    const send = expertCard.actions.find((a: any) => a.verb === 'coe.escalation.answer');
    await h.execute(
      ALEX,
      send.verb,
      { ...send.data, answer: 'Not yet; the platform team keeps them.' },
      { conversation: { id: 'team-id', conversationType: 'channel' } },
    );
    const after = cardOf((await h.say(ALEX, 'knowledge gaps')).at(-1)!);
    expect(gapAction(after, 'coe.gap.answer', 'Terraform')).toBeUndefined();
    expect(after.body.find((e: any) => e.id === 'answered')).toMatchObject({ isVisible: false });
  });

  it('Dismiss and Add to playbooks take a gap off the list, audited', async () => {
    await h.say(MEGAN, 'Is there a CoE policy on Snowflake Cortex?');
    await h.say(MEGAN, 'Where do I find the CoE Figma kit?');
    let gaps = cardOf((await h.say(ALEX, 'knowledge gaps')).at(-1)!);
    for (const [verb, text] of [
      ['coe.gap.dismiss', 'Snowflake'],
      ['coe.gap.playbooks', 'Figma'],
    ]) {
      const action = gapAction(gaps, verb, text);
      gaps = (await h.execute(ALEX, action.verb, action.data)).body.value;
      expect(gapAction(gaps, verb, text)).toBeUndefined();
    }
    expect(JSON.stringify(gaps.body.at(-1))).toContain('is on the playbook backlog');
    const audit = await h.bot.deps.audit.list({ subjectType: 'knowledge-gap' });
    expect(audit.map((e) => e.action)).toEqual(['gap.dismissed', 'gap.added-to-playbooks']);
  });
});
