import { ALEX, BotHarness, cardOf, TENANT } from '../support/bot-harness';

describe('core Teams routes through /api/messages', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => h.stop());

  it('answers hello with the welcome card and records the personal conversation', async () => {
    const replies = await h.say(ALEX, 'hello');
    const card = cardOf(replies[replies.length - 1]);
    expect(card.type).toBe('AdaptiveCard');
    expect(JSON.stringify(card)).toContain('Hi Alex');
    const rec = await h.bot.deps.conversations.personalChatOf(ALEX.aadObjectId);
    expect(rec?.serviceUrl).toBe(h.connector.url);
  });

  it('shows the help card with admin entries for an admin', async () => {
    const replies = await h.say(ALEX, 'help');
    const json = JSON.stringify(cardOf(replies[replies.length - 1]));
    expect(json).toContain('What I can do');
    expect(json).toContain('Admin (CoE staff)');
  });

  it('echoes through the whole pipeline (the benchmark floor route)', async () => {
    h.connector.clear();
    await h.say(ALEX, 'echo ping');
    expect(h.connector.messages().map((m) => m.text)).toEqual(['ping']);
  });

  it('welcomes on install (membersAdded with the bot)', async () => {
    const res = await h.post(
      h.activity(ALEX, {
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [{ id: '28:coe-bot' }],
        conversation: { id: 'a:new-install', conversationType: 'personal', tenantId: TENANT },
      }),
    );
    expect(res.status).toBeLessThan(300);
    await h.connector.waitFor((calls) =>
      calls.some((c) => c.conversationId === 'a:new-install' && c.body.type === 'message'),
    );
    expect(await h.bot.deps.conversations.get('a:new-install')).toMatchObject({ kind: 'personal', status: 'active' });
  });
});
