import * as path from 'node:path';
import { loadOrgConfig } from '../../src/org-settings';
import type { Actor, IntakeOutcome, IntakeResult } from '../../src/intake/intake-outcome';
import { IntakeService } from '../../src/intake/intake-service';
import type { ReviewHandoff } from '../../src/intake/review-handoff';
import type { UseCase } from '../../src/intake/use-case';
import type { Logger } from '../../src/observability/logger';
import { AuditLog } from '../../src/store/audit-log';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { VALID } from './wizard-driver';

const org = loadOrgConfig(path.resolve(__dirname, '../../config/coe.yaml'));
const STEPS = ['basics', 'data', 'impact', 'solution', 'value'] as const;

/** A ReviewHandoff that records what intake told it (the port's stand-in, not the thing under test). */
class RecordingHandoff implements ReviewHandoff {
  calls: Array<[string, string]> = [];
  failNext = false;
  async submitted(uc: UseCase) {
    this.calls.push(['submitted', uc.code]);
    if (this.failNext) throw new Error('review is down');
  }
  async resubmitted(uc: UseCase) {
    this.calls.push(['resubmitted', uc.code]);
  }
  async withdrawn(uc: UseCase) {
    this.calls.push(['withdrawn', uc.code]);
  }
  async statusLine(uc: UseCase) {
    return { stage: `Stage of ${uc.code}`, pendingApprovers: ['Adele Vance'] };
  }
}

function collectingLogger(lines: string[]): Logger {
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (m) => void lines.push(m),
    error: (m) => void lines.push(m),
    child: () => log,
  };
  return log;
}

/** What an operation shows when it went ahead; a refusal fails the test with its sentence. */
function resultOf(outcome: IntakeOutcome): IntakeResult {
  if (!outcome.ok) throw new Error(`expected a result, got the refusal "${outcome.message}"`);
  return outcome.value;
}

function wizardOf(outcome: IntakeOutcome) {
  const result = resultOf(outcome);
  if (result.kind !== 'wizard') throw new Error(`expected a wizard step, got ${result.kind}`);
  return result.view;
}

describe('IntakeService with a recording review handoff', () => {
  let db: Database;
  let handoff: RecordingHandoff;
  let service: IntakeService;
  const errors: string[] = [];
  let n = 0;
  const nextActor = (): Actor => ({ id: `actor-${(n += 1)}`, name: `Person ${n}` });

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
    handoff = new RecordingHandoff();
    service = new IntakeService({
      db,
      riskTiers: org.riskTiers,
      audit: new AuditLog(db),
      handoff,
      isAdmin: () => false,
      logger: collectingLogger(errors),
    });
  });
  afterAll(async () => db.close());

  /** Clicks Next on every step from `view` with valid answers (plus `extra` for a step) and returns the last view. */
  async function fillEveryStep(
    actor: Actor,
    view: ReturnType<typeof wizardOf>,
    extra: Partial<Record<(typeof STEPS)[number], Record<string, string>>> = {},
  ): Promise<ReturnType<typeof wizardOf>> {
    for (const step of STEPS)
      view = wizardOf(
        await service.act(actor, 'next', {
          draftId: view.draft.id,
          step,
          version: view.draft.version,
          ...VALID[step],
          ...extra[step],
        }),
      );
    return view;
  }

  /** Fills every step and returns the review step's envelope. */
  async function toReview(actor: Actor): Promise<{ draftId: number; step: string; version: number }> {
    const view = await fillEveryStep(actor, wizardOf(await service.start(actor)));
    expect(view.draft.step).toBe('review');
    return { draftId: view.draft.id, step: 'review', version: view.draft.version };
  }

  it('hands a submission over exactly once, even when two submits race', async () => {
    const actor = nextActor();
    const envelope = await toReview(actor);
    const results = (
      await Promise.all([service.act(actor, 'submit', envelope), service.act(actor, 'submit', envelope)])
    ).map(resultOf);
    const codes = results.map((r) => (r.kind === 'submitted' ? r.useCase.code : r.kind));
    expect(codes[0]).toMatch(/^UC-\d{4}$/);
    expect(codes[1]).toBe(codes[0]);
    expect(results.filter((r) => r.kind === 'submitted' && r.repeated)).toHaveLength(1);
    expect(handoff.calls.filter(([, code]) => code === codes[0])).toEqual([['submitted', codes[0]]]);
    expect(await db.query('select id from use_cases where submitter_id = $1', [actor.id])).toHaveLength(1);
  });

  it('keeps the submission when the handoff fails, and logs it', async () => {
    const actor = nextActor();
    handoff.failNext = true;
    const outcome = await service.act(actor, 'submit', await toReview(actor));
    handoff.failNext = false;
    expect(resultOf(outcome)).toMatchObject({ kind: 'submitted', repeated: false, useCase: { status: 'submitted' } });
    expect(errors).toContain('review handoff failed');
  });

  it('reports resubmissions and withdrawals, and shows the review status line in "my submissions"', async () => {
    const actor = nextActor();
    const submitted = resultOf(await service.act(actor, 'submit', await toReview(actor)));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    const uc = (await service.useCases.setStatus(
      submitted.useCase.id,
      'changes-requested',
      submitted.useCase.version,
    ))!;

    let view = wizardOf(await service.edit(actor, { useCaseId: uc.id, version: uc.version }));
    expect(view.editing?.code).toBe(uc.code);
    view = await fillEveryStep(actor, view, { data: { affected: 'public' } });
    const resubmitted = await service.act(actor, 'submit', {
      draftId: view.draft.id,
      step: 'review',
      version: view.draft.version,
    });
    expect(resultOf(resubmitted)).toMatchObject({
      kind: 'submitted',
      resubmitted: true,
      useCase: { tier: 'limited', tierReasons: ['Customers or the public are affected: Public'] },
    });

    const mine = await service.mySubmissions(actor);
    expect(resultOf(mine)).toMatchObject({
      kind: 'my-submissions',
      items: [{ useCase: { code: uc.code }, stage: `Stage of ${uc.code}`, pendingApprovers: ['Adele Vance'] }],
      drafts: [],
    });

    const latest = (await service.useCases.get(uc.id))!;
    expect(
      resultOf(
        await service.withdraw(actor, { useCaseId: uc.id, version: latest.version, reason: ' No\u0000 budget ' }),
      ),
    ).toMatchObject({ kind: 'detail', item: { useCase: { status: 'withdrawn' } }, canWithdraw: false });
    expect(
      (await new AuditLog(db).list({ subjectType: 'use-case', subjectId: uc.code })).find(
        (e) => e.action === 'withdrawn',
      )?.comment,
    ).toBe('No budget');
    expect(handoff.calls.filter(([, code]) => code === uc.code)).toEqual([
      ['submitted', uc.code],
      ['resubmitted', uc.code],
      ['withdrawn', uc.code],
    ]);
  });

  it('refuses a stale withdraw and changes nothing', async () => {
    const actor = nextActor();
    const submitted = resultOf(await service.act(actor, 'submit', await toReview(actor)));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    const before = handoff.calls.length;
    const outcome = await service.withdraw(actor, {
      useCaseId: submitted.useCase.id,
      version: submitted.useCase.version + 5,
    });
    expect(resultOf(outcome)).toMatchObject({ kind: 'detail', notice: { tone: 'warning' } });
    expect((await service.useCases.get(submitted.useCase.id))?.status).toBe('submitted');
    expect(handoff.calls.length).toBe(before);
  });

  it('sends someone back to the first incomplete step instead of submitting', async () => {
    const actor = nextActor();
    const envelope = await toReview(actor);
    await db.query(`update use_case_drafts set answers = answers - 'solution' where id = $1`, [envelope.draftId]);
    const outcome = await service.act(actor, 'submit', envelope);
    const view = wizardOf(outcome);
    expect(view.draft.step).toBe('solution');
    expect(view.errors).toMatchObject({ hosting: 'Please choose one option.' });
    expect(await db.query('select id from use_cases where submitter_id = $1', [actor.id])).toHaveLength(0);
  });

  it('tells review the confirmation is the live status card, and refreshes it with where the review stands', async () => {
    const actor = nextActor();
    const seen: unknown[] = [];
    const submitted = handoff.submitted.bind(handoff);
    handoff.submitted = async (uc: UseCase, options?: { confirmationIsLive?: boolean }) => {
      seen.push(options);
      return submitted(uc);
    };
    const result = resultOf(await service.act(actor, 'submit', await toReview(actor)));
    handoff.submitted = submitted;
    expect(seen).toEqual([{ confirmationIsLive: true }]);
    if (result.kind !== 'submitted') throw new Error(result.kind);
    expect(result.status).toMatchObject({
      stage: `Stage of ${result.useCase.code}`,
      pendingApprovers: ['Adele Vance'],
    });
    const refreshed = resultOf(await service.submittedStatus(actor, { useCaseId: result.useCase.id }));
    expect(refreshed).toMatchObject({ kind: 'submitted', live: true, status: { pendingApprovers: ['Adele Vance'] } });
    expect((await service.submittedStatus(nextActor(), { useCaseId: result.useCase.id })).ok).toBe(false);
  });

  it('Back and Save draft keep the answers of the step being left, even half filled', async () => {
    const actor = nextActor();
    let view = wizardOf(await service.start(actor));
    const env = () => ({ draftId: view.draft.id, step: view.draft.step, version: view.draft.version });
    view = wizardOf(await service.act(actor, 'next', { ...env(), ...VALID.basics }));
    view = wizardOf(await service.act(actor, 'back', { ...env(), dataSources: 'Only the contract repository' }));
    expect(view.draft.step).toBe('basics');
    expect(view.draft.answers.data).toEqual({ dataSources: 'Only the contract repository' });
    view = wizardOf(await service.act(actor, 'next', { ...env(), ...VALID.basics }));
    expect(view.values.dataSources).toBe('Only the contract repository');
    view = wizardOf(await service.act(actor, 'save', { ...env(), dataSources: 'Contracts', scale: 'team' }));
    expect(view.notice?.text).toMatch(/^Draft saved\./);
    expect(view.draft.answers.data).toEqual({ dataSources: 'Contracts', scale: 'team' });
  });

  it('accepts amounts as people type them: "$12,000", "12k", "12 000"', async () => {
    const actor = nextActor();
    let view = wizardOf(await service.start(actor));
    for (const step of ['basics', 'data', 'impact', 'solution'] as const)
      view = wizardOf(
        await service.act(actor, 'next', { draftId: view.draft.id, step, version: view.draft.version, ...VALID[step] }),
      );
    for (const [typed, stored] of [
      ['$12,000', 12000],
      ['12k', 12000],
      ['12 000', 12000],
    ] as const) {
      const saved = wizardOf(
        await service.act(actor, 'save', {
          draftId: view.draft.id,
          step: 'value',
          version: view.draft.version,
          ...VALID.value,
          pilotCostUsd: typed,
        }),
      );
      expect(saved.draft.answers.value?.pilotCostUsd).toBe(stored);
      view = saved;
    }
  });

  it('answers a click on a superseded wizard card with a read-only card, and its refresh says where the draft went', async () => {
    const actor = nextActor();
    const first = wizardOf(await service.start(actor));
    const oldCard = { draftId: first.draft.id, step: 'basics', version: first.draft.version };
    expect(resultOf(await service.refreshWizard(actor, oldCard))).toMatchObject({ kind: 'wizard' });
    wizardOf(await service.act(actor, 'save', { ...oldCard, title: 'A newer title' }));
    expect(resultOf(await service.refreshWizard(actor, oldCard))).toEqual({
      kind: 'superseded',
      message: 'This draft continues in a newer card.',
    });
    const last = await fillEveryStep(actor, wizardOf(await service.resume(actor)));
    const envelope = { draftId: last.draft.id, step: 'review', version: last.draft.version };
    const done = resultOf(await service.act(actor, 'submit', envelope));
    if (done.kind !== 'submitted') throw new Error(done.kind);
    const late = resultOf(await service.act(actor, 'next', { ...oldCard, ...VALID.basics }));
    expect(late).toMatchObject({ kind: 'superseded', code: done.useCase.code });
    expect(resultOf(await service.refreshWizard(actor, oldCard))).toMatchObject({
      kind: 'superseded',
      message: `This draft was submitted as ${done.useCase.code}.`,
    });
  });
});
