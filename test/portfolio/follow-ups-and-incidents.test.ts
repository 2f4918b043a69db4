import type { UseCase } from '../../src/intake/use-case';
import type { UseCaseFacts, RiskTier } from '../../src/intake/use-case-facts';
import { ALEX, BotHarness, MEGAN, STRANGER, cardOf } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';
import { FACTS, PEOPLE, createUseCase, reviewOrg } from '../review/review-fixtures';

const SAM = PEOPLE.sam;
const CARD = 'application/vnd.microsoft.card.adaptive';
const DAY = 86_400_000;
const chatOf = (u: { aadObjectId: string }) => `a:personal-${u.aadObjectId}`;
const PRODUCTION = { goLive: '2026-12-01', models: 'gpt-4o', hosting: 'azure-openai', monthlyCost: '900' };

describe('check-ins, surveys, re-reviews and incidents through /api/messages', () => {
  let h: BotHarness;
  const later = (days: number) => new Date(Date.now() + days * DAY);

  const approvedCase = async (facts: UseCaseFacts = FACTS.minimal, tier: RiskTier = 'minimal'): Promise<UseCase> => {
    const uc = await createUseCase(h.bot.deps.db, { facts, tier });
    await h.bot.deps.review.submitted(uc);
    for (let i = 0; i < 4; i += 1) {
      for (const who of [ALEX, MEGAN]) {
        const state = (await h.bot.deps.review.reviews.getByUseCase(uc.id))!;
        if (state.status === 'in-review')
          await h.execute(who, 'review.approve', { reviewId: state.id, version: state.version });
      }
    }
    const fresh = (await h.bot.deps.intake.useCases.get(uc.id))!;
    expect(fresh.status).toBe('approved');
    return fresh;
  };
  const moveTo = async (uc: UseCase, stages: Array<'pilot' | 'production'>) => {
    for (const to of stages) {
      const view = (await h.bot.deps.portfolio.view(uc.id))!;
      const r = await h.bot.deps.portfolio.move(
        { aadObjectId: SAM.aadObjectId, name: SAM.name },
        { useCaseId: uc.id, to, version: view.version, details: to === 'production' ? PRODUCTION : undefined },
      );
      expect(r.kind).toBe('moved');
    }
  };
  const cardsTo = (user: { aadObjectId: string }, from: number) =>
    h.connector.calls
      .slice(from)
      .filter((c) => c.method === 'POST' && c.conversationId === chatOf(user))
      .map((c) => cardOf(c.body))
      .filter(Boolean);
  const answer = (res: { status: number; body: any }): string => {
    expect(res.status).toBe(200);
    if (res.body.type === CARD) expectValidCard(res.body.value);
    return JSON.stringify(res.body.value);
  };

  beforeAll(async () => {
    h = await BotHarness.start({
      org: reviewOrg((raw) => {
        raw.portfolio = {
          workerIntervalSeconds: 0,
          reReviewMonths: 12,
          reminderDays: 7,
          businessUnitContacts: { Finance: { id: MEGAN.aadObjectId, name: MEGAN.name } },
        };
      }),
    });
    for (const u of [ALEX, MEGAN, SAM, STRANGER]) await h.say(u, 'hello');
  });
  afterAll(async () => h.stop());

  it('sends the monthly check-in once to the owner of a pilot, records the answer once, reminds once, and refuses others', async () => {
    const uc = await approvedCase();
    await moveTo(uc, ['pilot']);
    const before = h.connector.calls.length;
    await h.bot.deps.portfolioFollowUps.runDue(later(1));
    expect(
      cardsTo(SAM, before).filter((c) => JSON.stringify(c).includes(`Monthly check-in for ${uc.code}`)),
    ).toHaveLength(0);
    await h.bot.deps.portfolioFollowUps.runDue(later(15));
    await h.bot.deps.portfolioFollowUps.runDue(later(15));
    const checkIns = cardsTo(SAM, before).filter((c) => JSON.stringify(c).includes(`Monthly check-in for ${uc.code}`));
    expect(checkIns).toHaveLength(1);
    expectValidCard(checkIns[0]);
    const data = checkIns[0].actions[0].data;
    expect(
      answer(
        await h.execute(STRANGER, 'portfolio.checkIn', {
          ...data,
          stage: 'pilot',
          actualMonthlyCost: '300',
          incidents: '0',
        }),
      ),
    ).toContain('Only the owner');
    expect(
      answer(
        await h.execute(SAM, 'portfolio.checkIn', {
          ...data,
          stage: 'pilot',
          actualMonthlyCost: 'lots',
          incidents: '0',
        }),
      ),
    ).toContain('as a number');
    expect(
      answer(
        await h.execute(SAM, 'portfolio.checkIn', {
          ...data,
          stage: 'pilot',
          actualMonthlyCost: '300',
          incidents: '1',
          news: 'Users love it',
        }),
      ),
    ).toContain('check-in is recorded');
    expect(
      answer(
        await h.execute(SAM, 'portfolio.checkIn', {
          ...data,
          stage: 'pilot',
          actualMonthlyCost: '999',
          incidents: '0',
        }),
      ),
    ).toContain('already recorded');
    const rows = await h.bot.deps.db.query<{ actual_monthly_cost: string }>(
      'select actual_monthly_cost from portfolio_checkins where use_case_id = $1',
      [uc.id],
    );
    expect(rows.map((r) => Number(r.actual_monthly_cost))).toEqual([300]);

    const other = await approvedCase();
    await moveTo(other, ['pilot']);
    await h.bot.deps.portfolioFollowUps.runDue(later(15));
    const mid = h.connector.calls.length;
    await h.bot.deps.portfolioFollowUps.runDue(later(23));
    await h.bot.deps.portfolioFollowUps.runDue(later(24));
    const reminders = cardsTo(SAM, mid)
      .map((c) => JSON.stringify(c))
      .filter((t) => t.includes('Reminder: Monthly check-in'));
    expect(reminders.filter((t) => t.includes(other.code))).toHaveLength(1);
    expect(reminders.filter((t) => t.includes(uc.code))).toHaveLength(0);
  });

  it('sends the quarterly survey to the business unit contact, who alone may rate', async () => {
    const uc = await approvedCase();
    await moveTo(uc, ['pilot', 'production']);
    const before = h.connector.calls.length;
    await h.bot.deps.portfolioFollowUps.runDue(later(15));
    const surveys = cardsTo(MEGAN, before).filter((c) =>
      JSON.stringify(c).includes(`How satisfied is Finance with ${uc.code}?`),
    );
    expect(surveys).toHaveLength(1);
    expectValidCard(surveys[0]);
    const data = surveys[0].actions[0].data;
    expect(answer(await h.execute(SAM, 'portfolio.rate', { ...data, score: '5' }))).toContain('Only Megan Bowen');
    expect(answer(await h.execute(ALEX, 'portfolio.rate', { ...data, score: '5' }))).toContain('Only Megan Bowen');
    expect(answer(await h.execute(MEGAN, 'portfolio.rate', { ...data, score: '9' }))).toContain('from 1 to 5');
    expect(
      answer(await h.execute(MEGAN, 'portfolio.rate', { ...data, score: '4', comment: 'Saves us hours' })),
    ).toContain('4 out of 5 recorded');
    expect(answer(await h.execute(MEGAN, 'portfolio.rate', { ...data, score: '1' }))).toContain('already recorded');
    const [row] = await h.bot.deps.db.query<{ score: number }>(
      'select score from portfolio_ratings where use_case_id = $1',
      [uc.id],
    );
    expect(row.score).toBe(4);
  });

  it('re-opens the review of a high-tier production case when its re-review falls due, once, and the approvers get cards', async () => {
    const uc = await approvedCase(FACTS.highInternal, 'high');
    await moveTo(uc, ['pilot', 'production']);
    await h.bot.deps.db.query(`update portfolio_cases set production_at = $2 where use_case_id = $1`, [
      uc.id,
      new Date(Date.now() - 370 * DAY),
    ]);
    expect((await h.bot.deps.portfolio.view(uc.id))!.nextReReviewAt! < new Date().toISOString()).toBe(true);
    const before = h.connector.calls.length;
    await h.bot.deps.portfolioFollowUps.runDue(new Date());
    await h.bot.deps.portfolioFollowUps.runDue(new Date());
    const state = (await h.bot.deps.review.reviews.getByUseCase(uc.id))!;
    expect(state.status).toBe('in-review');
    expect(state.stages.find((s) => s.id === 'coe-triage')!.status).toBe('active');
    const reviewCards = cardsTo(ALEX, before).filter(
      (c) => JSON.stringify(c).includes(uc.code) && JSON.stringify(c).includes('review.approve'),
    );
    expect(reviewCards).toHaveLength(1);
    const events = (await h.bot.deps.audit.list({ subjectType: 'use-case', subjectId: uc.code })).filter(
      (e) => e.action === 'review.reopened',
    );
    expect(events).toHaveLength(1);
    expect(events[0].comment).toContain('every 12 months');
    const view = (await h.bot.deps.portfolio.view(uc.id))!;
    expect(view.record!.lastRereviewAt).toBeDefined();
  });

  it('a severity 1 incident on a high-tier case tells the CoE, Security and the Ethics Board once; the post-mortem lessons reach the knowledge base', async () => {
    const uc = await approvedCase(FACTS.highInternal, 'high');
    const [form] = await h.say(STRANGER, `report an AI incident for ${uc.code}`);
    const formCard = cardOf(form);
    expectValidCard(formCard);
    const key = formCard.actions[0].data.key;
    const before = h.connector.calls.length;
    const reported = answer(
      await h.execute(STRANGER, 'incident.report', {
        key,
        severity: '1',
        useCaseCode: uc.code,
        summary: "The assistant showed another employee's salary details.",
      }),
    );
    expect(reported).toMatch(/INC-\d{4}: severity 1 AI incident/);
    expect(reported).toContain('Also use the security incident reporting channel');
    expect(cardsTo(ALEX, before)).toHaveLength(1);
    expect(cardsTo(MEGAN, before)).toHaveLength(1);
    const again = answer(
      await h.execute(STRANGER, 'incident.report', {
        key,
        severity: '1',
        useCaseCode: uc.code,
        summary: "The assistant showed another employee's salary details.",
      }),
    );
    expect(again).toContain('already reported');
    expect(cardsTo(ALEX, before)).toHaveLength(1);
    const [incident] = await h.bot.deps.db.query<{ id: string; severity: number; notify_within_minutes: number }>(
      'select id, severity, notify_within_minutes from ai_incidents where idempotency_key = $1',
      [key],
    );
    expect(incident).toMatchObject({ severity: 1, notify_within_minutes: 60 });
    const incidentId = Number(incident.id);
    const pm = {
      incidentId,
      summary: 'Salary data shown',
      rootCauses: 'The HR index had no access trimming',
      lessons: "Always trim retrieval results by the asker's permissions before generation.",
    };
    expect(answer(await h.execute(MEGAN, 'incident.postMortem', pm))).toContain('Only the reporter');
    expect(answer(await h.execute(STRANGER, 'incident.postMortem', pm))).toContain('Post-mortem saved');
    expect(answer(await h.execute(STRANGER, 'incident.publish', { incidentId }))).toContain('Only CoE admins');
    expect(answer(await h.execute(ALEX, 'incident.publish', { incidentId }))).toContain('now in the knowledge base');
    const docs = await h.bot.deps.db.query<{ source: string }>(
      `select source from knowledge_documents where source like 'incident-lessons/%'`,
    );
    expect(docs.length).toBe(1);
    const [reply] = await h.say(
      SAM,
      "Should retrieval results be trimmed by the asker's permissions before generation?",
    );
    expect(JSON.stringify(reply)).toMatch(/incident-lessons|Lessons from INC-/);
  });

  it('a severity 3 incident without a use case goes to the CoE only', async () => {
    const [form] = await h.say(SAM, 'report an incident');
    const key = cardOf(form).actions[0].data.key;
    const before = h.connector.calls.length;
    expect(
      answer(
        await h.execute(SAM, 'incident.report', {
          key,
          severity: '3',
          useCaseCode: '',
          summary: 'Citations link to a missing page.',
        }),
      ),
    ).toContain('severity 3');
    expect(cardsTo(ALEX, before)).toHaveLength(1);
    expect(cardsTo(MEGAN, before)).toHaveLength(0);
    expect(
      answer(await h.execute(SAM, 'incident.report', { key: 'k'.repeat(10), severity: '7', summary: 'x' })),
    ).toContain('severity from 1 to 3');
  });
});
