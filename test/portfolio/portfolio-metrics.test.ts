import { announcementReach } from '../../src/announcements/announcement-reach';
import type { UseCase } from '../../src/intake/use-case';
import { knowledgeMetrics } from '../../src/knowledge/feedback/knowledge-metrics';
import { PortfolioMetrics } from '../../src/portfolio/portfolio-metrics';
import type { Database } from '../../src/store/database';
import { FACTS, PEOPLE, createUseCase } from '../review/review-fixtures';
import { DRIVERS, openDriverDatabase } from '../support/test-database';

/**
 * A constructed portfolio whose metrics are known by hand:
 * A production since 2026-02-10 (check-ins 800 then 900), B production since 2026-05-01 (estimate 2000, no check-in),
 * C pilot (check-in 300), D reached production 2026-04-03 then retired, E still in review, F high tier in production
 * since 2025-12-15 (estimate 500, re-review due 12 months later).
 */
describe.each(DRIVERS)('portfolio metrics on a constructed portfolio (%s)', (driver) => {
  let db: Database;
  let drop: (() => Promise<void>) | undefined;
  const cases: Record<string, UseCase> = {};

  const portfolioCase = (uc: UseCase, stage: string, productionAt: string | null, estimate: number | null) =>
    db.query(
      `insert into portfolio_cases (use_case_id, stage, production_at, monthly_cost_estimate, models, hosting) values ($1, $2, $3, $4, $5, 'azure-openai')`,
      [uc.id, stage, productionAt, estimate, JSON.stringify(['gpt-4o'])],
    );
  const checkIn = (uc: UseCase, period: string, stage: string, cost: number) =>
    db.query(
      `insert into portfolio_checkins (use_case_id, period, stage, actual_monthly_cost, reporter_id) values ($1, $2, $3, $4, 'x')`,
      [uc.id, period, stage, cost],
    );
  const rating = (uc: UseCase, bu: string, period: string, score: number) =>
    db.query(
      `insert into portfolio_ratings (use_case_id, business_unit, period, score, rater_id) values ($1, $2, $3, $4, 'sponsor')`,
      [uc.id, bu, period, score],
    );
  const reviewRow = (uc: UseCase, status: string, createdAt: string, closedAt: string | undefined, stages: object[]) =>
    // The row's created_at is the insert time; the review's own clock is state.createdAt (seeded or migrated reviews differ).
    db.query(
      `insert into reviews (use_case_id, use_case_code, submitter_id, status, state) values ($1, $2, 'x', $3, $4)`,
      [uc.id, uc.code, status, JSON.stringify({ status, createdAt, closedAt, stages })],
    );
  const stage = (id: string, status: string, startedAt: string, dueAt: string, completedAt?: string) => ({
    id,
    name: id === 'coe-triage' ? 'CoE triage' : 'Privacy review',
    status,
    slaBusinessDays: 2,
    startedAt,
    dueAt,
    completedAt,
  });

  beforeAll(async () => {
    ({ db, drop } = await openDriverDatabase(driver));
    for (const [key, tier, bu] of [
      ['A', 'minimal', 'Finance'],
      ['B', 'limited', 'HR'],
      ['C', 'minimal', 'Finance'],
      ['D', 'minimal', 'HR'],
      ['E', 'minimal', 'Legal'],
      ['F', 'high', 'Finance'],
    ] as const) {
      const uc = await createUseCase(db, {
        facts: FACTS.minimal,
        tier,
        title: `Case ${key}`,
        submitter: key === 'C' ? PEOPLE.megan : PEOPLE.sam,
      });
      await db.query(`update use_cases set business_unit = $2, status = $3 where id = $1`, [
        uc.id,
        bu,
        key === 'E' ? 'in-review' : 'approved',
      ]);
      cases[key] = uc;
    }
    await portfolioCase(cases.A, 'production', '2026-02-10T10:00:00Z', 1000);
    await portfolioCase(cases.B, 'production', '2026-05-01T10:00:00Z', 2000);
    await portfolioCase(cases.C, 'pilot', null, null);
    await portfolioCase(cases.D, 'retired', '2026-04-03T10:00:00Z', 700);
    await portfolioCase(cases.F, 'production', '2025-12-15T10:00:00Z', 500);
    await checkIn(cases.A, '2026-10', 'production', 800);
    await checkIn(cases.A, '2026-11', 'production', 900);
    await checkIn(cases.C, '2026-11', 'pilot', 300);
    await rating(cases.A, 'Finance', '2026-Q3', 4);
    await rating(cases.A, 'Finance', '2026-Q4', 5);
    await rating(cases.B, 'HR', '2026-Q4', 2);
    await db.query(
      `insert into ai_incidents (code, use_case_id, reporter_id, reporter_name, severity, summary, notify_within_minutes) values ('INC-T1', $1, 'x', 'X', 2, 'Wrong answers', 1440)`,
      [cases.A.id],
    );
    await reviewRow(cases.A, 'approved', '2026-11-02T09:00:00Z', '2026-11-06T09:00:00Z', [
      stage('coe-triage', 'approved', '2026-11-02T09:00:00Z', '2026-11-04T09:00:00Z', '2026-11-03T09:00:00Z'),
    ]);
    await reviewRow(cases.B, 'rejected', '2026-11-01T09:00:00Z', '2026-11-03T09:00:00Z', [
      stage('coe-triage', 'rejected', '2026-11-01T09:00:00Z', '2026-11-02T09:00:00Z', '2026-11-03T09:00:00Z'),
    ]);
    await reviewRow(cases.E, 'in-review', '2026-11-03T09:00:00Z', undefined, [
      stage('coe-triage', 'approved', '2026-11-03T09:00:00Z', '2026-11-05T09:00:00Z', '2026-11-04T21:00:00Z'),
      stage('privacy', 'active', '2026-11-04T21:00:00Z', '2026-11-06T09:00:00Z'),
    ]);

    for (let i = 0; i < 10; i += 1) {
      await db.query(
        `insert into knowledge_answers (activity_id, conversation_id, question, answer_text, grounded) values ($1, 'c', 'q', 'a', $2)`,
        [`act-${i}`, i < 7],
      );
    }
    for (const reaction of ['like', 'like', 'like', 'dislike']) {
      await db.query(
        `insert into knowledge_feedback (reaction, question, normalized_question, answer_text) values ($1, 'Which model for code?', 'which model for code', 'a')`,
        [reaction],
      );
    }
    for (let i = 0; i < 2; i += 1)
      await db.query(
        `insert into knowledge_unanswered (question, normalized_question) values ('How do I get a GPU?', 'how do i get a gpu')`,
      );
    await db.query(
      `insert into knowledge_escalations (id, created_at, asker_id, asker_name, asker_conversation_id, question, status, answered_at) values ('e1', '2026-11-02T09:00:00Z', 'x', 'X', 'c', 'q', 'answered', '2026-11-02T12:00:00Z'), ('e2', '2026-11-03T09:00:00Z', 'x', 'X', 'c', 'q', 'open', null)`,
    );
    const [ann] = await db.query<{ id: number }>(
      `insert into announcements (author_id, author_name, title, body, category, audience, requires_ack, status, started_at) values ('x', 'X', 'New model policy', 'b', 'policy', '{}'::jsonb, true, 'completed', now()) returning id`,
    );
    for (const [i, status] of ['sent', 'sent', 'sent', 'failed'].entries()) {
      await db.query(
        `insert into announcement_deliveries (announcement_id, recipient_key, kind, pace_key, status, aad_object_id) values ($1, $2, 'personal', 'p', $3, $2)`,
        [ann.id, `u${i}`, status],
      );
    }
    await db.query(`insert into announcement_acks (announcement_id, aad_object_id) values ($1, 'u0'), ($1, 'u1')`, [
      ann.id,
    ]);
  });
  afterAll(async () => {
    await db.close();
    await drop?.();
  });

  const metrics = () => new PortfolioMetrics(db, 12);

  it('counts cases reaching production per quarter, including one retired since', async () => {
    expect(await metrics().productionPerQuarter()).toEqual([
      { period: '2025-Q4', count: 1 },
      { period: '2026-Q1', count: 1 },
      { period: '2026-Q2', count: 2 },
    ]);
  });

  it('divides the latest reported costs of the production deployments by their number', async () => {
    const cost = await metrics().costPerDeployment();
    expect(cost).toEqual({
      deployments: 3,
      totalMonthlyCost: 3400,
      perDeployment: 1133.33,
      trend: [
        { period: '2026-10', deployments: 1, perDeployment: 800 },
        { period: '2026-11', deployments: 1, perDeployment: 900 },
      ],
    });
  });

  it('averages business-unit satisfaction overall, per unit and per quarter', async () => {
    expect(await metrics().satisfaction()).toEqual({
      mean: 3.67,
      n: 3,
      byBusinessUnit: [
        { businessUnit: 'Finance', mean: 4.5, n: 2 },
        { businessUnit: 'HR', mean: 2, n: 1 },
      ],
      trend: [
        { period: '2026-Q3', mean: 4, n: 1 },
        { period: '2026-Q4', mean: 3.5, n: 2 },
      ],
    });
  });

  it('measures submission-to-decision time and each stage against its SLA', async () => {
    const times = await metrics().reviewTimes(new Date('2026-11-09T09:00:00Z'));
    expect(times.decided).toBe(2);
    expect(times.meanDaysToDecision).toBe(3);
    expect(times.stages).toEqual([
      {
        stageId: 'coe-triage',
        stage: 'CoE triage',
        slaBusinessDays: 2,
        decided: 3,
        meanDays: 1.5,
        onTimeShare: 0.667,
        overdueOpen: 0,
      },
      {
        stageId: 'privacy',
        stage: 'Privacy review',
        slaBusinessDays: 2,
        decided: 0,
        meanDays: 0,
        onTimeShare: 0,
        overdueOpen: 1,
      },
    ]);
  });

  it('lists the inventory with stage, models, hosting, cost, open incidents and next re-review, filtered by owner', async () => {
    const rows = await metrics().inventory();
    const byTitle = Object.fromEntries(rows.map((r) => [r.title, r]));
    expect(Object.keys(byTitle).sort()).toEqual(['Case A', 'Case B', 'Case C', 'Case D', 'Case E', 'Case F']);
    expect(byTitle['Case A']).toMatchObject({
      stage: 'production',
      models: ['gpt-4o'],
      hosting: 'azure-openai',
      monthlyCost: 900,
      openIncidents: 1,
      businessUnit: 'Finance',
    });
    expect(byTitle['Case E']).toMatchObject({ stage: 'in-review', models: [], monthlyCost: undefined });
    expect(byTitle['Case D'].stage).toBe('retired');
    expect(byTitle['Case F'].nextReReviewAt).toBe('2026-12-15T10:00:00.000Z');
    expect(byTitle['Case A'].nextReReviewAt).toBeUndefined();
    expect((await metrics().inventory({ ownerId: PEOPLE.megan.aadObjectId })).map((r) => r.title)).toEqual(['Case C']);
    expect((await metrics().inventory({ stage: 'production' })).map((r) => r.title).sort()).toEqual([
      'Case A',
      'Case B',
      'Case F',
    ]);
    const funnel = await metrics().funnel();
    expect(funnel.filter((f) => f.stage === 'production').reduce((s, f) => s + f.count, 0)).toBe(3);
  });

  it('reports knowledge metrics: answered share, thumbs-up share, escalations, expert answer time, top gaps', async () => {
    const k = await knowledgeMetrics(db);
    expect(k).toMatchObject({
      questions: 10,
      answered: 7,
      answeredShare: 0.7,
      likes: 3,
      dislikes: 1,
      thumbsUpShare: 0.75,
      escalations: 2,
      escalationsAnswered: 1,
      meanHoursToExpertAnswer: 3,
    });
    expect(k.topGaps.map((g) => [g.question, g.total])).toEqual([
      ['How do I get a GPU?', 2],
      ['Which model for code?', 1],
    ]);
  });

  it('reports announcement reach and acknowledgements', async () => {
    expect(await announcementReach(db)).toEqual([
      expect.objectContaining({
        title: 'New model policy',
        recipients: 4,
        delivered: 3,
        requiresAck: true,
        acknowledged: 2,
      }),
    ]);
  });
});
