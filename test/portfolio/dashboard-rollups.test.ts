import type { Database } from '../../src/store/database';
import { FACTS, createUseCase } from '../review/review-fixtures';
import { DRIVERS, openDriverDatabase } from '../support/test-database';

/**
 * The dashboard's rollups (migration 012) are kept by triggers: after inserts, updates and deletes on every table
 * they follow, each rollup equals a full recount from the base tables.
 */
describe.each(DRIVERS)('dashboard rollups stay equal to a recount (%s)', (driver) => {
  let db: Database;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ db, drop } = await openDriverDatabase(driver));
  });
  afterAll(async () => {
    await db.close();
    await drop?.();
  });

  const same = async (rollup: string, recount: string) => {
    const [a, b] = [await db.query(rollup), await db.query(recount)];
    expect(JSON.parse(JSON.stringify(a))).toEqual(JSON.parse(JSON.stringify(b)));
    return a;
  };
  const stage = (id: string, status: string, day: number, completedDay?: number) => ({
    id,
    name: id,
    status,
    slaBusinessDays: 3,
    startedAt: new Date(Date.UTC(2026, 9, day)).toISOString(),
    dueAt: new Date(Date.UTC(2026, 9, day + 3)).toISOString(),
    completedAt: completedDay === undefined ? undefined : new Date(Date.UTC(2026, 9, completedDay)).toISOString(),
  });

  it('after a mixed workload of inserts, updates and deletes', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const uc = await createUseCase(db, { facts: FACTS.minimal, tier: i % 3 ? 'minimal' : 'high' });
      ids.push(uc.id);
      await db.query(
        `insert into reviews (use_case_id, use_case_code, submitter_id, status, state) values ($1, $2, 'x', 'in-review', $3)`,
        [uc.id, uc.code, JSON.stringify({ createdAt: '2026-10-01T00:00:00Z', stages: [stage('triage', 'active', 1)] })],
      );
    }
    // Decisions, a re-opened review, approvals and portfolio moves.
    for (const [n, id] of ids.entries()) {
      const status = n % 4 === 3 ? 'rejected' : 'approved';
      await db.query(`update reviews set status = $2, state = $3 where use_case_id = $1`, [
        id,
        status,
        JSON.stringify({
          createdAt: '2026-10-01T00:00:00Z',
          closedAt: `2026-10-${String(5 + n).padStart(2, '0')}T00:00:00Z`,
          stages: [stage('triage', 'approved', 1, 2 + (n % 4)), stage('privacy', 'approved', 3, 4 + n)],
        }),
      ]);
      await db.query(`update use_cases set status = $2 where id = $1`, [id, status]);
      if (status === 'approved')
        await db.query(`insert into portfolio_cases (use_case_id, stage) values ($1, $2)`, [
          id,
          n % 2 ? 'pilot' : 'production',
        ]);
    }
    await db.query(`update reviews set status = 'in-review', state = $2 where use_case_id = $1`, [
      ids[0],
      JSON.stringify({ createdAt: '2026-10-01T00:00:00Z', stages: [stage('privacy', 'active', 20)] }),
    ]);
    await db.query(`update use_cases set status = 'in-review' where id = $1`, [ids[0]]);
    await db.query(`update portfolio_cases set stage = 'retired' where use_case_id = $1`, [ids[2]]);
    await db.query(`update use_cases set tier = 'limited' where id = $1`, [ids[4]]);
    // Check-ins and ratings, one of each corrected and one removed.
    for (const [n, id] of ids.entries())
      for (const period of ['2026-10', '2026-11'])
        await db.query(
          `insert into portfolio_checkins (use_case_id, period, stage, actual_monthly_cost, reporter_id) values ($1, $2, 'production', $3, 'x') on conflict do nothing`,
          [id, period, 100 * (n + 1) + (period === '2026-11' ? 5 : 0)],
        );
    await db.query(
      `update portfolio_checkins set actual_monthly_cost = 999 where use_case_id = $1 and period = '2026-11'`,
      [ids[1]],
    );
    await db.query(`delete from portfolio_checkins where use_case_id = $1 and period = '2026-11'`, [ids[2]]);
    for (const [n, id] of ids.entries())
      await db.query(
        `insert into portfolio_ratings (use_case_id, business_unit, period, score, rater_id) values ($1, $2, '2026-Q4', $3, 'r')`,
        [id, n % 2 ? 'HR' : 'Finance', 1 + (n % 5)],
      );
    await db.query(`update portfolio_ratings set score = 5 where use_case_id = $1`, [ids[3]]);
    await db.query(`delete from portfolio_ratings where use_case_id = $1`, [ids[5]]);
    // Answers in one batch, one corrected, one removed.
    await db.query(
      `insert into knowledge_answers (activity_id, conversation_id, question, answer_text, grounded, created_at)
       select 'a' || g, 'c', 'q', 'a', g % 3 = 0, timestamptz '2026-11-01T23:00:00Z' + g * interval '1 hour' from generate_series(1, 30) g`,
    );
    await db.query(`update knowledge_answers set grounded = true where activity_id = 'a1'`);
    await db.query(`delete from knowledge_answers where activity_id = 'a2'`);
    for (const [n, reaction] of ['like', 'dislike', 'like', 'like', 'dislike'].entries())
      await db.query(
        `insert into knowledge_feedback (reaction, question, normalized_question, answer_text, at) values ($1, 'q', 'q', 'a', $2)`,
        [reaction, new Date(Date.UTC(2026, 10, 1 + (n % 2)))],
      );
    await db.query(
      `update knowledge_feedback set reaction = 'dislike' where id = (select min(id) from knowledge_feedback)`,
    );
    await db.query(`delete from knowledge_feedback where id = (select max(id) from knowledge_feedback)`);

    const funnel = await same(
      'select stage, tier, n from portfolio_funnel where n <> 0 order by 1, 2',
      `select inventory_stage(u.status, p.stage) as stage, u.tier, count(*)::int as n
         from use_cases u left join portfolio_cases p on p.use_case_id = u.id group by 1, 2 order by 1, 2`,
    );
    expect(funnel.length).toBeGreaterThan(3);
    const stages = await same(
      `select stage_id, runs, decided, round(days_sum, 6) as days_sum, days_n, on_time from review_stage_totals where runs <> 0 order by 1`,
      `select s->>'id' as stage_id, count(*)::int as runs, count(s->>'completedAt')::int as decided,
              round(coalesce(sum(extract(epoch from ((s->>'completedAt')::timestamptz - (s->>'startedAt')::timestamptz)) / 86400), 0), 6) as days_sum,
              count(s->>'completedAt')::int as days_n,
              (count(*) filter (where (s->>'completedAt')::timestamptz <= (s->>'dueAt')::timestamptz))::int as on_time
         from reviews r cross join lateral jsonb_array_elements(r.state->'stages') s group by 1 order by 1`,
    );
    expect(stages).toHaveLength(2);
    await same(
      'select decided, round(days_sum, 6) as days from review_decision_totals',
      `select count(*)::int as decided, round(coalesce(sum(extract(epoch from ((state->>'closedAt')::timestamptz - (state->>'createdAt')::timestamptz)) / 86400), 0), 6) as days
         from reviews where status in ('approved', 'rejected') and state->>'closedAt' is not null`,
    );
    await same(
      'select review_id, stage_id from review_open_stage_runs order by 1, 2',
      `select r.id as review_id, s->>'id' as stage_id from reviews r cross join lateral jsonb_array_elements(r.state->'stages') s
        where s->>'status' = 'active' order by 1, 2`,
    );
    await same(
      'select day, questions, answered from knowledge_days where questions <> 0 order by 1',
      `select (created_at at time zone 'UTC')::date as day, count(*) as questions, count(*) filter (where grounded) as answered
         from knowledge_answers group by 1 order by 1`,
    );
    await same(
      'select day, likes, dislikes from knowledge_days where likes <> 0 or dislikes <> 0 order by 1',
      `select (at at time zone 'UTC')::date as day, count(*) filter (where reaction = 'like') as likes,
              count(*) filter (where reaction = 'dislike') as dislikes from knowledge_feedback group by 1 order by 1`,
    );
    await same(
      'select use_case_id, latest_checkin_period, latest_actual_cost from portfolio_cases order by 1',
      `select p.use_case_id, k.period as latest_checkin_period, k.actual_monthly_cost as latest_actual_cost
         from portfolio_cases p left join lateral (select period, actual_monthly_cost from portfolio_checkins c
              where c.use_case_id = p.use_case_id order by period desc limit 1) k on true order by 1`,
    );
    await same(
      'select period, total, n from portfolio_cost_months where n <> 0 order by 1',
      `select period, sum(actual_monthly_cost) as total, count(*)::int as n from portfolio_checkins where stage = 'production' group by 1 order by 1`,
    );
    await same(
      'select business_unit, period, total, n from portfolio_rating_sums where n <> 0 order by 1, 2',
      `select business_unit, period, sum(score) as total, count(*)::int as n from portfolio_ratings group by 1, 2 order by 1, 2`,
    );
  });
});
