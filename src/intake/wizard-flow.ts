import { ok } from '../runtime/outcome';
import type { Queryable } from '../store/database';
import { factsFromAnswers } from './answers-to-facts';
import type { WizardEnvelope } from './card-action-data';
import type { Draft } from './draft-repository';
import { type IntakeContext, NOT_YOURS, STALE, refused } from './intake-context';
import type { Actor, IntakeOutcome, Notice } from './intake-outcome';
import { computeRiskTier, impliedRiskTier } from './risk-tier';
import { type CardValues, type FieldErrors, toCardValues, validateStep } from './step-validation';
import type { UseCase, WizardAnswers } from './use-case';
import { PROHIBITED_PRACTICES, label } from './use-case-facts';
import { STEP_IDS, type StepId, nextStep, previousStep, stepSpec } from './wizard-steps';

/** What a wizard card can show besides the stored draft: what was just typed, its errors and a message. */
export interface WizardExtras {
  values?: CardValues;
  errors?: FieldErrors;
  notice?: Notice;
}

/** The wizard's moves between steps (Next, Back, Save draft) and the step card's view of a draft. */
export class WizardFlow {
  constructor(private readonly ctx: IntakeContext) {}

  /** Next: the step must be complete; its answers are stored and the draft moves on (or stays, to warn once). */
  async next(draft: Draft, inputs: Record<string, unknown>, tx: Queryable): Promise<IntakeOutcome> {
    if (draft.step === 'review') return this.view(draft, tx);
    const checked = validateStep(draft.step, inputs, 'complete');
    if (!checked.ok) return this.view(draft, tx, { values: asCardValues(inputs), errors: checked.errors });
    const answers: WizardAnswers = { ...draft.answers, [draft.step]: checked.answers };
    const newlyProhibited =
      draft.step === 'impact' &&
      listChanged(draft.answers.impact?.prohibitedPractices, checked.answers.prohibitedPractices);
    const target = newlyProhibited ? draft.step : nextStep(draft.step);
    const saved = await this.ctx.drafts.update(draft.id, draft.version, { step: target, answers }, tx);
    if (!saved) return this.view(draft, tx, { notice: STALE });
    const notice: Notice | undefined = newlyProhibited
      ? {
          tone: 'warning',
          text: 'Please read the warning about prohibited practices below. If your answer is right, select Next again to continue.',
        }
      : undefined;
    return this.view(saved, tx, { notice });
  }

  /** Back (or Edit on the summary): keeps what this step already holds (partial answers are fine), then moves back. */
  async back(
    draft: Draft,
    inputs: Record<string, unknown>,
    target: StepId | undefined,
    tx: Queryable,
  ): Promise<IntakeOutcome> {
    const to = target ?? previousStep(draft.step);
    if (STEP_IDS.indexOf(to) > STEP_IDS.indexOf(draft.step))
      return this.view(draft, tx, {
        notice: { tone: 'warning', text: 'You can only go back to an earlier step. Nothing was changed.' },
      });
    let answers = draft.answers;
    if (Object.keys(inputs).length && draft.step !== 'review') {
      const checked = validateStep(draft.step, inputs, 'partial');
      if (!checked.ok) return this.view(draft, tx, { values: asCardValues(inputs), errors: checked.errors });
      answers = { ...answers, [draft.step]: checked.answers };
    }
    const saved = await this.ctx.drafts.update(draft.id, draft.version, { step: to, answers }, tx);
    return saved ? this.view(saved, tx) : this.view(draft, tx, { notice: STALE });
  }

  /** Save draft: keeps this step's answers as they are (partial is fine) and says so next to the buttons. */
  async save(draft: Draft, inputs: Record<string, unknown>, tx: Queryable): Promise<IntakeOutcome> {
    let answers = draft.answers;
    if (draft.step !== 'review') {
      const checked = validateStep(draft.step, inputs, 'partial');
      if (!checked.ok)
        return this.view(draft, tx, {
          values: asCardValues(inputs),
          errors: checked.errors,
          notice: { tone: 'warning', text: 'Your draft was not saved: please fix the fields marked above.' },
        });
      answers = { ...answers, [draft.step]: checked.answers };
    }
    const saved = await this.ctx.drafts.update(draft.id, draft.version, { step: draft.step, answers }, tx);
    if (!saved) return this.view(draft, tx, { notice: STALE });
    return this.view(saved, tx, {
      notice: { tone: 'good', text: 'Draft saved. Type "continue my draft" any time to pick up where you left off.' },
    });
  }

  /**
   * Loads the draft a card refers to and checks owner, openness, step and version; anything off changes nothing.
   * A card for a draft that has moved on since (another card continues it) is answered with a read-only card.
   */
  async checkedDraft(
    actor: Actor,
    envelope: WizardEnvelope,
    tx: Queryable,
    strict: boolean,
  ): Promise<{ draft: Draft } | { outcome: IntakeOutcome }> {
    const draft = await this.ctx.drafts.getForUpdate(envelope.draftId, tx);
    if (!draft || draft.ownerId !== actor.id) return { outcome: refused(NOT_YOURS, 'not-found') };
    if (draft.submittedUseCaseId) {
      const done = await this.ctx.useCases.get(draft.submittedUseCaseId, tx);
      return {
        outcome: ok({
          kind: 'superseded',
          code: done?.code,
          message: `That draft was already submitted${done ? ` as ${done.code}` : ''}, so nothing was changed. Type "my submissions" to follow it.`,
        }),
      };
    }
    if (!strict) return { draft };
    if (draft.step !== envelope.step) {
      const text = `That card was for the step "${stepSpec(envelope.step).title}", but your draft is on "${stepSpec(draft.step).title}". Nothing was changed; here is your draft as it is now.`;
      return { outcome: await this.view(draft, tx, { notice: { tone: 'warning', text } }) };
    }
    if (draft.version !== envelope.version) return { outcome: await this.view(draft, tx, { notice: STALE }) };
    return { draft };
  }

  async editedUseCase(draft: Draft, tx: Queryable): Promise<UseCase | undefined> {
    return draft.useCaseId === undefined ? undefined : this.ctx.useCases.get(draft.useCaseId, tx);
  }

  /** The step card of a draft: stored answers overlaid with what was just typed, the live tier and any message. */
  async view(draft: Draft, tx: Queryable, extra: WizardExtras = {}): Promise<IntakeOutcome> {
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
    const riskTiers = this.ctx.options.riskTiers;
    return ok({
      kind: 'wizard',
      view: {
        draft,
        editing: editing ? { code: editing.code, title: editing.title } : undefined,
        values,
        errors: extra.errors ?? {},
        tier: computeRiskTier(facts, riskTiers),
        impliedTier: impliedRiskTier(facts, riskTiers),
        prohibited: ticked.map((p) => label(p)),
        notice: extra.notice,
        approvedModels: this.ctx.options.approvedModels ?? [],
      },
    });
  }
}

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
