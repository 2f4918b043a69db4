import { ALEX, BotHarness, MEGAN } from '../support/bot-harness';
import { rowCounts } from './support';

/** Finding 5 (edge): an invoke whose value is not what the bot handles gets a 4xx with a plain sentence, never a 500 or internal text. */
describe('invalid invokes', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await BotHarness.start();
  }, 90_000);
  afterAll(async () => h.stop());

  const invoke = (name: string, value: unknown) =>
    h.post(h.activity(MEGAN, { type: 'invoke', name, value, replyToId: 'answer-1' }));
  const noInternals = (body: unknown) =>
    expect(JSON.stringify(body ?? '')).not.toMatch(
      /at .*\.(js|ts):\d+|TypeError|ZodError|Cannot read|undefined is not|\n/,
    );

  it('feedback with a reaction other than like/dislike is a 400 with a plain sentence, and nothing is stored', async () => {
    const before = await rowCounts(h.bot.deps.db);
    const res = await invoke('message/submitAction', {
      actionName: 'feedback',
      actionValue: { reaction: 'love', feedback: '{"feedbackText":"great"}' },
    });
    expect(res).toEqual({
      status: 400,
      body: { error: 'The feedback is not valid: reaction must be "like" or "dislike".' },
    });
    expect(await rowCounts(h.bot.deps.db)).toEqual(before);
  });

  it.each([
    ['feedback without a value', 'message/submitAction', undefined],
    [
      'feedback with a comment longer than the store keeps',
      'message/submitAction',
      {
        actionName: 'feedback',
        actionValue: { reaction: 'like', feedback: JSON.stringify({ feedbackText: 'x'.repeat(4001) }) },
      },
    ],
    [
      'feedback with a non-object action value',
      'message/submitAction',
      { actionName: 'feedback', actionValue: 'like' },
    ],
    ['a card action without an action', 'adaptiveCard/action', {}],
    ['a card action whose verb is a number', 'adaptiveCard/action', { action: { type: 'Action.Execute', verb: 42 } }],
    ['a card action that is not an object', 'adaptiveCard/action', 'Action.Execute'],
    ['an invoke kind the bot does not offer', 'composeExtension/query', { commandId: 'x' }],
  ])('%s is a 4xx without internal error text', async (_label, name, value) => {
    const res = await invoke(name, value);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    noInternals(res.body);
  });

  it('valid feedback is still stored (200)', async () => {
    const before = await h.bot.deps.db.query<{ n: string }>('select count(*) as n from knowledge_feedback');
    const res = await invoke('message/submitAction', {
      actionName: 'feedback',
      actionValue: { reaction: 'like', feedback: '{"feedbackText":"clear"}' },
    });
    expect(res.status).toBe(200);
    const after = await h.bot.deps.db.query<{ n: string }>('select count(*) as n from knowledge_feedback');
    expect(Number(after[0].n)).toBe(Number(before[0].n) + 1);
  });

  it('a body that is not JSON gets a plain sentence, not the JSON parser message', async () => {
    const res = await h.post('{"type": "message", ');
    expect(res).toEqual({ status: 400, body: { error: 'The request is not valid.' } });
    expect((await h.say(ALEX, 'echo alive')).map((r) => r.text)).toContain('alive');
  });
});
