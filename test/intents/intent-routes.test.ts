import { ALEX, BotHarness, cardOf, MEGAN, STRANGER, TENANT, type User } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';
import { createUseCase, FACTS } from '../review/review-fixtures';
import { actionsOf } from '../intake/wizard-driver';

const ADELE = { id: '29:adele', aadObjectId: '00000000-0000-0000-0000-0000000000022', name: 'Adele Vance' };

/** Natural requests through /api/messages reach the right feature, in every scope, with slots, typos and role checks. */
describe('intent routing through /api/messages', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start();
    for (const u of [ALEX, MEGAN, STRANGER, ADELE]) await h.say(u, 'hello');
  });
  afterAll(async () => h.stop());

  const cards = (replies: Array<Record<string, unknown>>) => replies.map((r) => cardOf(r)).filter(Boolean);
  const allText = (replies: Array<Record<string, unknown>>) => JSON.stringify(replies);
  const buttons = (replies: Array<Record<string, unknown>>) => cards(replies).flatMap((c) => actionsOf(c));
  const imBacks = (replies: Array<Record<string, unknown>>) =>
    buttons(replies)
      .map((a) => a.data?.msteams?.value)
      .filter(Boolean);

  it.each([
    ['I want to submit a new AI use case', 'intake.next'],
    ["I'd like to propose a gen AI project", 'intake.'],
    ['submt a use case', 'intake.'],
    ['I have an idea for using GPT to summarise supplier contracts, can I submit it?', 'intake.'],
  ])('"%s" opens the intake wizard (or the choice to continue a draft)', async (text, verb) => {
    const replies = await h.say(MEGAN, text);
    const card = cards(replies)[0];
    expect(card).toBeDefined();
    expectValidCard(card);
    expect(buttons(replies).some((a) => String(a.verb ?? '').startsWith(verb))).toBe(true);
  });

  it('"can I pick up my draft where I left off?" resumes the draft, "cancel my draft" asks to confirm discarding it', async () => {
    const resumed = await h.say(MEGAN, 'can I pick up my draft where I left off?');
    expect(buttons(resumed).some((a) => a.verb === 'intake.next')).toBe(true);
    const cancel = await h.say(MEGAN, 'please throw away my draft');
    expect(buttons(cancel).some((a) => a.verb === 'intake.discard')).toBe(true);
  });

  it('"show me my use cases" lists submissions; "status of UC-0042" shows that use case (slot), to its submitter only', async () => {
    await h.bot.deps.db.query(`select setval('use_case_number', 41)`);
    const uc = await createUseCase(h.bot.deps.db, {
      facts: FACTS.minimal,
      tier: 'minimal',
      submitter: { aadObjectId: MEGAN.aadObjectId, name: MEGAN.name },
      title: 'Supplier contract summariser',
    });
    expect(uc.code).toBe('UC-0042');
    expect(allText(await h.say(MEGAN, 'show me my use cases'))).toContain('Supplier contract summariser');
    const status = await h.say(MEGAN, "what's the status of UC-0042?");
    expect(allText(status)).toContain('UC-0042');
    expect(allText(status)).toContain('Supplier contract summariser');
    const withdraw = await h.say(MEGAN, 'I want to withdraw UC-0042');
    expect(allText(withdraw)).toContain('intake.withdraw');
    const other = await h.say(ADELE, 'where is uc 42 at?');
    expect(allText(other)).toContain('Only its submitter, its approvers and CoE admins can see it');
    expect(allText(other)).not.toContain('Supplier contract summariser');
  });

  it('"do I have anything to review?" shows the review queue', async () => {
    const replies = await h.say(ADELE, 'do I have anything to review?');
    expect(allText(replies)).toMatch(/waiting for you|Nothing is waiting/i);
  });

  it('a non-author asking to announce gets a plain refusal and buttons for what they can do instead', async () => {
    const [reply] = await h.say(STRANGER, 'I want to post an announcement to everyone');
    expect(reply.text).toMatch(/^Only CoE admins and announcement authors can write or manage announcements/);
    const offered = (reply.suggestedActions as { actions: Array<{ type: string; value: string }> }).actions.map((a) =>
      a.type === 'imBack' ? a.value : '',
    );
    expect(offered).toEqual(expect.arrayContaining(['submit a use case', 'my submissions']));
    expect(offered).not.toContain('announce');
  });

  it('an author asking in their own words gets the compose card', async () => {
    const replies = await h.say(MEGAN, 'send an announcement to everyone');
    expect(buttons(replies).some((a) => a.verb === 'announce.preview')).toBe(true);
  });

  it('"please stop sending me event announcements" mutes events (category slot) and offers a button to resume', async () => {
    const [reply] = await h.say(STRANGER, 'please stop sending me event announcements');
    expect(reply.text).toMatch(/no longer receive announcements about events/);
    expect(imBacks([reply])).toContain('resume announcements about events');
    expect((await h.say(STRANGER, 'turn event announcements back on'))[0].text).toMatch(
      /receive announcements about events again/,
    );
  });

  it('a mute request naming no category asks which one, with a button per category', async () => {
    const replies = await h.say(STRANGER, 'too many announcements, make them stop');
    expect(imBacks(replies)).toEqual([
      'stop announcements about policy',
      'stop announcements about models',
      'stop announcements about training',
      'stop announcements about events',
    ]);
  });

  it('"which questions couldn\'t you answer this week?" is the knowledge-gap report for admins and refused for others', async () => {
    expect(allText(await h.say(ALEX, "which questions couldn't you answer this week?"))).toMatch(
      /Knowledge gaps|No unanswered/,
    );
    const [refusal] = await h.say(STRANGER, "which questions couldn't you answer this week?");
    expect(refusal.text).toBe('The knowledge-gap report is for CoE admins.');
  });

  it('"export the audit trail for UC-0042" exports for admins (slot becomes the command)', async () => {
    const replies = await h.say(ALEX, 'export the audit trail for UC-0042');
    expect(String(replies[0].text)).toMatch(/UC-0042/);
  });

  it('greetings and "what can you do" show the help card shaped by roles', async () => {
    const hi = cards(await h.say(STRANGER, 'hi! what can you help me with?'))[0];
    expectValidCard(hi);
    expect(JSON.stringify(hi)).toContain('What I can do');
    expect(JSON.stringify(hi)).not.toContain('Admin (CoE staff)');
    expect(JSON.stringify(hi)).not.toContain('Waiting for me');
    const reviewer = JSON.stringify(cards(await h.say(ADELE, 'menu'))[0]);
    expect(reviewer).toContain('Waiting for me');
    expect(reviewer).not.toContain('Announce (CoE staff)');
    const admin = JSON.stringify(cards(await h.say(ALEX, 'what can you do?'))[0]);
    expect(admin).toContain('Admin (CoE staff)');
    expect(admin).toContain('knowledge gaps');
  });

  it('a question about a process gets the answer and a button that starts it', async () => {
    const replies = await h.say(STRANGER, 'how do I submit a use case?');
    expect(replies.length).toBeGreaterThanOrEqual(2);
    expect(buttons(replies).some((a) => a.verb === 'intake.next')).toBe(false);
    expect(imBacks(replies)).toContain('submit a use case');
  });

  it('"can I submit a use case by email?" is answered from the intake rules, with a button to start the wizard', async () => {
    const replies = await h.say(STRANGER, 'can I submit a use case by email?');
    expect(buttons(replies).some((a) => a.verb === 'intake.next')).toBe(false);
    expect(JSON.stringify(replies)).toMatch(/intake route|submission/);
    expect(imBacks(replies)).toContain('submit a use case');
  });

  it('a question with a greeting and a typo gets the answer, saying how the typo was read', async () => {
    const replies = await h.say(STRANGER, 'hi! quick question - can i put customer emails in chatgtp?');
    const answer = replies.find((r) => typeof r.text === 'string' && /\[1\]/.test(String(r.text)));
    expect(String(answer?.text)).toMatch(/^\*\*No\.\*\* /);
    expect(String(answer?.text)).toMatch(/_Read "chatgtp" as "chatgpt"\._$/);
  });

  it('a knowledge question is answered, not routed to a command', async () => {
    const replies = await h.say(STRANGER, 'Which models are approved for use?');
    expect(imBacks(replies)).not.toContain('submit a use case');
    expect(String(replies[0].text ?? JSON.stringify(replies[0]))).toMatch(/model/i);
  });

  it('in a channel the @mention is removed before classification', async () => {
    const mention = [
      { type: 'mention', mentioned: { id: '28:coe-bot', name: 'CoE Assistant' }, text: '<at>CoE Assistant</at>' },
    ];
    const channel = (user: User, text: string) =>
      h.activity(user, {
        text,
        entities: mention,
        conversation: {
          id: '19:general@thread.tacv2;messageid=1',
          conversationType: 'channel',
          isGroup: true,
          tenantId: TENANT,
        },
        channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' } },
      });
    const before = h.connector.calls.length;
    await h.post(channel(MEGAN, '<at>CoE Assistant</at> what can you help me with?'));
    await h.connector.waitFor((calls) => calls.slice(before).some((c) => c.body.type === 'message'));
    expect(JSON.stringify(h.connector.calls.slice(before).map((c) => c.body))).toContain('What I can do');
    const mark = h.connector.calls.length;
    await h.post(channel(MEGAN, '<at>CoE Assistant</at> I want to submit a new AI use case'));
    await h.connector.waitFor((calls) => calls.slice(mark).some((c) => c.body.type === 'message'));
    expect(JSON.stringify(h.connector.calls.slice(mark).map((c) => c.body))).toMatch(/chat with me directly/);
  });

  it('in a group chat requests are understood the same way', async () => {
    const before = h.connector.calls.length;
    await h.post(
      h.activity(ALEX, {
        text: 'show my pending approvals',
        conversation: { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
      }),
    );
    await h.connector.waitFor((calls) => calls.slice(before).some((c) => c.body.type === 'message'));
    expect(JSON.stringify(h.connector.calls.slice(before).map((c) => c.body))).toMatch(
      /waiting for you|Nothing is waiting/i,
    );
  });

  it('a clarifying button runs the chosen intent, and a forged choice outside the registry is refused', async () => {
    const forged = await h.execute(STRANGER, 'intent.choose', { intent: 'admin.drop-database', text: 'x' });
    expect(JSON.stringify(forged.body)).toContain('not one I offered');
    const before = h.connector.calls.length;
    const chosen = await h.execute(STRANGER, 'intent.choose', { intent: 'intake.mine', text: 'my stuff' });
    expect(JSON.stringify(chosen.body)).toContain('My submissions');
    expect(JSON.stringify(h.connector.calls.slice(before).map((c) => c.body))).toMatch(/submission|use case/i);
    const refused = await h.execute(STRANGER, 'intent.choose', { intent: 'intake.all', text: 'all of them' });
    expect(refused.status).toBe(200);
  });
});
