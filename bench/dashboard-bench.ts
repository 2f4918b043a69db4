import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DashboardCache, loadAggregates, loadDashboard } from '../src/portfolio/dashboard/dashboard-data';
import { renderCharts, renderDashboardContent } from '../src/portfolio/dashboard/dashboard-page';
import { PortfolioMetrics } from '../src/portfolio/portfolio-metrics';
import type { Database } from '../src/store/database';
import { openDatabase } from '../src/store/open-database';
import { machineLine, markdownTable, percentiles, writeResult } from './bench-kit';
import { profileColdRender } from './dashboard-profile';

/**
 * `npm run bench:dashboard`: the dashboard content (every metric query plus HTML and SVG rendering) for a CoE admin and
 * for an owner, with 5,000 use cases and 100,000 answered questions in the database, on PGlite and (when DATABASE_URL
 * is set) PostgreSQL. The goal is p95 <= 150 ms.
 */
const CASES = Number(process.env.BENCH_CASES ?? 5000);
const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 100_000);

/** Fills an empty database with the benchmark portfolio (exported for ad-hoc query plans). */
export async function seed(db: Database): Promise<void> {
  await db.query(
    `insert into use_cases (code, submitter_id, submitter_name, title, business_unit, answers, facts, tier, status, idempotency_key, created_at, submitted_at)
     select 'UC-' || lpad(g::text, 5, '0'), 'owner-' || (g % 300), 'Owner ' || (g % 300), 'Use case number ' || g,
            (array['Finance','HR','Legal','Customer Service','Marketing','Operations','IT'])[1 + g % 7],
            jsonb_build_object('solution', jsonb_build_object('model', 'GPT-4.1')), jsonb_build_object('hosting', (array['azure-openai','vendor-saas','open-weights'])[1 + g % 3]),
            case when g % 10 < 2 then 'high' when g % 10 < 6 then 'limited' else 'minimal' end,
            case when g % 10 < 7 then 'approved' when g % 10 = 7 then 'in-review' when g % 10 = 8 then 'rejected' else 'submitted' end,
            'bench-' || g, now() - (g % 700) * interval '1 day', now() - (g % 700) * interval '1 day'
       from generate_series(1, $1::int) g`,
    [CASES],
  );
  await db.query(
    `insert into portfolio_cases (use_case_id, stage, models, hosting, monthly_cost_estimate, production_at, stage_changed_at)
     select id, (array['approved','building','pilot','production','production','paused'])[1 + id % 6], '["GPT-4.1"]'::jsonb, 'azure-openai', 100 + id % 5000,
            case when id % 6 in (3, 4) then now() - (id % 700) * interval '1 day' end, now() - (id % 300) * interval '1 day'
       from use_cases where status = 'approved'`,
  );
  await db.query(
    `insert into reviews (use_case_id, use_case_code, submitter_id, status, state, created_at)
     select u.id, u.code, u.submitter_id, case when u.status in ('approved', 'rejected') then u.status else 'in-review' end,
            jsonb_build_object('createdAt', u.created_at, 'closedAt', case when u.status in ('approved', 'rejected') then u.created_at + (1 + u.id % 9) * interval '1 day' end,
              'stages', jsonb_build_array(
                jsonb_build_object('id', 'coe-triage', 'name', 'CoE triage', 'status', 'approved', 'slaBusinessDays', 2, 'startedAt', u.created_at, 'dueAt', u.created_at + interval '2 days', 'completedAt', u.created_at + (u.id % 4) * interval '1 day'),
                jsonb_build_object('id', 'privacy', 'name', 'Privacy review', 'status', case when u.status = 'in-review' then 'active' else 'approved' end, 'slaBusinessDays', 5, 'startedAt', u.created_at + interval '1 day', 'dueAt', u.created_at + interval '8 days', 'completedAt', case when u.status <> 'in-review' then u.created_at + (2 + u.id % 9) * interval '1 day' end))),
            u.created_at
       from use_cases u where u.status <> 'submitted'`,
  );
  await db.query(
    `insert into portfolio_checkins (use_case_id, period, stage, actual_monthly_cost, incidents, reporter_id)
     select p.use_case_id, to_char(now() - m * interval '1 month', 'YYYY-MM'), 'production', 80 + (p.use_case_id + m) % 4000, 0, 'x'
       from portfolio_cases p cross join generate_series(0, 5) m where p.stage = 'production'`,
  );
  await db.query(
    `insert into portfolio_ratings (use_case_id, business_unit, period, score, rater_id)
     select p.use_case_id, u.business_unit, to_char(now() - q * interval '3 months', 'YYYY-"Q"Q'), 1 + (p.use_case_id + q) % 5, 'x'
       from portfolio_cases p join use_cases u on u.id = p.use_case_id cross join generate_series(0, 3) q where p.stage = 'production'`,
  );
  await db.query(
    `insert into knowledge_answers (activity_id, conversation_id, user_id, question, answer_text, grounded, created_at)
     select 'b-' || g, 'c-' || (g % 2000), 'u-' || (g % 2000), 'Question ' || (g % 5000), 'Answer text', g % 10 < 8, now() - (g % 365) * interval '1 day'
       from generate_series(1, $1::int) g`,
    [ANSWERS],
  );
  await db.query(
    `insert into knowledge_feedback (user_id, reaction, question, normalized_question, answer_text)
     select 'u', case when g % 4 = 0 then 'dislike' else 'like' end, 'Question ' || (g % 300), 'question ' || (g % 300), 'a' from generate_series(1, 5000) g`,
  );
  await db.query(
    `insert into knowledge_unanswered (user_id, question, normalized_question) select 'u', 'Gap ' || (g % 200), 'gap ' || (g % 200) from generate_series(1, 2000) g`,
  );
  await db.query(
    `insert into knowledge_escalations (id, asker_id, asker_name, asker_conversation_id, question, status, answered_at)
     select 'e' || g, 'u', 'U', 'c', 'q', case when g % 3 = 0 then 'open' else 'answered' end, case when g % 3 <> 0 then now() end from generate_series(1, 500) g`,
  );
  await db.query('analyze');
}

async function measure(db: Database, label: string, runs: number): Promise<Array<Array<string | number>>> {
  const metrics = new PortfolioMetrics(db, 12);
  const cache = new DashboardCache((now) => loadAggregates(db, metrics, now), renderCharts, 60_000);
  const viewers = [
    { name: 'CoE admin', viewer: { aadObjectId: 'admin', name: 'Admin', isAdmin: true } },
    { name: 'owner', viewer: { aadObjectId: 'owner-7', name: 'Owner 7', isAdmin: false } },
  ];
  const parts = await profileColdRender(db, metrics, await loadAggregates(db, metrics, new Date()));
  process.stdout.write(
    `\n${label}: where a cold render's time goes (p50 ms, one part at a time)\n${markdownTable(['part', 'p50 ms'], parts)}\n`,
  );
  const rows: Array<Array<string | number>> = [];
  for (const mode of [
    'cold (every metric re-read, charts re-rendered)',
    'page view (CoE metrics cached <= 30 s)',
  ] as const) {
    for (const { name, viewer } of viewers) {
      const samples: number[] = [];
      let bytes = 0;
      const n = runs;
      for (let i = 0; i < n + 3; i += 1) {
        const t = process.hrtime.bigint();
        const html = renderDashboardContent(
          await loadDashboard(db, metrics, viewer, {}, new Date(), mode.startsWith('cold') ? undefined : cache),
        );
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        bytes = html.length;
        if (i >= 3) samples.push(ms);
      }
      const p = percentiles(samples);
      rows.push([label, mode, name, n, p.p50.toFixed(1), p.p95.toFixed(1), Math.round(bytes / 1024)]);
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 40);
  process.stdout.write(
    `Dashboard benchmark (${CASES} use cases, ${ANSWERS} answered questions) — ${machineLine()}\n\n`,
  );
  const rows: Array<Array<string | number>> = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coe-dash-bench-'));
  const lite = await openDatabase({ dataDir });
  let t = Date.now();
  await seed(lite);
  process.stdout.write(`PGlite seeded in ${Date.now() - t} ms\n`);
  rows.push(...(await measure(lite, 'PGlite', runs)));
  await lite.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) {
    const schema = `bench_dash_${process.pid}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const pg = await openDatabase({ databaseUrl: process.env.DATABASE_URL, schema });
      t = Date.now();
      await seed(pg);
      process.stdout.write(`PostgreSQL seeded in ${Date.now() - t} ms\n`);
      rows.push(...(await measure(pg, 'PostgreSQL', runs)));
      await pg.close();
    } finally {
      if (!process.env.BENCH_KEEP) await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  }
  process.stdout.write(
    `\n${markdownTable(['driver', 'render', 'viewer', 'runs', 'p50 ms', 'p95 ms', 'HTML KiB'], rows)}\n\nGoal: p95 <= 150 ms.\n`,
  );
  writeResult('dashboard', { cases: CASES, answers: ANSWERS, rows });
}

if (require.main === module)
  main().catch((err) => {
    process.stderr.write(`Dashboard benchmark failed: ${(err as Error).stack}\n`);
    process.exit(1);
  });
