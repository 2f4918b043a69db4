import type { OrgConfig } from '../../src/org-settings';
import { UseCaseRepository } from '../../src/intake/use-case-repository';
import { silentLogger } from '../../src/observability/logger';
import { parseAuditExportCommand } from '../../src/review/audit-export';
import { waitingListCard } from '../../src/review/review-cards';
import { reviewViewCard } from '../../src/review/review-views';
import type { Outcome } from '../../src/runtime/outcome';
import { ReviewService } from '../../src/review/review-service';
import { ReviewWorker } from '../../src/review/review-worker';
import { AuditLog } from '../../src/store/audit-log';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { expectValidCard } from '../support/card-schema';
import { FACTS, PEOPLE, RecordingNotifier, TestClock, createUseCase, reviewOrg } from './review-fixtures';

/** What the admin reads after an export command: the messages, or the refusal's one sentence. */
const exportLines = (result: Outcome<string[]>): string[] => (result.ok ? result.value : [result.message]);

const MONDAY_9AM = new Date('2026-11-09T09:00:00Z');
const { alex, megan, adele, sam, eve } = PEOPLE;
const actor = (p: { aadObjectId: string; name: string }) => ({ aadObjectId: p.aadObjectId, name: p.name });

describe('ReviewService (PGlite, recording notifier)', () => {
  let db: Database;
  let org: OrgConfig;
  let clock: TestClock;
  let notifier: RecordingNotifier;
  let service: ReviewService;
  let audit: AuditLog;
  let useCases: UseCaseRepository;

  const build = (o: OrgConfig = org) =>
    new ReviewService({ db, org: o, useCases, audit, notifier, logger: silentLogger, now: clock.now });
  const actions = async (code: string) =>
    (await audit.list({ subjectType: 'use-case', subjectId: code })).map((e) => e.action);
  const lastCardTo = (who: { aadObjectId: string }) =>
    [...notifier.sent].reverse().find((s) => s.to === who.aadObjectId)?.card;

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
    audit = new AuditLog(db);
    useCases = new UseCaseRepository(db);
  });
  afterAll(async () => db.close());

  beforeEach(async () => {
    await db.query(
      `update review_timers set fired_at = now(), outcome = 'cleared between tests' where fired_at is null`,
    );
    org = reviewOrg();
    clock = new TestClock(MONDAY_9AM);
    notifier = new RecordingNotifier(new Set([alex.aadObjectId, megan.aadObjectId, sam.aadObjectId]));
    service = build();
  });

  afterEach(() => {
    for (const s of notifier.sent) expectValidCard(s.card);
    for (const s of notifier.channel) expectValidCard(s.card);
    for (const u of notifier.updates) expectValidCard(u.card);
  });

  it('routes a submission once: first-stage approvers get their decision card, the submitter a status card, all audited', async () => {
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await service.submitted(uc);
    await service.submitted(uc);
    expect(notifier.sent.map((s) => s.to).sort()).toEqual(
      [alex.aadObjectId, megan.aadObjectId, sam.aadObjectId].sort(),
    );
    const alexCard = lastCardTo(alex);
    expect(alexCard.actions.map((a: any) => [a.verb, a.data])).toEqual([
      ['review.approve', { reviewId: expect.any(Number), version: 1 }],
      ['review.requestChanges', { reviewId: expect.any(Number), version: 1 }],
      ['review.reject', { reviewId: expect.any(Number), version: 1 }],
    ]);
    expect(alexCard.refresh.action.verb).toBe('review.refresh');
    expect(alexCard.refresh.userIds.sort()).toEqual([sam.aadObjectId, alex.aadObjectId, megan.aadObjectId].sort());
    expect(JSON.stringify(alexCard)).toContain('CoE triage because: every use case is triaged by the CoE');
    expect(lastCardTo(sam).actions).toBeUndefined();
    expect((await useCases.get(uc.id))?.status).toBe('in-review');
    const trail = await actions(uc.code);
    expect(trail.filter((a) => a === 'review.routed')).toHaveLength(1);
    expect(trail.filter((a) => a === 'review.card-sent')).toHaveLength(3);
    expect(trail).toContain('review.stage-started');
  });

  it('@mentions approvers who never installed the bot in the review channel', async () => {
    const uc = await createUseCase(db, { facts: FACTS.personal, tier: 'limited' });
    await service.submitted(uc);
    const review = (await service.reviews.getByUseCase(uc.id))!;
    notifier.clear();
    await service.decide(actor(alex), { reviewId: review.id, version: review.version, decision: 'approve' });
    expect(notifier.channel).toHaveLength(1);
    expect(notifier.channel[0].mentions).toEqual([{ id: adele.aadObjectId, name: 'Adele Vance' }]);
    expect(JSON.stringify(notifier.channel[0].card)).toContain('Privacy review because: personal data (Personal data)');
    expect(notifier.channel[0].card.actions).toBeUndefined();
    expect(lastCardTo(alex).actions.map((a: any) => a.verb)).toContain('review.approve');
    expect(JSON.stringify(lastCardTo(alex))).toContain('Your decision: Privacy review');
  });

  it('rejects a Prohibited submission automatically, informs the ethics board and tells the submitter why', async () => {
    const uc = await createUseCase(db, {
      facts: FACTS.emotions,
      tier: 'prohibited',
      tierReasons: ['The use case involves a practice the EU AI Act prohibits'],
    });
    await service.submitted(uc);
    expect((await useCases.get(uc.id))?.status).toBe('rejected');
    const board = [alex, megan].map((p) => p.aadObjectId);
    for (const id of board) expect(notifier.textSentTo(id).join()).toContain('was rejected automatically');
    expect(notifier.channel.map((c) => c.mentions)).toEqual([[{ id: adele.aadObjectId, name: 'Adele Vance' }]]);
    expect(notifier.textSentTo(sam.aadObjectId).join()).toContain(
      'The use case involves a practice the EU AI Act prohibits',
    );
    const events = await audit.list({ subjectType: 'use-case', subjectId: uc.code });
    expect(events.find((e) => e.action === 'review.auto-rejected')?.comment).toBe(
      'The use case involves a practice the EU AI Act prohibits',
    );
    expect(events.map((e) => e.action)).not.toContain('review.routed');
  });

  it('runs the whole loop: approve, request changes, resubmit with new facts (stage added), approve to the end, with the submitter told each time', async () => {
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await service.submitted(uc);
    let review = (await service.reviews.getByUseCase(uc.id))!;

    const changes = await service.decide(actor(megan), {
      reviewId: review.id,
      version: 1,
      decision: 'request-changes',
      comment: 'Say which documents it reads.',
    });
    expect(changes.ok).toBe(true);
    expect((await useCases.get(uc.id))?.status).toBe('changes-requested');
    expect(notifier.textSentTo(sam.aadObjectId).pop()).toContain('Say which documents it reads.');
    expect(await service.statusLine(uc)).toEqual({ stage: 'CoE triage', pendingApprovers: [] });

    const current = (await useCases.get(uc.id))!;
    const edited = (await useCases.updateAnswers(
      uc.id,
      {
        title: uc.title,
        businessUnit: uc.businessUnit,
        answers: {},
        facts: FACTS.personal,
        tier: 'limited',
        tierReasons: ['Personal data is processed'],
        status: 'submitted',
      },
      current.version,
    ))!;
    notifier.clear();
    clock.advanceDays(2);
    await service.resubmitted(edited);
    review = (await service.reviews.getByUseCase(uc.id))!;
    expect(review.stages.map((s) => [s.id, s.status])).toEqual([
      ['coe-triage', 'active'],
      ['privacy', 'waiting'],
    ]);
    expect(review.round).toBe(2);
    expect((await useCases.get(uc.id))?.status).toBe('in-review');
    expect(notifier.textSentTo(sam.aadObjectId).join()).toContain(
      'New stages apply after your changes: Privacy review because: personal data (Personal data)',
    );
    expect(notifier.sent.filter((s) => s.to === megan.aadObjectId)).toHaveLength(1);

    await service.decide(actor(megan), {
      reviewId: review.id,
      version: review.version,
      decision: 'approve',
      comment: 'Internal users only.',
    });
    review = (await service.reviews.getByUseCase(uc.id))!;
    expect(notifier.textSentTo(sam.aadObjectId).pop()).toContain(
      'Now waiting for: Privacy review (Alex Wilber, Adele Vance',
    );
    expect(await service.statusLine(uc)).toEqual({
      stage: 'Privacy review',
      pendingApprovers: ['Alex Wilber', 'Adele Vance'],
    });

    const done = await service.decide(actor(alex), {
      reviewId: review.id,
      version: review.version,
      decision: 'approve',
    });
    expect(done.ok && JSON.stringify(reviewViewCard(done.value, service.rules))).toContain('Approved');
    expect((await useCases.get(uc.id))?.status).toBe('approved');
    const final = notifier.textSentTo(sam.aadObjectId).pop()!;
    expect(final).toContain(`${uc.code} is approved`);
    expect(final).toContain('Megan Bowen (CoE triage): \\"Internal users only.\\"');
    const trail = await actions(uc.code);
    expect(trail.filter((a) => a === 'review.decided')).toHaveLength(3);
    expect(trail).toEqual(expect.arrayContaining(['review.resubmitted', 'review.stage-approved', 'review.approved']));
  });

  it('with onResubmit "reset" a resubmission starts again from triage; a resubmission into the Prohibited tier is rejected', async () => {
    service = build(reviewOrg((raw) => (raw.review.onResubmit = 'reset')));
    const uc = await createUseCase(db, { facts: FACTS.personal, tier: 'limited' });
    await service.submitted(uc);
    let review = (await service.reviews.getByUseCase(uc.id))!;
    await service.decide(actor(megan), { reviewId: review.id, version: 1, decision: 'approve' });
    await service.decide(actor(alex), {
      reviewId: review.id,
      version: 2,
      decision: 'request-changes',
      comment: 'Which personal data?',
    });
    expect(notifier.textSentTo(sam.aadObjectId).pop()).toContain('All approvals will be reset when you resubmit.');
    const resubmit = async (facts: typeof FACTS.personal | typeof FACTS.emotions, tier: 'limited' | 'prohibited') => {
      const current = (await useCases.get(uc.id))!;
      const edited = (await useCases.updateAnswers(
        uc.id,
        {
          title: uc.title,
          businessUnit: uc.businessUnit,
          answers: {},
          facts,
          tier,
          tierReasons: tier === 'prohibited' ? ['Emotion recognition'] : [],
          status: 'submitted',
        },
        current.version,
      ))!;
      await service.resubmitted(edited);
      return (await service.reviews.getByUseCase(uc.id))!;
    };
    review = await resubmit(FACTS.personal, 'limited');
    expect(review.stages.map((s) => [s.id, s.status, s.approvals.length])).toEqual([
      ['coe-triage', 'active', 0],
      ['privacy', 'waiting', 0],
    ]);
    await service.decide(actor(megan), {
      reviewId: review.id,
      version: review.version,
      decision: 'request-changes',
      comment: 'Still unclear.',
    });
    review = await resubmit(FACTS.emotions, 'prohibited');
    expect(review.status).toBe('rejected');
    expect(review.autoRejectReasons).toEqual(['Emotion recognition']);
    expect((await useCases.get(uc.id))?.status).toBe('rejected');
    expect(notifier.textSentTo(sam.aadObjectId).pop()).toContain('was rejected automatically');
  });

  it('Reject ends the review and the submitter gets the comment; later clicks change nothing', async () => {
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await service.submitted(uc);
    const review = (await service.reviews.getByUseCase(uc.id))!;
    const noComment = await service.decide(actor(alex), { reviewId: review.id, version: 1, decision: 'reject' });
    expect(noComment.ok && JSON.stringify(reviewViewCard(noComment.value, service.rules))).toContain(
      'A comment is required to reject',
    );
    expect((await service.reviews.get(review.id))!.version).toBe(1);
    await service.decide(actor(alex), {
      reviewId: review.id,
      version: 1,
      decision: 'reject',
      comment: 'Duplicates UC-0001.',
    });
    expect((await useCases.get(uc.id))?.status).toBe('rejected');
    expect(notifier.textSentTo(sam.aadObjectId).pop()).toContain('Duplicates UC-0001.');
    const late = await service.decide(actor(megan), { reviewId: review.id, version: 2, decision: 'approve' });
    expect(late.ok && JSON.stringify(reviewViewCard(late.value, service.rules))).toContain('already closed');
    expect((await service.reviews.get(review.id))!.status).toBe('rejected');
  });

  it('withdrawal cancels open stages and updates every sent copy of the card', async () => {
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await service.submitted(uc);
    const copies = notifier.sent.length;
    const withdrawnUc = (await useCases.setStatus(uc.id, 'withdrawn', (await useCases.get(uc.id))!.version))!;
    await service.withdrawn(withdrawnUc);
    const review = (await service.reviews.getByUseCase(uc.id))!;
    expect(review.status).toBe('withdrawn');
    expect(review.stages[0].status).toBe('cancelled');
    expect(notifier.updates).toHaveLength(copies);
    for (const u of notifier.updates) {
      expect(JSON.stringify(u.card)).toContain('Withdrawn by the submitter');
      expect(u.card.actions).toBeUndefined();
    }
    expect(await actions(uc.code)).toContain('review.withdrawn');
  });

  it('sends each reminder and escalation once, from database timers that survive a restart', async () => {
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await service.submitted(uc);
    const review = (await service.reviews.getByUseCase(uc.id))!;
    expect((await service.reviews.timers(review.id)).map((t) => [t.kind, t.dueAt])).toEqual([
      ['reminder', '2026-11-10T21:00:00.000Z'],
      ['escalation', '2026-11-11T09:00:00.000Z'],
    ]);
    notifier.clear();
    const worker = new ReviewWorker(service, 0, silentLogger);
    expect(await worker.tick(new Date('2026-11-10T20:00:00Z'))).toBe(0);
    expect(await worker.tick(new Date('2026-11-10T22:00:00Z'))).toBe(1);
    expect(await worker.tick(new Date('2026-11-10T22:00:00Z'))).toBe(0);
    expect(notifier.sent.map((s) => s.to).sort()).toEqual([alex.aadObjectId, megan.aadObjectId].sort());
    expect(JSON.stringify(notifier.sent[0].card)).toContain('Reminder: CoE triage of');

    notifier.clear();
    const restarted = new ReviewWorker(build(), 0, silentLogger);
    expect(await restarted.tick(new Date('2026-11-12T09:00:00Z'))).toBe(1);
    expect(notifier.channel.map((c) => c.mentions)).toEqual([[{ id: adele.aadObjectId, name: 'Adele Vance' }]]);
    expect(JSON.stringify(notifier.channel[0].card)).toContain('Escalated to you');
    const escalated = (await service.reviews.get(review.id))!;
    expect(escalated.stages[0].escalatedTo).toEqual([{ id: adele.aadObjectId, name: 'Adele Vance' }]);
    const events = await audit.list({ subjectType: 'use-case', subjectId: uc.code });
    expect(events.filter((e) => e.action === 'review.reminded')).toHaveLength(1);
    expect(events.find((e) => e.action === 'review.escalated')?.details).toMatchObject({
      stageId: 'coe-triage',
      to: { id: adele.aadObjectId },
    });
    const byBackup = await service.decide(actor(adele), {
      reviewId: review.id,
      version: escalated.version,
      decision: 'approve',
    });
    expect(byBackup.ok).toBe(true);
    expect((await useCases.get(uc.id))?.status).toBe('approved');
  });

  it('escalates to the escalation contact when the group has no backup, and skips timers of stages that moved on', async () => {
    const uc = await createUseCase(db, { facts: FACTS.personal, tier: 'limited' });
    await service.submitted(uc);
    let review = (await service.reviews.getByUseCase(uc.id))!;
    await service.decide(actor(megan), { reviewId: review.id, version: review.version, decision: 'approve' });
    review = (await service.reviews.getByUseCase(uc.id))!;
    notifier.clear();
    const worker = new ReviewWorker(service, 0, silentLogger);
    await worker.tick(new Date('2026-12-31T00:00:00Z'));
    const timers = await service.reviews.timers(review.id);
    expect(timers.filter((t) => t.stageId === 'coe-triage').map((t) => t.outcome)).toEqual([
      'skipped: the stage is no longer waiting',
      'skipped: the stage is no longer waiting',
    ]);
    expect(timers.filter((t) => t.stageId === 'privacy').map((t) => t.outcome)).toEqual(['reminded', 'escalated']);
    const escalation = (await audit.list({ subjectType: 'use-case', subjectId: uc.code })).find(
      (e) => e.action === 'review.escalated',
    );
    expect(escalation?.details).toMatchObject({
      stageId: 'privacy',
      to: { name: 'Alex Wilber' },
      addedAsApprover: false,
    });
  });

  it('refuses actions without an Entra identity or from another tenant when the tenant is configured', async () => {
    const tenantOrg = reviewOrg((raw) => (raw.organisation.tenantId = 'tenant-1'));
    service = build(tenantOrg);
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await service.submitted(uc);
    const review = (await service.reviews.getByUseCase(uc.id))!;
    const foreign = await service.decide(
      { ...actor(alex), tenantId: 'tenant-2' },
      { reviewId: review.id, version: 1, decision: 'approve' },
    );
    expect(foreign).toMatchObject({
      ok: false,
      message: 'This review belongs to another organisation, so nothing was changed.',
    });
    const anonymous = await service.decide(
      { name: 'Alex Wilber', tenantId: 'tenant-1' },
      { reviewId: review.id, version: 1, decision: 'approve' },
    );
    expect(anonymous.ok).toBe(false);
    expect((await service.reviews.get(review.id))!.version).toBe(1);
    expect(
      (
        await service.decide(
          { ...actor(alex), tenantId: 'tenant-1' },
          { reviewId: review.id, version: 1, decision: 'approve' },
        )
      ).ok,
    ).toBe(true);
  });

  it('lists what is waiting for an approver, oldest first', async () => {
    const first = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal', title: 'Older one' });
    await service.submitted(first);
    clock.advanceDays(1);
    const second = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal', title: 'Newer one' });
    await service.submitted(second);
    const text = JSON.stringify(waitingListCard(await service.waitingFor(actor(alex))));
    expect(text.indexOf(first.code)).toBeGreaterThan(-1);
    expect(text.indexOf(first.code)).toBeLessThan(text.indexOf(second.code));
    expect(text).toContain('review.open');
    expect(JSON.stringify(waitingListCard(await service.waitingFor(actor(eve))))).toContain(
      'Nothing is waiting for you',
    );
  });

  it('exports the audit trail of a use case or a date range for admins only, as CSV or JSON code blocks', async () => {
    const uc = await createUseCase(db, { facts: FACTS.minimal, tier: 'minimal' });
    await service.submitted(uc);
    const review = (await service.reviews.getByUseCase(uc.id))!;
    await service.decide(actor(alex), {
      reviewId: review.id,
      version: 1,
      decision: 'approve',
      comment: 'Fine, "internal" only',
    });
    expect(exportLines(await service.exportAudit(actor(megan), `export audit ${uc.code}`))).toEqual([
      'Only CoE admins can export the audit trail.',
    ]);
    const [summary, csv] = exportLines(await service.exportAudit(actor(alex), `export audit ${uc.code.toLowerCase()}`));
    expect(summary).toContain(`Audit trail for ${uc.code}`);
    expect(csv.startsWith('```csv\nat,actorId,actorName,subjectType,subjectId,action,comment,activityId,details')).toBe(
      true,
    );
    expect(csv).toContain('"Fine, ""internal"" only"');
    const [, json] = exportLines(await service.exportAudit(actor(alex), `export audit ${uc.code} as json`));
    const parsed = JSON.parse(json.replace(/^```json\n/, '').replace(/\n```$/, ''));
    expect(parsed.map((e: { action: string }) => e.action)).toContain('review.decided');
    const today = new Date().toISOString().slice(0, 10);
    const range = exportLines(await service.exportAudit(actor(alex), `export audit from ${today} to ${today}`));
    expect(range[0]).toMatch(/events? as CSV/);
    expect(exportLines(await service.exportAudit(actor(alex), 'export audit from 2026-13-01 to 2026-11-30'))).toEqual([
      'Dates must be written as YYYY-MM-DD, for example "export audit from 2026-11-01 to 2026-11-30".',
    ]);
    expect(parseAuditExportCommand('export audit from 2026-11-01 to 2026-11-30 as JSON')).toMatchObject({
      kind: 'range',
      fromDay: '2026-11-01',
      toDay: '2026-11-30',
      format: 'json',
      to: new Date('2026-12-01T00:00:00Z'),
    });
  });
});
