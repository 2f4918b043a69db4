import type { OrgConfig } from '../../src/org-settings';
import { UseCaseRepository } from '../../src/intake/use-case-repository';
import { silentLogger } from '../../src/observability/logger';
import { PortfolioFollowUps } from '../../src/portfolio/portfolio-follow-ups';
import { ReviewService } from '../../src/review/review-service';
import { AuditLog } from '../../src/store/audit-log';
import type { Database } from '../../src/store/database';
import { FACTS, PEOPLE, RecordingNotifier, createUseCase, reviewOrg } from '../review/review-fixtures';
import { createPostgresSchema, describeWithPostgres } from '../support/test-database';

/** Two bot instances (separate connection pools) on one PostgreSQL database run the follow-ups at the same moment. */
describeWithPostgres('portfolio follow-ups on two instances (PostgreSQL)', () => {
  let a: Database;
  let b: Database;
  let drop: () => Promise<void>;
  let org: OrgConfig;

  beforeAll(async () => {
    const schema = await createPostgresSchema();
    drop = schema.drop;
    a = await schema.open();
    b = await schema.open();
    org = reviewOrg((raw) => {
      raw.portfolio = {
        workerIntervalSeconds: 0,
        businessUnitContacts: { Finance: { id: PEOPLE.megan.aadObjectId, name: PEOPLE.megan.name } },
      };
    });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await drop();
  });

  it('sends each check-in and survey once in total', async () => {
    for (let i = 0; i < 12; i += 1) {
      const uc = await createUseCase(a, { facts: FACTS.minimal, tier: 'minimal' });
      await a.query(`update use_cases set status = 'approved' where id = $1`, [uc.id]);
      await a.query(
        `insert into portfolio_cases (use_case_id, stage, stage_changed_at, production_at) values ($1, $2, now() - interval '30 days', now() - interval '30 days')`,
        [uc.id, i % 2 ? 'pilot' : 'production'],
      );
    }
    const notifiers = [
      new RecordingNotifier(new Set([PEOPLE.sam.aadObjectId, PEOPLE.megan.aadObjectId])),
      new RecordingNotifier(new Set([PEOPLE.sam.aadObjectId, PEOPLE.megan.aadObjectId])),
    ];
    const instances = [a, b].map((db, i) => {
      const useCases = new UseCaseRepository(db);
      const audit = new AuditLog(db);
      const review = new ReviewService({ db, org, useCases, audit, notifier: notifiers[i], logger: silentLogger });
      return new PortfolioFollowUps({
        db,
        org,
        useCases,
        audit,
        handoff: review,
        notifier: notifiers[i],
        logger: silentLogger,
      });
    });
    const now = new Date();
    await Promise.all([
      instances[0].runDue(now),
      instances[1].runDue(now),
      instances[0].runDue(now),
      instances[1].runDue(now),
    ]);
    const sent = notifiers.flatMap((n) =>
      n.sent.map(
        (s) =>
          `${s.to} ${JSON.stringify(s.card).match(/(Monthly check-in for|How satisfied is Finance with) UC-\d+/)![0]}`,
      ),
    );
    expect(sent.filter((s) => s.includes('Monthly check-in'))).toHaveLength(12);
    expect(sent.filter((s) => s.includes('How satisfied'))).toHaveLength(6);
    expect(new Set(sent).size).toBe(sent.length);
  });
});
