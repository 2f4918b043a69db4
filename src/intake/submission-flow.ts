import { ok } from '../runtime/outcome';
import type { Queryable } from '../store/database';
import { DAY_MS, overLimit, waitPhrase } from '../store/rate-limits';
import { factsFromAnswers } from './answers-to-facts';
import type { WizardEnvelope } from './card-action-data';
import type { Draft } from './draft-repository';
import { type IntakeContext, handOff, refused } from './intake-context';
import type { Actor, IntakeOutcome } from './intake-outcome';
import { computeRiskTier } from './risk-tier';
import { toCardValues, validateStep } from './step-validation';
import { type UseCase, type WizardAnswers, statusText } from './use-case';
import { STEP_IDS, stepSpec } from './wizard-steps';
import type { WizardFlow } from './wizard-flow';

type Created = { outcome: IntakeOutcome } | { useCase: UseCase; resubmitted: boolean };

/** Submit on the last wizard step: checks every answer again, creates (or resubmits) the use case, hands it to review. */
export class SubmissionFlow {
  constructor(
    private readonly ctx: IntakeContext,
    private readonly wizard: WizardFlow,
  ) {}

  async submit(actor: Actor, envelope: WizardEnvelope): Promise<IntakeOutcome> {
    const { drafts, useCases } = this.ctx;
    const result = await this.ctx.options.db.transaction(async (tx): Promise<Created> => {
      const draft = await drafts.getForUpdate(envelope.draftId, tx);
      if (draft?.submittedUseCaseId && draft.ownerId === actor.id && draft.version === envelope.version) {
        const done = await useCases.get(draft.submittedUseCaseId, tx);
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
      const checked = await this.wizard.checkedDraft(actor, envelope, tx, true);
      if ('outcome' in checked) return checked;
      const open = checked.draft;
      if (open.step !== 'review')
        return {
          outcome: await this.wizard.view(open, tx, {
            notice: {
              tone: 'warning',
              text: 'Submit is only available on the last step, once you have checked your answers. Nothing was changed.',
            },
          }),
        };
      for (const step of STEP_IDS.filter((s) => s !== 'review')) {
        const valid = validateStep(step, toCardValues(step, open.answers[step]), 'complete');
        if (!valid.ok) {
          const moved = (await drafts.update(open.id, open.version, { step, answers: open.answers }, tx)) ?? open;
          return {
            outcome: await this.wizard.view(moved, tx, {
              errors: valid.errors,
              notice: {
                tone: 'warning',
                text: `Some answers on "${stepSpec(step).title}" are missing or no longer valid. Please fix them, then continue to Submit.`,
              },
            }),
          };
        }
      }
      if (open.useCaseId === undefined) {
        const limited = await this.submissionLimit(actor, tx);
        if (limited) return { outcome: refused(limited, 'rate-limited') };
        return this.createUseCase(actor, open, tx);
      }
      return this.resubmitUseCase(actor, open, tx);
    });
    if ('outcome' in result) return result.outcome;
    await handOff(this.ctx, result.resubmitted ? 'resubmitted' : 'submitted', result.useCase);
    const latest = (await useCases.get(result.useCase.id)) ?? result.useCase;
    return ok({ kind: 'submitted', useCase: latest, repeated: false, resubmitted: result.resubmitted });
  }

  /** The refusal for a person over the daily submission limit (their draft stays as it is), else undefined. */
  private async submissionLimit(actor: Actor, tx: Queryable): Promise<string | undefined> {
    const limit = this.ctx.options.submissionsPerDay ?? 0;
    if (limit <= 0) return undefined;
    const now = this.ctx.options.now?.() ?? new Date();
    const over = overLimit(
      await this.ctx.useCases.recentSubmissionsBy(actor.id, new Date(now.getTime() - DAY_MS), tx),
      limit,
      DAY_MS,
      now,
    );
    if (!over) return undefined;
    return `You have submitted ${over.count} use cases in the last 24 hours; please wait ${waitPhrase(over.waitMs)} before submitting another. Your draft is saved: type "continue my draft" then.`;
  }

  private assess(answers: WizardAnswers) {
    const facts = factsFromAnswers(answers);
    const tier = computeRiskTier(facts, this.ctx.options.riskTiers);
    const basics = answers.basics ?? {};
    return {
      facts: { ...facts, tier: tier.tier },
      tier,
      title: String(basics.title ?? ''),
      businessUnit: String(basics.businessUnit ?? ''),
    };
  }

  private async createUseCase(actor: Actor, draft: Draft, tx: Queryable): Promise<Created> {
    const a = this.assess(draft.answers);
    const { useCase, created } = await this.ctx.useCases.create(
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
    await this.ctx.drafts.markSubmitted(draft.id, draft.version, useCase.id, tx);
    if (!created) return { outcome: ok({ kind: 'submitted', useCase, repeated: true, resubmitted: false }) };
    const subject = { actorId: actor.id, actorName: actor.name, subjectType: 'use-case', subjectId: useCase.code };
    const audit = this.ctx.options.audit;
    await audit.append(
      { ...subject, action: 'drafted', details: { draftId: draft.id, startedAt: draft.createdAt } },
      tx,
    );
    await audit.append(
      { ...subject, action: 'submitted', details: { tier: useCase.tier, tierReasons: useCase.tierReasons } },
      tx,
    );
    return { useCase, resubmitted: false };
  }

  private async resubmitUseCase(actor: Actor, draft: Draft, tx: Queryable): Promise<Created> {
    const uc = await this.ctx.useCases.getForUpdate(draft.useCaseId!, tx);
    if (!uc || uc.submitterId !== actor.id)
      return {
        outcome: refused('Only the person who submitted a use case can resubmit it. Nothing was changed.', 'forbidden'),
      };
    if (uc.status !== 'changes-requested')
      return {
        outcome: refused(
          `${uc.code} is ${statusText(uc.status)}, not waiting for changes, so nothing was resubmitted. You can discard this edit with Cancel.`,
        ),
      };
    const a = this.assess(draft.answers);
    const updated = await this.ctx.useCases.updateAnswers(
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
    await this.ctx.drafts.markSubmitted(draft.id, draft.version, uc.id, tx);
    await this.ctx.options.audit.append(
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
}
