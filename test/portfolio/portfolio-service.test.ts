import type { OrgConfig } from '../../src/org-settings';
import type { UseCase } from '../../src/intake/use-case';
import type { UseCaseFacts } from '../../src/intake/use-case-facts';
import { UseCaseRepository } from '../../src/intake/use-case-repository';
import { silentLogger } from '../../src/observability/logger';
import { PortfolioService } from '../../src/portfolio/portfolio-service';
import { ReviewService } from '../../src/review/review-service';
import { AuditLog } from '../../src/store/audit-log';
import type { Database } from '../../src/store/database';
import { FACTS, PEOPLE, RecordingNotifier, TestClock, createUseCase, reviewOrg } from '../review/review-fixtures';
import { DRIVERS, openDriverDatabase } from '../support/test-database';

const { alex, megan, sam, eve } = PEOPLE;
const actor = (p: { aadObjectId: string; name: string }) => ({ aadObjectId: p.aadObjectId, name: p.name });
const PRODUCTION = {
  goLive: '2026-12-01',
  models: 'gpt-4o, text-embedding-3-large',
  hosting: 'azure-openai',
  monthlyCost: '1200',
};

describe.each(DRIVERS)('PortfolioService lifecycle (%s)', (driver) => {
  let db: Database;
  let drop: (() => Promise<void>) | undefined;
  let org: OrgConfig;
  let review: ReviewService;
  let portfolio: PortfolioService;
  let audit: AuditLog;
  let notifier: RecordingNotifier;
  const clock = new TestClock(new Date('2026-11-09T09:00:00Z'));

  /** A use case taken through review to approved by Alex (CoE triage; the security stage too when it applies). */
  const approved = async (facts: UseCaseFacts = FACTS.minimal, submitter = sam): Promise<UseCase> => {
    const uc = await createUseCase(db, { facts, tier: 'minimal', submitter });
    await review.submitted(uc);
    for (let i = 0; i < 5; i += 1) {
      const state = (await review.reviews.getByUseCase(uc.id))!;
      if (state.status !== 'in-review') break;
      for (const who of [alex, megan]) {
        const current = (await review.reviews.getByUseCase(uc.id))!;
        if (current.status === 'in-review')
          await review.decide(actor(who), { reviewId: current.id, version: current.version, decision: 'approve' });
      }
    }
    const fresh = (await new UseCaseRepository(db).get(uc.id))!;
    expect(fresh.status).toBe('approved');
    return fresh;
  };

  beforeAll(async () => {
    ({ db, drop } = await openDriverDatabase(driver));
    org = reviewOrg((raw) => {
      raw.groups.legal.members = [{ id: megan.aadObjectId, name: megan.name }];
    });
    audit = new AuditLog(db);
    notifier = new RecordingNotifier(new Set([alex.aadObjectId, megan.aadObjectId, sam.aadObjectId]));
    const useCases = new UseCaseRepository(db);
    review = new ReviewService({ db, org, useCases, audit, notifier, logger: silentLogger, now: clock.now });
    portfolio = new PortfolioService({
      db,
      org,
      useCases,
      audit,
      handoff: review,
      logger: silentLogger,
      now: clock.now,
    });
  });
  afterAll(async () => {
    await db.close();
    await drop?.();
  });

  it('the owner moves an approved case through building, pilot and production; each move is audited with who and why', async () => {
    const uc = await approved();
    let view = (await portfolio.view(uc.code))!;
    expect(view).toMatchObject({ stage: 'approved', version: 0 });
    let r = await portfolio.move(actor(sam), {
      useCaseId: uc.id,
      to: 'building',
      version: view.version,
      reason: 'Team staffed',
    });
    expect(r).toMatchObject({ kind: 'moved' });
    view = (await portfolio.view(uc.id))!;
    r = await portfolio.move(actor(sam), { useCaseId: uc.id, to: 'pilot', version: view.version });
    expect(r.kind).toBe('moved');
    view = (await portfolio.view(uc.id))!;
    r = await portfolio.move(actor(sam), {
      useCaseId: uc.id,
      to: 'production',
      version: view.version,
      reason: 'Pilot KPIs met',
      details: PRODUCTION,
    });
    expect(r.kind).toBe('moved');
    view = (await portfolio.view(uc.id))!;
    expect(view.record).toMatchObject({
      stage: 'production',
      models: ['gpt-4o', 'text-embedding-3-large'],
      hosting: 'azure-openai',
      goLive: '2026-12-01',
      monthlyCostEstimate: 1200,
    });
    const moves = (await audit.list({ subjectType: 'use-case', subjectId: uc.code })).filter(
      (e) => e.action === 'portfolio.moved',
    );
    expect(moves.map((e) => [e.actorId, e.details?.from, e.details?.to, e.comment])).toEqual([
      [sam.aadObjectId, 'approved', 'building', 'Team staffed'],
      [sam.aadObjectId, 'building', 'pilot', undefined],
      [sam.aadObjectId, 'pilot', 'production', 'Pilot KPIs met'],
    ]);
    expect((await portfolio.repository.history(uc.id)).map((h) => h.toStage)).toEqual([
      'building',
      'pilot',
      'production',
    ]);
  });

  it('refuses moves by anyone but the owner or an admin, and lets an admin move any case', async () => {
    const uc = await approved();
    const r = await portfolio.move(actor(eve), { useCaseId: uc.id, to: 'building', version: 0 });
    expect(r).toMatchObject({ kind: 'refused', message: expect.stringContaining('Only the owner') });
    expect((await portfolio.view(uc.id))!.stage).toBe('approved');
    expect(
      (await portfolio.move(actor(alex), { useCaseId: uc.id, to: 'paused', version: 0, reason: 'Budget freeze' })).kind,
    ).toBe('moved');
    expect((await portfolio.view(uc.id))!.stage).toBe('paused');
  });

  it('a repeated click is answered "unchanged" and a stale card changes nothing', async () => {
    const uc = await approved();
    expect((await portfolio.move(actor(sam), { useCaseId: uc.id, to: 'building', version: 0 })).kind).toBe('moved');
    expect(await portfolio.move(actor(sam), { useCaseId: uc.id, to: 'building', version: 0 })).toMatchObject({
      kind: 'unchanged',
    });
    expect(await portfolio.move(actor(sam), { useCaseId: uc.id, to: 'retired', version: 0 })).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('changed since this card'),
    });
    expect((await portfolio.repository.history(uc.id)).length).toBe(1);
  });

  it('production needs go-live date, models, hosting and cost, and the approved hosting; illegal moves are refused', async () => {
    const uc = await approved();
    expect(
      (await portfolio.move(actor(sam), { useCaseId: uc.id, to: 'production', version: 0, details: PRODUCTION }))
        .message,
    ).toContain('cannot go from Approved to Production');
    await portfolio.move(actor(sam), { useCaseId: uc.id, to: 'pilot', version: 0 });
    const missing = await portfolio.move(actor(sam), {
      useCaseId: uc.id,
      to: 'production',
      version: 1,
      details: { goLive: '2026-13-45', models: '', hosting: 'azure-openai', monthlyCost: '-5' },
    });
    expect(missing.kind).toBe('refused');
    expect(missing.message).toMatch(
      /Go-live date must be .*date.*Model\(s\).*Monthly cost estimate cannot be negative/,
    );
    const otherHosting = await portfolio.move(actor(sam), {
      useCaseId: uc.id,
      to: 'production',
      version: 1,
      details: { ...PRODUCTION, hosting: 'vendor-saas' },
    });
    expect(otherHosting.message).toContain('material change');
    expect((await portfolio.view(uc.id))!.stage).toBe('pilot');
  });

  it('a material change (customers now affected) re-opens the review with the legal stage; moves wait until it is approved again', async () => {
    const uc = await approved();
    await portfolio.move(actor(sam), { useCaseId: uc.id, to: 'pilot', version: 0 });
    expect((await portfolio.reportChange(actor(eve), uc.id, { description: 'Opening it to customers' })).ok).toBe(
      false,
    );
    const nothing = await portfolio.reportChange(actor(sam), uc.id, {
      description: 'Same hosting as before',
      hosting: 'azure-openai',
    });
    expect(nothing).toMatchObject({ ok: false, message: expect.stringContaining('no review is needed') });
    notifier.clear();
    const res = await portfolio.reportChange(actor(sam), uc.id, {
      description: 'Opening the assistant to customers',
      affected: ['customers'],
      customerFacing: 'true',
    });
    expect(res).toMatchObject({ ok: true, message: expect.stringContaining('went back to review') });
    const state = (await review.reviews.getByUseCase(uc.id))!;
    expect(state.status).toBe('in-review');
    expect(state.stages.map((s) => [s.id, s.status])).toEqual([
      ['coe-triage', 'approved'],
      ['legal', 'active'],
    ]);
    expect(notifier.sent.map((s) => s.to)).toContain(megan.aadObjectId);
    const view = (await portfolio.view(uc.id))!;
    expect(view.inReview).toBe(true);
    expect(view.useCase.tier).toBe('limited');
    expect(
      (
        await portfolio.move(actor(sam), {
          useCaseId: uc.id,
          to: 'production',
          version: view.version,
          details: PRODUCTION,
        })
      ).message,
    ).toContain('back in review');
    const actions = (await audit.list({ subjectType: 'use-case', subjectId: uc.code })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['portfolio.material-change', 'review.reopened', 'review.resubmitted']),
    );
    await review.decide(actor(megan), { reviewId: state.id, version: state.version, decision: 'approve' });
    const after = (await portfolio.view(uc.id))!;
    expect(after.inReview).toBe(false);
    expect(
      (
        await portfolio.move(actor(sam), {
          useCaseId: uc.id,
          to: 'production',
          version: after.version,
          details: PRODUCTION,
        })
      ).kind,
    ).toBe('moved');
  });

  it('a different model re-runs the security stage even when hosting stays the same', async () => {
    const uc = await approved(FACTS.publicChatbot);
    const before = (await review.reviews.getByUseCase(uc.id))!;
    expect(before.stages.find((s) => s.id === 'security')?.status).toBe('approved');
    await portfolio.reportChange(actor(sam), uc.id, {
      description: "Switching to the vendor's new model",
      model: 'VendorBot 5',
    });
    const state = (await review.reviews.getByUseCase(uc.id))!;
    expect(state.stages.find((s) => s.id === 'security')?.status).toBe('active');
    expect(state.stages.find((s) => s.id === 'legal')?.status).toBe('approved');
  });
});
