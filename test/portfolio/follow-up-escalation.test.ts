import { ALEX, BotHarness, MEGAN, cardOf } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';
import { FACTS, PEOPLE, createUseCase, reviewOrg } from '../review/review-fixtures';

const SAM = PEOPLE.sam;
const DAY = 86_400_000;
const chatOf = (u: { aadObjectId: string }) => `a:personal-${u.aadObjectId}`;

/** Unanswered check-ins and surveys: one reminder to the person asked, then one escalation to the escalation contact (Alex). */
describe('escalation of unanswered check-ins and surveys through /api/messages', () => {
  let h: BotHarness;
  const later = (days: number) => new Date(Date.now() + days * DAY);
  const cardsTo = (user: { aadObjectId: string }, from: number, needle: string) =>
    h.connector.calls
      .slice(from)
      .filter((c) => c.method === 'POST' && c.conversationId === chatOf(user))
      .map((c) => cardOf(c.body))
      .filter((c) => c && JSON.stringify(c).includes(needle));

  beforeAll(async () => {
    h = await BotHarness.start({
      org: reviewOrg((raw) => {
        raw.portfolio = {
          workerIntervalSeconds: 0,
          reminderDays: 7,
          escalationDays: 14,
          businessUnitContacts: { Finance: { id: MEGAN.aadObjectId, name: MEGAN.name } },
        };
      }),
    });
    for (const u of [ALEX, MEGAN, SAM]) await h.say(u, 'hello');
  });
  afterAll(async () => h.stop());

  it('escalates an unanswered check-in and survey once, after the reminder; the contact can send the check-in from the card', async () => {
    const uc = await createUseCase(h.bot.deps.db, { facts: FACTS.minimal, tier: 'minimal' });
    await h.bot.deps.db.query(`update use_cases set status = 'approved' where id = $1`, [uc.id]);
    await h.bot.deps.db.query(
      `insert into portfolio_cases (use_case_id, stage, stage_changed_at, production_at) values ($1, 'production', now() - interval '30 days', now() - interval '30 days')`,
      [uc.id],
    );
    const before = h.connector.calls.length;
    const run = (days: number) => h.bot.deps.portfolioFollowUps.runDue(later(days));
    await run(0);
    expect(cardsTo(SAM, before, `Monthly check-in for ${uc.code}`)).toHaveLength(1);
    expect(cardsTo(MEGAN, before, `How satisfied is Finance with ${uc.code}`)).toHaveLength(1);
    await run(8);
    expect(cardsTo(SAM, before, `Reminder: Monthly check-in for ${uc.code}`)).toHaveLength(1);
    await run(13);
    expect(cardsTo(ALEX, before, `Unanswered`)).toHaveLength(0);
    await run(15);
    await run(16);
    const checkIn = cardsTo(ALEX, before, `Unanswered: Monthly check-in for ${uc.code}`);
    const survey = cardsTo(ALEX, before, `Unanswered: Finance's`);
    expect(checkIn).toHaveLength(1);
    expect(survey).toHaveLength(1);
    expectValidCard(checkIn[0]);
    expectValidCard(survey[0]);
    expect(JSON.stringify(checkIn[0])).toContain('Sam Submitter was asked on');
    expect(JSON.stringify(survey[0])).toContain('Only Megan Bowen rates');
    const res = await h.execute(ALEX, 'portfolio.checkIn', {
      ...checkIn[0].actions[0].data,
      stage: 'production',
      actualMonthlyCost: '450',
      incidents: '0',
    });
    expect(JSON.stringify(res.body.value)).toContain('check-in is recorded');
    await run(40);
    expect(cardsTo(ALEX, before, `Unanswered: Monthly check-in for ${uc.code}`)).toHaveLength(1);
    const [prompt] = await h.bot.deps.db.query<{ escalated_at: Date | null }>(
      `select escalated_at from portfolio_prompts where use_case_id = $1 and kind = 'check-in'`,
      [uc.id],
    );
    expect(prompt.escalated_at).not.toBeNull();
  });
});
