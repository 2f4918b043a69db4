import type { Logger } from '../observability/logger';
import type { AuditLog } from '../store/audit-log';
import type { Database, Queryable } from '../store/database';
import { factsFromAnswers } from './answers-to-facts';
import {
  DAMAGED_ACTION,
  parseWizardData,
  submissionFilterSchema,
  useCaseEditSchema,
  useCaseRefSchema,
  useCaseWithdrawSchema,
  type WizardEnvelope,
} from './card-action-data';
import { type Draft, DraftRepository } from './draft-repository';
import { type RefusalCode, ok, refuse } from '../runtime/outcome';
import type { Actor, IntakeOutcome, Notice, SubmissionSummary } from './intake-outcome';
import type { ReviewHandoff } from './review-handoff';
import type { RiskTierConfig } from './risk-rules-schema';
import { computeRiskTier, impliedRiskTier } from './risk-tier';
import { type CardValues, type FieldErrors, toCardValues, validateStep } from './step-validation';
import { parseSubmissionFilter } from './submission-filter';
import { type UseCase, type UseCaseStatus, type WizardAnswers, statusText } from './use-case';
import { PROHIBITED_PRACTICES, label } from './use-case-facts';
import { UseCaseRepository } from './use-case-repository';
import { NOT_VISIBLE, maySeeUseCase } from './use-case-access';
import { DAY_MS, overLimit, waitPhrase } from '../store/rate-limits';
import { useCasesToCsv } from './use-case-csv';
import { STEP_IDS, type StepId, nextStep, previousStep, stepSpec } from './wizard-steps';

/** What a wizard button asks for. */
export type WizardVerb = 'next' | 'back' | 'save' | 'cancel' | 'discard' | 'resume' | 'submit';

export interface IntakeServiceOptions {
  db: Database;
  riskTiers: RiskTierConfig;
  audit: AuditLog;
  handoff: ReviewHandoff;
  isAdmin: (aadObjectId: string) => boolean;
  logger: Logger;
  /** At most this many new submissions per person per day (config `rateLimits.submissionsPerDay`; 0 or unset: no limit). */
  submissionsPerDay?: number;
  /** The clock for the submission limit; tests inject one. */
  now?: () => Date;
  /** The most CSV text an export card carries (a Teams message holds about 28 KB in all). */
  exportMaxChars?: number;
}

const ACTIVE_STATUSES: ReadonlyArray<UseCaseStatus> = ['submitted', 'in-review', 'changes-requested'];
const NOT_YOURS =
  'I could not find that draft among yours, so nothing was changed. Type "continue my draft" to open your own draft.';
export const ADMIN_ONLY =
  'Sorry, the list of all submissions is only for CoE admins. You can see your own use cases with "my submissions".';

const refused = (message: string, code: RefusalCode = 'invalid'): IntakeOutcome => refuse(code, message);

/** The intake wizard, submissions and the CoE's view of them; knows nothing about Teams. */
export class IntakeService {
  readonly useCases: UseCaseRepository;
  readonly drafts: DraftRepository;

  constructor(private readonly options: IntakeServiceOptions) {
    this.useCases = new UseCaseRepository(options.db);
    this.drafts = new DraftRepository(options.db);
  }

  /** "submit a use case": a new draft at the first step, or the choice to continue the open one. */
  async start(actor: Actor): Promise<IntakeOutcome> {
    const open = await this.drafts.openNewFor(actor.id);
    if (open) return ok({ kind: 'draft-exists', draft: open });
    const { draft, created } = await this.drafts.create({ ownerId: actor.id, step: 'basics', answers: {} });
    if (!created) return ok({ kind: 'draft-exists', draft });
    return this.wizard(draft, this.options.db, { values: { contact: actor.name } });
  }

  /** "continue my draft": the most recently changed open draft, at the step it was left on. */
  async resume(actor: Actor): Promise<IntakeOutcome> {
    const [latest] = await this.drafts.openFor(actor.id);
    return latest ? this.wizard(latest, this.options.db) : ok({ kind: 'no-draft' });
  }

  /** "cancel my draft": asks to confirm discarding the most recently changed open draft (the card's button discards it). */
  async cancelDraft(actor: Actor): Promise<IntakeOutcome> {
    const [latest] = await this.drafts.openFor(actor.id);
    if (!latest) return ok({ kind: 'no-draft' });
    return ok({
      kind: 'confirm-discard',
      draft: latest,
      editingCode: (await this.editedUseCase(latest, this.options.db))?.code,
    });
  }

  /** Handles a wizard button; the card data is untrusted and checked against the caller's stored draft. */
  async act(actor: Actor, verb: WizardVerb, data: unknown): Promise<IntakeOutcome> {
    const parsed = parseWizardData(data, verb === 'back');
    if (!parsed.ok) return refused(parsed.message);
    const { envelope, inputs } = parsed;
    if (verb === 'submit') return this.submit(actor, envelope);
    return this.options.db.transaction(async (tx) => {
      const checked = await this.checkedDraft(actor, envelope, tx, verb !== 'resume');
      if ('outcome' in checked) return checked.outcome;
      const draft = checked.draft;
      switch (verb) {
        case 'resume':
          return this.wizard(draft, tx);
        case 'next':
          return this.next(draft, inputs, tx);
        case 'back':
          return this.back(draft, inputs, envelope.target, tx);
        case 'save':
          return this.save(draft, inputs, tx);
        case 'cancel':
          return ok({ kind: 'confirm-discard', draft, editingCode: (await this.editedUseCase(draft, tx))?.code });
        case 'discard': {
          const editingCode = (await this.editedUseCase(draft, tx))?.code;
          return (await this.drafts.discard(draft.id, draft.version, tx))
            ? ok({ kind: 'discarded', editingCode })
            : this.wizard(draft, tx, { notice: STALE });
        }
        default:
          return refused(DAMAGED_ACTION);
      }
    });
  }

  /** Lists the caller's use cases (with where each review stands) and open drafts. */
  async mySubmissions(actor: Actor): Promise<IntakeOutcome> {
    const [useCases, drafts] = await Promise.all([
      this.useCases.listBySubmitter(actor.id, 20),
      this.drafts.openFor(actor.id),
    ]);
    return ok({ kind: 'my-submissions', items: await Promise.all(useCases.map((uc) => this.summary(uc))), drafts });
  }

  /** One use case with all answers and its history; for its submitter, its approvers and CoE admins. */
  async view(actor: Actor, data: unknown): Promise<IntakeOutcome> {
    const parsed = useCaseRefSchema.safeParse(data);
    if (!parsed.success) return refused(DAMAGED_ACTION);
    const uc = await this.useCases.get(parsed.data.useCaseId);
    if (!uc || !(await this.maySee(actor, uc))) return refused(NOT_VISIBLE, 'not-found');
    return this.detail(uc, actor);
  }

  /** "status of UC-0042": the same detail as View, under the same visibility rule. */
  async status(actor: Actor, code: string): Promise<IntakeOutcome> {
    const uc = await this.useCases.getByCode(code.toUpperCase());
    if (!uc || !(await this.maySee(actor, uc))) return refused(NOT_VISIBLE, 'not-found');
    return this.detail(uc, actor);
  }

  /** The visibility rule (use-case-access.ts) for this use case: submitter, current and past approvers, CoE admins. */
  private async maySee(actor: Actor, uc: UseCase): Promise<boolean> {
    if (uc.submitterId === actor.id || this.options.isAdmin(actor.id)) return true;
    const approverIds = (await this.options.handoff.approverIdsOf?.(uc)) ?? [];
    return maySeeUseCase(actor.id, { submitterId: uc.submitterId, approverIds }, this.options.isAdmin);
  }

  /** Withdraws a use case for its submitter, until a final decision. */
  async withdraw(actor: Actor, data: unknown): Promise<IntakeOutcome> {
    const parsed = useCaseWithdrawSchema.safeParse(data);
    if (!parsed.success)
      return refused(parsed.error.issues.find((i) => i.path[0] === 'reason')?.message ?? DAMAGED_ACTION);
    const { useCaseId, version, reason } = parsed.data;
    const result = await this.options.db.transaction(
      async (tx): Promise<{ refused: string } | { show: UseCase; notice: Notice } | { withdrawn: UseCase }> => {
        const uc = await this.useCases.getForUpdate(useCaseId, tx);
        if (!uc || uc.submitterId !== actor.id)
          return { refused: 'Only the person who submitted a use case can withdraw it. Nothing was changed.' };
        if (!ACTIVE_STATUSES.includes(uc.status))
          return {
            show: uc,
            notice: {
              tone: 'warning',
              text: `${uc.code} is already ${statusText(uc.status)}, so it cannot be withdrawn.`,
            },
          };
        const updated =
          uc.version === version ? await this.useCases.setStatus(uc.id, 'withdrawn', uc.version, tx) : undefined;
        if (!updated) return { show: uc, notice: CHANGED(uc) };
        await this.drafts.discardEditOf(uc.id, tx);
        await this.options.audit.append(
          {
            actorId: actor.id,
            actorName: actor.name,
            subjectType: 'use-case',
            subjectId: uc.code,
            action: 'withdrawn',
            comment: reason,
            details: { previousStatus: uc.status },
          },
          tx,
        );
        return { withdrawn: updated };
      },
    );
    if ('refused' in result) return refused(result.refused);
    if ('show' in result) return this.detail(result.show, actor, result.notice);
    await this.handOff('withdrawn', result.withdrawn);
    const latest = (await this.useCases.get(result.withdrawn.id)) ?? result.withdrawn;
    return this.detail(latest, actor, {
      tone: 'good',
      text: `${latest.code} is withdrawn. It stays in the audit trail.`,
    });
  }

  /** Opens the wizard on an edit draft of a use case whose reviewers asked for changes. */
  async edit(actor: Actor, data: unknown): Promise<IntakeOutcome> {
    const parsed = useCaseEditSchema.safeParse(data);
    if (!parsed.success) return refused(DAMAGED_ACTION);
    const uc = await this.useCases.get(parsed.data.useCaseId);
    if (!uc || uc.submitterId !== actor.id)
      return refused('Only the person who submitted a use case can edit it. Nothing was changed.');
    if (uc.status !== 'changes-requested')
      return this.detail(uc, actor, {
        tone: 'warning',
        text: `${uc.code} is ${statusText(uc.status)}; you can edit it only when a reviewer has requested changes.`,
      });
    if (uc.version !== parsed.data.version) return this.detail(uc, actor, CHANGED(uc));
    const { draft } = await this.drafts.create({
      ownerId: actor.id,
      useCaseId: uc.id,
      step: 'basics',
      answers: uc.answers,
    });
    return this.wizard(draft, this.options.db, {
      notice: {
        tone: 'info',
        text: `You are editing ${uc.code}. Change what the reviewers asked for, then resubmit on the last step.`,
      },
    });
  }

  /** The CoE view: every submission matching the filter (from typed text or the card's filter inputs). */
  async allSubmissions(actor: Actor, filter: { text: string } | { data: unknown }): Promise<IntakeOutcome> {
    if (!this.options.isAdmin(actor.id)) return refused(ADMIN_ONLY, 'forbidden');
    const parsed =
      'text' in filter
        ? { success: true as const, data: parseSubmissionFilter(filter.text) }
        : submissionFilterSchema.safeParse(filter.data);
    if (!parsed.success) return refused(DAMAGED_ACTION);
    return ok({
      kind: 'all-submissions',
      filter: parsed.data,
      items: await this.useCases.list({ ...parsed.data, limit: 500 }),
    });
  }

  /** CSV of the submissions matching the filter, for CoE admins. */
  async exportSubmissions(actor: Actor, data: unknown): Promise<IntakeOutcome> {
    if (!this.options.isAdmin(actor.id)) return refused(ADMIN_ONLY, 'forbidden');
    const parsed = submissionFilterSchema.safeParse(data);
    if (!parsed.success) return refused(DAMAGED_ACTION);
    const items = await Promise.all(
      (await this.useCases.list({ ...parsed.data, limit: 500 })).map((uc) => this.summary(uc)),
    );
    const { csv, included } = useCasesToCsv(items, this.options.exportMaxChars ?? 12_000);
    return ok({ kind: 'export', filter: parsed.data, csv, rows: items.length, included });
  }

  private async next(draft: Draft, inputs: Record<string, unknown>, tx: Queryable): Promise<IntakeOutcome> {
    if (draft.step === 'review') return this.wizard(draft, tx);
    const checked = validateStep(draft.step, inputs, 'complete');
    if (!checked.ok) return this.wizard(draft, tx, { values: asCardValues(inputs), errors: checked.errors });
    const answers: WizardAnswers = { ...draft.answers, [draft.step]: checked.answers };
    const newlyProhibited =
      draft.step === 'impact' &&
      listChanged(draft.answers.impact?.prohibitedPractices, checked.answers.prohibitedPractices);
    const target = newlyProhibited ? draft.step : nextStep(draft.step);
    const saved = await this.drafts.update(draft.id, draft.version, { step: target, answers }, tx);
    if (!saved) return this.wizard(draft, tx, { notice: STALE });
    const notice: Notice | undefined = newlyProhibited
      ? {
          tone: 'warning',
          text: 'Please read the warning about prohibited practices below. If your answer is right, select Next again to continue.',
        }
      : undefined;
    return this.wizard(saved, tx, { notice });
  }

  private async back(
    draft: Draft,
    inputs: Record<string, unknown>,
    target: StepId | undefined,
    tx: Queryable,
  ): Promise<IntakeOutcome> {
    const to = target ?? previousStep(draft.step);
    if (STEP_IDS.indexOf(to) > STEP_IDS.indexOf(draft.step))
      return this.wizard(draft, tx, {
        notice: { tone: 'warning', text: 'You can only go back to an earlier step. Nothing was changed.' },
      });
    let answers = draft.answers;
    if (Object.keys(inputs).length && draft.step !== 'review') {
      const checked = validateStep(draft.step, inputs, 'partial');
      if (!checked.ok) return this.wizard(draft, tx, { values: asCardValues(inputs), errors: checked.errors });
      answers = { ...answers, [draft.step]: checked.answers };
    }
    const saved = await this.drafts.update(draft.id, draft.version, { step: to, answers }, tx);
    return saved ? this.wizard(saved, tx) : this.wizard(draft, tx, { notice: STALE });
  }

  private async save(draft: Draft, inputs: Record<string, unknown>, tx: Queryable): Promise<IntakeOutcome> {
    let answers = draft.answers;
    if (draft.step !== 'review') {
      const checked = validateStep(draft.step, inputs, 'partial');
      if (!checked.ok)
        return this.wizard(draft, tx, {
          values: asCardValues(inputs),
          errors: checked.errors,
          notice: { tone: 'warning', text: 'Your draft was not saved: please fix the fields marked below.' },
        });
      answers = { ...answers, [draft.step]: checked.answers };
    }
    const saved = await this.drafts.update(draft.id, draft.version, { step: draft.step, answers }, tx);
    if (!saved) return this.wizard(draft, tx, { notice: STALE });
    return this.wizard(saved, tx, {
      notice: { tone: 'good', text: 'Draft saved. Type "continue my draft" any time to pick up where you left off.' },
    });
  }

  private async submit(actor: Actor, envelope: WizardEnvelope): Promise<IntakeOutcome> {
    const result = await this.options.db.transaction(
      async (tx): Promise<{ outcome: IntakeOutcome } | { useCase: UseCase; resubmitted: boolean }> => {
        const draft = await this.drafts.getForUpdate(envelope.draftId, tx);
        if (draft?.submittedUseCaseId && draft.ownerId === actor.id && draft.version === envelope.version) {
          const done = await this.useCases.get(draft.submittedUseCaseId, tx);
          if (done)
            return {
              outcome: ok({
                kind: 'submitted',
                useCase: done,
                repeated: true,
                resubmitted: draft.useCaseId !== undefined,
              }),
            };
        }
        const checked = await this.checkedDraft(actor, envelope, tx, true);
        if ('outcome' in checked) return checked;
        if (draft!.step !== 'review')
          return {
            outcome: await this.wizard(draft!, tx, {
              notice: {
                tone: 'warning',
                text: 'Submit is only available on the last step, once you have checked your answers. Nothing was changed.',
              },
            }),
          };
        for (const step of STEP_IDS.filter((s) => s !== 'review')) {
          const valid = validateStep(step, toCardValues(step, draft!.answers[step]), 'complete');
          if (!valid.ok) {
            const moved =
              (await this.drafts.update(draft!.id, draft!.version, { step, answers: draft!.answers }, tx)) ?? draft!;
            return {
              outcome: await this.wizard(moved, tx, {
                errors: valid.errors,
                notice: {
                  tone: 'warning',
                  text: `Some answers on "${stepSpec(step).title}" are missing or no longer valid. Please fix them, then continue to Submit.`,
                },
              }),
            };
          }
        }
        if (draft!.useCaseId === undefined) {
          const limited = await this.submissionLimit(actor, tx);
          if (limited) return { outcome: refused(limited) };
          return this.createUseCase(actor, draft!, tx);
        }
        return this.resubmitUseCase(actor, draft!, tx);
      },
    );
    if ('outcome' in result) return result.outcome;
    await this.handOff(result.resubmitted ? 'resubmitted' : 'submitted', result.useCase);
    const latest = (await this.useCases.get(result.useCase.id)) ?? result.useCase;
    return ok({ kind: 'submitted', useCase: latest, repeated: false, resubmitted: result.resubmitted });
  }

  /** The refusal for a person over the daily submission limit (their draft stays as it is), else undefined. */
  private async submissionLimit(actor: Actor, tx: Queryable): Promise<string | undefined> {
    const limit = this.options.submissionsPerDay ?? 0;
    if (limit <= 0) return undefined;
    const now = this.options.now?.() ?? new Date();
    const over = overLimit(
      await this.useCases.recentSubmissionsBy(actor.id, new Date(now.getTime() - DAY_MS), tx),
      limit,
      DAY_MS,
      now,
    );
    if (!over) return undefined;
    return `You have submitted ${over.count} use cases in the last 24 hours; please wait ${waitPhrase(over.waitMs)} before submitting another. Your draft is saved: type "continue my draft" then.`;
  }

  private assess(answers: WizardAnswers) {
    const facts = factsFromAnswers(answers);
    const tier = computeRiskTier(facts, this.options.riskTiers);
    const basics = answers.basics ?? {};
    return {
      facts: { ...facts, tier: tier.tier },
      tier,
      title: String(basics.title ?? ''),
      businessUnit: String(basics.businessUnit ?? ''),
    };
  }

  private async createUseCase(
    actor: Actor,
    draft: Draft,
    tx: Queryable,
  ): Promise<{ outcome: IntakeOutcome } | { useCase: UseCase; resubmitted: boolean }> {
    const a = this.assess(draft.answers);
    const { useCase, created } = await this.useCases.create(
      {
        submitterId: actor.id,
        submitterName: actor.name,
        title: a.title,
        businessUnit: a.businessUnit,
        answers: draft.answers,
        facts: a.facts,
        tier: a.tier.tier,
        tierReasons: a.tier.reasons,
        idempotencyKey: `draft-${draft.id}-v${draft.version}`,
      },
      tx,
    );
    await this.drafts.markSubmitted(draft.id, draft.version, useCase.id, tx);
    if (!created) return { outcome: ok({ kind: 'submitted', useCase, repeated: true, resubmitted: false }) };
    const subject = { actorId: actor.id, actorName: actor.name, subjectType: 'use-case', subjectId: useCase.code };
    await this.options.audit.append(
      { ...subject, action: 'drafted', details: { draftId: draft.id, startedAt: draft.createdAt } },
      tx,
    );
    await this.options.audit.append(
      { ...subject, action: 'submitted', details: { tier: useCase.tier, tierReasons: useCase.tierReasons } },
      tx,
    );
    return { useCase, resubmitted: false };
  }

  private async resubmitUseCase(
    actor: Actor,
    draft: Draft,
    tx: Queryable,
  ): Promise<{ outcome: IntakeOutcome } | { useCase: UseCase; resubmitted: boolean }> {
    const uc = await this.useCases.getForUpdate(draft.useCaseId!, tx);
    if (!uc || uc.submitterId !== actor.id)
      return { outcome: refused('Only the person who submitted a use case can resubmit it. Nothing was changed.') };
    if (uc.status !== 'changes-requested')
      return {
        outcome: refused(
          `${uc.code} is ${statusText(uc.status)}, not waiting for changes, so nothing was resubmitted. You can discard this edit with Cancel.`,
        ),
      };
    const a = this.assess(draft.answers);
    const updated = await this.useCases.updateAnswers(
      uc.id,
      {
        title: a.title,
        businessUnit: a.businessUnit,
        answers: draft.answers,
        facts: a.facts,
        tier: a.tier.tier,
        tierReasons: a.tier.reasons,
        status: 'submitted',
      },
      uc.version,
      tx,
    );
    if (!updated)
      return {
        outcome: refused(`${uc.code} changed while you were editing, so nothing was resubmitted. Please try again.`),
      };
    await this.drafts.markSubmitted(draft.id, draft.version, uc.id, tx);
    await this.options.audit.append(
      {
        actorId: actor.id,
        actorName: actor.name,
        subjectType: 'use-case',
        subjectId: uc.code,
        action: 'resubmitted',
        details: { tier: updated.tier, tierReasons: updated.tierReasons, previousTier: uc.tier },
      },
      tx,
    );
    return { useCase: updated, resubmitted: true };
  }

  /** Loads the draft a card refers to and checks owner, openness, step and version; anything off changes nothing. */
  private async checkedDraft(
    actor: Actor,
    envelope: WizardEnvelope,
    tx: Queryable,
    strict: boolean,
  ): Promise<{ draft: Draft } | { outcome: IntakeOutcome }> {
    const draft = await this.drafts.getForUpdate(envelope.draftId, tx);
    if (!draft || draft.ownerId !== actor.id) return { outcome: refused(NOT_YOURS, 'not-found') };
    if (draft.submittedUseCaseId) {
      const done = await this.useCases.get(draft.submittedUseCaseId, tx);
      return {
        outcome: refused(
          `That draft was already submitted${done ? ` as ${done.code}` : ''}, so nothing was changed. Type "my submissions" to follow it.`,
        ),
      };
    }
    if (!strict) return { draft };
    if (draft.step !== envelope.step) {
      const text = `That card was for the step "${stepSpec(envelope.step).title}", but your draft is on "${stepSpec(draft.step).title}". Nothing was changed; here is your draft as it is now.`;
      return { outcome: await this.wizard(draft, tx, { notice: { tone: 'warning', text } }) };
    }
    if (draft.version !== envelope.version) return { outcome: await this.wizard(draft, tx, { notice: STALE }) };
    return { draft };
  }

  private async editedUseCase(draft: Draft, tx: Queryable): Promise<UseCase | undefined> {
    return draft.useCaseId === undefined ? undefined : this.useCases.get(draft.useCaseId, tx);
  }

  private async wizard(
    draft: Draft,
    tx: Queryable,
    extra: { values?: CardValues; errors?: FieldErrors; notice?: Notice } = {},
  ): Promise<IntakeOutcome> {
    const editing = await this.editedUseCase(draft, tx);
    const values = { ...toCardValues(draft.step, draft.answers[draft.step]), ...(extra.values ?? {}) };
    const facts = factsFromAnswers(draft.answers);
    const known = new Set<string>(PROHIBITED_PRACTICES);
    const ticked =
      draft.step === 'impact' && extra.values?.prohibitedPractices !== undefined
        ? values.prohibitedPractices
            .split(',')
            .map((v) => v.trim())
            .filter((v) => known.has(v))
        : (facts.prohibitedPractices ?? []);
    return ok({
      kind: 'wizard',
      view: {
        draft,
        editing: editing ? { code: editing.code, title: editing.title } : undefined,
        values,
        errors: extra.errors ?? {},
        tier: computeRiskTier(facts, this.options.riskTiers),
        impliedTier: impliedRiskTier(facts, this.options.riskTiers),
        prohibited: ticked.map((p) => label(p)),
        notice: extra.notice,
      },
    });
  }

  private async summary(uc: UseCase): Promise<SubmissionSummary> {
    const line = await this.options.handoff.statusLine?.(uc).catch((err: unknown) => {
      this.options.logger.warn('review status line failed', { err, code: uc.code });
      return undefined;
    });
    return { useCase: uc, stage: line?.stage, pendingApprovers: line?.pendingApprovers };
  }

  private async detail(uc: UseCase, actor: Actor, notice?: Notice): Promise<IntakeOutcome> {
    const mine = uc.submitterId === actor.id;
    const [item, history] = await Promise.all([
      this.summary(uc),
      this.options.audit.list({ subjectType: 'use-case', subjectId: uc.code }),
    ]);
    return ok({
      kind: 'detail',
      item,
      history,
      canWithdraw: mine && ACTIVE_STATUSES.includes(uc.status),
      canEdit: mine && uc.status === 'changes-requested',
      notice,
    });
  }

  /** Tells the review workflow; the change is already committed, so a failure is logged rather than undoing it. */
  private async handOff(event: 'submitted' | 'resubmitted' | 'withdrawn', useCase: UseCase): Promise<void> {
    try {
      await this.options.handoff[event](useCase);
    } catch (err) {
      this.options.logger.error('review handoff failed', { err, event, code: useCase.code });
    }
  }
}

const STALE: Notice = {
  tone: 'warning',
  text: 'That card was out of date (the draft changed since it was shown, or the button was pressed twice), so nothing was changed. Here is your draft as it is now.',
};
const CHANGED = (uc: UseCase): Notice => ({
  tone: 'warning',
  text: `${uc.code} changed since that card was shown (it is now ${statusText(uc.status)}), so nothing was changed. Here it is as it is now.`,
});

function asCardValues(inputs: Record<string, unknown>): CardValues {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [
      k,
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '',
    ]),
  );
}

function listChanged(before: unknown, after: unknown): boolean {
  const b = Array.isArray(before) ? [...before].map(String).sort() : [];
  const a = Array.isArray(after) ? [...after].map(String).sort() : [];
  return a.length > 0 && a.join(',') !== b.join(',');
}
