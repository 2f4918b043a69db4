import type { OrgConfig } from '../src/org-settings';
import { computeRiskTier } from '../src/intake/risk-tier';
import type { UseCaseFacts } from '../src/intake/use-case-facts';
import { UseCaseRepository } from '../src/intake/use-case-repository';
import { silentLogger } from '../src/observability/logger';
import { IncidentService } from '../src/portfolio/incidents/incident-service';
import type { PortfolioStage } from '../src/portfolio/lifecycle';
import { monthOf, quarterOf } from '../src/portfolio/periods';
import { PortfolioService } from '../src/portfolio/portfolio-service';
import type { CardRef, ReviewNotifier } from '../src/review/review-notifier';
import { ReviewService } from '../src/review/review-service';
import { AuditLog } from '../src/store/audit-log';
import type { Database } from '../src/store/database';

/** A notifier that sends nothing: the demo data is seeded without a Teams connection. */
const SILENT: ReviewNotifier & { sendCardToPerson(id: string, card: object): Promise<CardRef | undefined> } = {
  sendCardToPerson: async () => undefined,
  sendCardToReviewChannel: async () => undefined,
  updateCard: async () => undefined,
};

const DAY = 86_400_000;
const UNITS = ['Finance', 'HR', 'Legal', 'Customer Service', 'Marketing', 'Operations', 'IT'];
const OWNERS = [
  { id: '00000000-0000-0000-0000-0000000000030', name: 'Sam Submitter' },
  { id: '00000000-0000-0000-0000-0000000000031', name: 'Priya Natarajan' },
  { id: '00000000-0000-0000-0000-0000000000032', name: 'Lars Eriksen' },
  { id: '00000000-0000-0000-0000-0000000000033', name: 'Amara Okafor' },
  { id: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen' },
  { id: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' },
];
const IDEAS = [
  'Contract clause summariser',
  'Invoice anomaly explainer',
  'HR policy assistant',
  'CV screening helper',
  'Customer email drafter',
  'Call-centre after-call notes',
  'Marketing copy variants',
  'IT ticket triage',
  'Procurement RFP reviewer',
  'Board pack summariser',
  'Knowledge search for engineers',
  'Sales proposal writer',
  'Meeting minutes generator',
  'Code review assistant',
  'Translation of product manuals',
  'Compliance evidence finder',
  'Expense policy Q&A',
  'Supplier risk digest',
  'Chatbot for store staff',
  'Claims intake assistant',
  'Forecast commentary writer',
  'Legal research helper',
  'Onboarding buddy',
  'Churn reason classifier',
];
const PROFILES: UseCaseFacts[] = [
  {
    personalData: 'none',
    affected: ['employees'],
    hosting: 'azure-openai',
    dataClassification: 'internal',
    outputUse: 'advisory',
    scale: 'department',
  },
  {
    personalData: 'personal',
    affected: ['employees'],
    hosting: 'azure-openai',
    dataClassification: 'confidential',
    outputUse: 'human-in-the-loop',
    scale: 'organisation',
  },
  {
    personalData: 'none',
    affected: ['customers'],
    customerFacing: true,
    generatedContentShown: true,
    hosting: 'vendor-saas',
    dataClassification: 'public',
    outputUse: 'advisory',
    scale: 'external',
  },
  {
    personalData: 'personal',
    affected: ['employees'],
    highRiskDomains: ['employment'],
    hosting: 'azure-openai',
    dataClassification: 'internal',
    outputUse: 'human-in-the-loop',
    scale: 'department',
  },
];

/** A deterministic pseudo-random sequence, so every seed gives the same portfolio. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

export interface DemoSummary {
  useCases: number;
  byStage: Record<string, number>;
  incidents: number;
  answers: number;
}

/**
 * Fills the database with a realistic portfolio through the real services (submission, review, lifecycle moves,
 * incidents) on a moving clock over the last 18 months, plus check-ins, satisfaction ratings, knowledge-base traffic
 * and an announcement. Refuses to run twice on one database.
 */
export async function seedDemoPortfolio(
  db: Database,
  org: OrgConfig,
  options: { cases?: number; now?: Date } = {},
): Promise<DemoSummary> {
  const [{ n }] = await db.query<{ n: number | string }>(
    `select count(*) as n from use_cases where idempotency_key like 'demo-%'`,
  );
  if (Number(n) > 0) throw new Error('This database already holds the demo portfolio.');
  const end = options.now ?? new Date();
  let clock = new Date(end.getTime() - 540 * DAY);
  const now = () => clock;
  const rnd = random(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const audit = new AuditLog(db);
  const useCases = new UseCaseRepository(db);
  const review = new ReviewService({ db, org, useCases, audit, notifier: SILENT, logger: silentLogger, now });
  const portfolio = new PortfolioService({ db, org, useCases, audit, handoff: review, logger: silentLogger, now });
  const incidents = new IncidentService({ db, org, useCases, audit, notifier: SILENT, logger: silentLogger, now });
  const approvers = [...org.admins, ...Object.values(org.groups).flatMap((g) => g.members)].filter(
    (p, i, all) => all.findIndex((q) => q.id === p.id) === i,
  );
  const total = options.cases ?? 48;
  const byStage: Record<string, number> = {};
  let incidentCount = 0;

  // Every case uses a model from the approved list (config `portfolio.approvedModels`).
  const modelOf = (i: number) => org.portfolio.approvedModels[i % org.portfolio.approvedModels.length];

  for (let i = 0; i < total; i += 1) {
    clock = new Date(end.getTime() - (540 - (i * 500) / total) * DAY);
    const owner = OWNERS[i % OWNERS.length];
    const facts = { ...pick(PROFILES), businessUnit: UNITS[i % UNITS.length] };
    const tier = computeRiskTier(facts, org.riskTiers);
    const title = `${IDEAS[i % IDEAS.length]}${i >= IDEAS.length ? ' v2' : ''}`;
    const answers = {
      basics: { title, businessUnit: facts.businessUnit },
      solution: { hosting: facts.hosting, model: modelOf(i) },
    };
    const { useCase } = await useCases.create({
      submitterId: owner.id,
      submitterName: owner.name,
      title,
      businessUnit: facts.businessUnit!,
      answers,
      facts,
      tier: tier.tier,
      tierReasons: tier.reasons,
      idempotencyKey: `demo-${i}`,
    });
    await review.submitted(useCase);
    const fate = rnd();
    if (fate < 0.08) {
      byStage['in-review'] = (byStage['in-review'] ?? 0) + 1;
      continue;
    }
    // Approvers decide over a few days; some use cases are rejected.
    for (let round = 0; round < 6; round += 1) {
      const state = (await review.reviews.getByUseCase(useCase.id))!;
      if (state.status !== 'in-review') break;
      clock = new Date(clock.getTime() + (0.5 + rnd() * 4) * DAY);
      for (const stage of state.stages.filter((s) => s.status === 'active')) {
        for (const person of approvers.filter((p) => stage.approvers.some((a) => a.id === p.id)).slice(0, 2)) {
          const current = (await review.reviews.getByUseCase(useCase.id))!;
          if (current.status !== 'in-review') break;
          await review.decide(
            { aadObjectId: person.id, name: person.name, tenantId: org.organisation.tenantId },
            {
              reviewId: current.id,
              version: current.version,
              decision: fate < 0.14 ? 'reject' : 'approve',
              comment: fate < 0.14 ? 'Does not meet the data-minimisation rule.' : undefined,
            },
          );
        }
      }
    }
    const reviewed = (await useCases.get(useCase.id))!;
    if (reviewed.status !== 'approved') {
      byStage[reviewed.status] = (byStage[reviewed.status] ?? 0) + 1;
      continue;
    }
    const path: PortfolioStage[] =
      fate < 0.3
        ? []
        : fate < 0.45
          ? ['building']
          : fate < 0.65
            ? ['building', 'pilot']
            : fate < 0.93
              ? ['building', 'pilot', 'production']
              : fate < 0.97
                ? ['building', 'paused']
                : ['building', 'pilot', 'production', 'retired'];
    const actor = { aadObjectId: owner.id, name: owner.name };
    for (const to of path) {
      clock = new Date(Math.min(end.getTime() - DAY, clock.getTime() + (10 + rnd() * 40) * DAY));
      const view = (await portfolio.view(useCase.id))!;
      const details =
        to === 'production'
          ? {
              goLive: clock.toISOString().slice(0, 10),
              models: modelOf(i),
              hosting: facts.hosting,
              monthlyCost: String(Math.round(200 + rnd() * 4800)),
            }
          : undefined;
      await portfolio.move(actor, {
        useCaseId: useCase.id,
        to,
        version: view.version,
        reason: to === 'production' ? 'Pilot KPIs met' : undefined,
        details,
      });
    }
    const final = (await portfolio.view(useCase.id))!;
    byStage[final.stage] = (byStage[final.stage] ?? 0) + 1;
    // Monthly check-ins since the pilot started, and quarterly ratings for production cases.
    if (final.stage === 'pilot' || final.stage === 'production') {
      const since = new Date(final.record!.stageChangedAt);
      const base = final.record?.monthlyCostEstimate ?? 300;
      for (let m = new Date(since.getTime() + 20 * DAY); m < end; m = new Date(m.getTime() + 30 * DAY)) {
        await db.query(
          `insert into portfolio_checkins (use_case_id, period, stage, actual_monthly_cost, incidents, news, reporter_id, at) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
          [
            useCase.id,
            monthOf(m),
            final.stage,
            Math.round(base * (0.7 + rnd() * 0.6)),
            rnd() < 0.1 ? 1 : 0,
            pick(['Usage up 12%', 'New team onboarded', 'Prompt tuned', 'Quiet month', '']) || null,
            owner.id,
            m,
          ],
        );
      }
      if (final.stage === 'production') {
        for (let q = new Date(since.getTime() + 30 * DAY); q < end; q = new Date(q.getTime() + 91 * DAY)) {
          await db.query(
            `insert into portfolio_ratings (use_case_id, business_unit, period, score, comment, rater_id, at) values ($1, $2, $3, $4, $5, 'demo-sponsor', $6) on conflict do nothing`,
            [
              useCase.id,
              reviewed.businessUnit,
              quarterOf(q),
              3 + Math.floor(rnd() * 3) - (rnd() < 0.15 ? 2 : 0),
              null,
              q,
            ],
          );
        }
      }
      if (rnd() < 0.25) {
        clock = new Date(end.getTime() - rnd() * 120 * DAY);
        const severity = rnd() < 0.2 ? 1 : rnd() < 0.6 ? 2 : 3;
        await incidents.report(actor, {
          key: `demo-incident-${i}`,
          severity: String(severity),
          useCaseCode: useCase.code,
          summary: pick([
            'Answers cited an outdated policy version.',
            'A prompt injection in an uploaded file changed the output.',
            'Latency above 20 s at peak times.',
            'Generated text repeated a customer name from another session.',
          ]),
        });
        incidentCount += 1;
      }
    }
  }

  // Knowledge-base traffic over the last 90 days, feedback, gaps and escalations.
  const answers = 1200;
  await db.query(
    `insert into knowledge_answers (activity_id, conversation_id, user_id, question, answer_text, grounded, created_at)
     select 'demo-' || g, 'demo-chat', 'demo-user-' || (g % 40), 'Question ' || g, 'Answer', (g % 10) < 8, $1::timestamptz - (g % 90) * interval '1 day'
       from generate_series(1, $2::int) g`,
    [end, answers],
  );
  await db.query(
    `insert into knowledge_feedback (at, user_id, reaction, question, normalized_question, answer_text)
     select $1::timestamptz - (g % 60) * interval '1 day', 'demo-user', case when g % 5 = 0 then 'dislike' else 'like' end, 'Which model should I use for code?', 'which model should i use for code', 'Answer'
       from generate_series(1, 160) g`,
    [end],
  );
  for (const [q, times] of [
    ['How do I get GPU quota for fine-tuning?', 9],
    ['Can I use ChatGPT Enterprise with customer data?', 7],
    ['Who approves a new vendor AI feature?', 5],
    ['What is the token budget per team?', 4],
  ] as const) {
    for (let t = 0; t < times; t += 1)
      await db.query(
        `insert into knowledge_unanswered (at, user_id, question, normalized_question) values ($1, 'demo-user', $2, $3)`,
        [new Date(end.getTime() - t * 3 * DAY), q, q.toLowerCase().replace(/[^a-z0-9 ]/g, '')],
      );
  }
  for (let e = 0; e < 14; e += 1) {
    const created = new Date(end.getTime() - (e * 6 + 2) * DAY);
    const answered = e % 4 !== 0;
    await db.query(
      `insert into knowledge_escalations (id, created_at, asker_id, asker_name, asker_conversation_id, question, status, expert_id, expert_name, answer, answered_at) values ($1, $2, 'demo-user', 'Demo User', 'demo-chat', $3, $4, $5, $6, $7, $8)`,
      [
        `demo-esc-${e}`,
        created,
        `Escalated question ${e + 1}`,
        answered ? 'answered' : 'open',
        answered ? OWNERS[5].id : null,
        answered ? OWNERS[5].name : null,
        answered ? 'See the model-selection playbook.' : null,
        answered ? new Date(created.getTime() + (2 + e) * 3_600_000) : null,
      ],
    );
  }
  const [ann] = await db.query<{ id: number | string }>(
    `insert into announcements (author_id, author_name, title, body, category, audience, requires_ack, status, started_at, finished_at, created_at) values ($1, $2, 'New approved model: GPT-4o mini', 'GPT-4o mini is now on the approved list.', 'models', '{"kind":"everyone"}'::jsonb, true, 'completed', $3, $3, $3) returning id`,
    [OWNERS[5].id, OWNERS[5].name, new Date(end.getTime() - 10 * DAY)],
  );
  await db.query(
    `insert into announcement_deliveries (announcement_id, recipient_key, kind, pace_key, status, aad_object_id, sent_at) select $1, 'demo-' || g, 'personal', 'p', case when g % 25 = 0 then 'failed' else 'sent' end, 'demo-' || g, now() from generate_series(1, 180) g`,
    [ann.id],
  );
  await db.query(
    `insert into announcement_acks (announcement_id, aad_object_id) select $1, 'demo-' || g from generate_series(1, 180) g where g % 3 <> 0 and g % 25 <> 0`,
    [ann.id],
  );
  return { useCases: total, byStage, incidents: incidentCount, answers };
}
