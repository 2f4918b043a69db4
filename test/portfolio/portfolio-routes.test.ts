import type { UseCase } from '../../src/intake/use-case';
import type { UseCaseFacts } from '../../src/intake/use-case-facts';
import { ALEX, BotHarness, MEGAN, STRANGER, cardOf } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';
import { FACTS, PEOPLE, createUseCase, reviewOrg } from '../review/review-fixtures';

const SAM = PEOPLE.sam;
const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

describe('portfolio lifecycle through /api/messages', () => {
  let h: BotHarness;

  /** A use case submitted by Sam and approved by Alex through the review card. */
  const approvedCase = async (facts: UseCaseFacts = FACTS.minimal): Promise<UseCase> => {
    const uc = await createUseCase(h.bot.deps.db, { facts, tier: 'minimal' });
    await h.bot.deps.review.submitted(uc);
    const review = (await h.bot.deps.review.reviews.getByUseCase(uc.id))!;
    expect((await h.execute(ALEX, 'review.approve', { reviewId: review.id, version: review.version })).status).toBe(
      200,
    );
    return (await h.bot.deps.intake.useCases.get(uc.id)) ?? uc;
  };
  const stage = async (id: number) => (await h.bot.deps.portfolio.view(id))!.stage;
  const cardReply = (res: { status: number; body: any }) => {
    if (res.body.type !== CARD) throw new Error(JSON.stringify(res.body));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe(CARD);
    expectValidCard(res.body.value);
    return res.body.value;
  };
  const messageReply = (res: { status: number; body: any }): string => {
    if (res.body.type !== MESSAGE) throw new Error(JSON.stringify(res.body));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe(MESSAGE);
    return res.body.value;
  };
  const verbsOf = (card: any): string[] => JSON.stringify(card).match(/"verb":"[^"]+","data":\{[^}]*\}/g) ?? [];

  beforeAll(async () => {
    h = await BotHarness.start({
      org: reviewOrg((raw) => (raw.groups.legal.members = [{ id: MEGAN.aadObjectId, name: MEGAN.name }])),
    });
    for (const u of [ALEX, MEGAN, SAM, STRANGER]) await h.say(u, 'hello');
  });
  afterAll(async () => h.stop());

  it('the owner opens the status card by chat command and moves the case; a repeated click changes nothing', async () => {
    const uc = await approvedCase();
    const [msg] = await h.say(SAM, `portfolio ${uc.code}`);
    const status = cardOf(msg);
    expectValidCard(status);
    expect(verbsOf(status).join('\n')).toContain(
      `"verb":"portfolio.move","data":{"useCaseId":${uc.id},"to":"building","version":0}`,
    );

    const moved = cardReply(
      await h.execute(SAM, 'portfolio.move', { useCaseId: uc.id, to: 'building', version: 0, reason: 'Team staffed' }),
    );
    expect(JSON.stringify(moved)).toContain('moved from Approved to Building');
    expect(verbsOf(moved).join('\n')).toContain(`"to":"pilot","version":1`);
    expect(await stage(uc.id)).toBe('building');

    const again = cardReply(
      await h.execute(SAM, 'portfolio.move', { useCaseId: uc.id, to: 'building', version: 0, reason: 'Team staffed' }),
    );
    expect(JSON.stringify(again)).toContain('already in Building');
    const events = (await h.bot.deps.audit.list({ subjectType: 'use-case', subjectId: uc.code })).filter(
      (e) => e.action === 'portfolio.moved',
    );
    expect(events).toEqual([
      expect.objectContaining({
        actorId: SAM.aadObjectId,
        actorName: SAM.name,
        comment: 'Team staffed',
        details: { from: 'approved', to: 'building' },
      }),
    ]);
  });

  it('someone else cannot open or move the case; a CoE admin can', async () => {
    const uc = await approvedCase();
    expect(
      messageReply(await h.execute(STRANGER, 'portfolio.move', { useCaseId: uc.id, to: 'retired', version: 0 })),
    ).toContain('Only the owner');
    expect(await stage(uc.id)).toBe('approved');
    const [reply] = await h.say(STRANGER, `portfolio ${uc.code}`);
    expect(cardOf(reply)).toBeUndefined();
    expect(String(reply.text)).toContain('cannot find');
    const byAdmin = cardReply(
      await h.execute(ALEX, 'portfolio.move', { useCaseId: uc.id, to: 'pilot', version: 0, reason: 'Fast-tracked' }),
    );
    expect(JSON.stringify(byAdmin)).toContain('moved from Approved to Pilot');
    expect(await stage(uc.id)).toBe('pilot');
  });

  it('moving to production asks for the production details and records them', async () => {
    const uc = await approvedCase();
    cardReply(await h.execute(SAM, 'portfolio.move', { useCaseId: uc.id, to: 'pilot', version: 0 }));
    const missing = cardReply(
      await h.execute(SAM, 'portfolio.move', {
        useCaseId: uc.id,
        to: 'production',
        version: 1,
        goLive: '',
        models: '',
        hosting: 'azure-openai',
        monthlyCost: '',
      }),
    );
    expect(JSON.stringify(missing)).toContain('fill in the production details');
    expect(await stage(uc.id)).toBe('pilot');
    const done = cardReply(
      await h.execute(SAM, 'portfolio.move', {
        useCaseId: uc.id,
        to: 'production',
        version: 1,
        goLive: '2026-12-01',
        models: 'gpt-4o',
        hosting: 'azure-openai',
        monthlyCost: '450',
      }),
    );
    expect(JSON.stringify(done)).toContain('moved from Pilot to Production');
    expect((await h.bot.deps.portfolio.view(uc.id))!.record).toMatchObject({
      stage: 'production',
      goLive: '2026-12-01',
      models: ['gpt-4o'],
      monthlyCostEstimate: 450,
    });
  });

  it('a material change from the card sends the case to the legal approver', async () => {
    const uc = await approvedCase();
    const before = h.connector.calls.length;
    const res = cardReply(
      await h.execute(SAM, 'portfolio.change', {
        useCaseId: uc.id,
        description: 'We open it to customers',
        affected: 'customers',
        customerFacing: 'true',
      }),
    );
    expect(JSON.stringify(res)).toContain('went back to review');
    const toMegan = h.connector.calls
      .slice(before)
      .filter((c) => c.method === 'POST' && c.conversationId === `a:personal-${MEGAN.aadObjectId}`);
    expect(toMegan.map((c) => JSON.stringify(cardOf(c.body))).join('')).toContain(uc.code);
    expect((await h.bot.deps.portfolio.view(uc.id))!.inReview).toBe(true);
  });

  it('rejects damaged card data without changing anything', async () => {
    const uc = await approvedCase();
    expect(
      messageReply(await h.execute(SAM, 'portfolio.move', { useCaseId: uc.id, to: 'launched', version: 0 })),
    ).toContain('nothing was changed');
    expect(messageReply(await h.execute(SAM, 'portfolio.move', { useCaseId: 'x', to: 'pilot' }))).toContain(
      'nothing was changed',
    );
    expect(await stage(uc.id)).toBe('approved');
  });

  it('"my portfolio" lists the person\'s cases; "export inventory" is for CoE admins only', async () => {
    const uc = await approvedCase();
    const [mine] = await h.say(SAM, 'my portfolio');
    expectValidCard(cardOf(mine));
    expect(JSON.stringify(cardOf(mine))).toContain(uc.code);
    const [strangerList] = await h.say(STRANGER, 'my portfolio');
    expect(JSON.stringify(cardOf(strangerList))).not.toContain(uc.code);
    const [refused] = await h.say(SAM, 'export inventory');
    expect(refused.text).toContain('Only CoE admins');
    const exported = await h.say(ALEX, 'export inventory');
    expect(exported[0].text).toMatch(/AI inventory: \d+ use cases as CSV/);
    expect(exported[1].text).toContain('code,title,tier,stage');
    expect(exported[1].text).toContain(uc.code);
    const json = await h.say(ALEX, 'export inventory as json');
    expect(JSON.parse(String(json[1].text).replace(/^```json\n|\n```$/g, ''))).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: uc.code })]),
    );
  });
});
