import { ESCALATION_VERBS } from '../../src/knowledge/cards/escalation-verbs';
import { ALEX, BotHarness, MEGAN, TENANT, cardOf } from '../support/bot-harness';
import { rowCounts } from './support';

/**
 * Finding 3: the bot serves one tenant (organisation.tenantId in config/coe.yaml, here the Agents Playground's).
 * Messages, invokes and installs from any other tenant are refused before any handler runs, and nothing is stored.
 */
describe('tenant allow-list', () => {
  const FOREIGN = '77777777-0000-0000-0000-000000000777';
  let h: BotHarness;

  beforeAll(async () => {
    h = await BotHarness.start();
  }, 90_000);
  afterAll(async () => h.stop());

  const foreign = (user: typeof ALEX, fields: Record<string, unknown>) =>
    h.activity(user, {
      conversation: { id: `a:foreign-${user.aadObjectId}`, conversationType: 'personal', tenantId: FOREIGN },
      channelData: { tenant: { id: FOREIGN } },
      ...fields,
    });

  it('the configured tenant (the Playground sample) is served as before', async () => {
    expect(h.bot.deps.org.organisation.tenantId).toBe(TENANT);
    const replies = await h.say(ALEX, 'help');
    expect(cardOf(replies.at(-1)!)).toBeDefined();
  });

  it('a message from another tenant gets a polite refusal, no answer, and nothing is stored', async () => {
    const before = await rowCounts(h.bot.deps.db);
    h.connector.clear();
    const res = await h.post(foreign(MEGAN, { text: 'What is in the CoE internal operations runbook?' }));
    expect(res.status).toBe(200);
    const sent = h.connector.messages();
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toMatch(/only serves Contoso/);
    expect(sent[0].attachments ?? []).toEqual([]);
    expect(JSON.stringify(sent[0])).not.toMatch(/triage|runbook|\[1\]/i);
    expect(await rowCounts(h.bot.deps.db)).toEqual(before);
  });

  it('an invoke from another tenant gets 403 with a plain sentence, and no escalation reaches the experts', async () => {
    const before = await rowCounts(h.bot.deps.db);
    h.connector.clear();
    const res = await h.post(
      foreign(MEGAN, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: ESCALATION_VERBS.create,
            data: { question: 'Who reviews vendor models?' },
          },
        },
      }),
    );
    expect(res).toEqual({ status: 403, body: { error: 'CoE Assistant only serves Contoso.' } });
    expect(h.connector.calls).toEqual([]);
    expect(await rowCounts(h.bot.deps.db)).toEqual(before);
  });

  it('installs from another tenant (conversationUpdate, installationUpdate) store no conversation and get no welcome', async () => {
    const before = await rowCounts(h.bot.deps.db);
    h.connector.clear();
    const added = await h.post(
      foreign(ALEX, { type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '28:coe-bot' }] }),
    );
    const installed = await h.post(foreign(ALEX, { type: 'installationUpdate', text: undefined, action: 'add' }));
    expect([added.status, installed.status]).toEqual([200, 200]);
    expect(h.connector.calls).toEqual([]);
    expect(await rowCounts(h.bot.deps.db)).toEqual(before);
    expect(await h.bot.deps.conversations.get(`a:foreign-${ALEX.aadObjectId}`)).toBeUndefined();
  });

  it('an activity whose two tenant fields disagree, or that names no tenant, is refused too', async () => {
    const before = await rowCounts(h.bot.deps.db);
    h.connector.clear();
    await h.post(h.activity(MEGAN, { text: 'help', channelData: { tenant: { id: FOREIGN } } }));
    await h.post(
      h.activity(MEGAN, {
        text: 'help',
        conversation: { id: 'a:no-tenant', conversationType: 'personal' },
        channelData: {},
      }),
    );
    const sent = h.connector.messages();
    expect(sent.map((m) => String(m.text))).toEqual([
      expect.stringMatching(/only serves Contoso/),
      expect.stringMatching(/only serves Contoso/),
    ]);
    expect(await rowCounts(h.bot.deps.db)).toEqual(before);
  });
});
