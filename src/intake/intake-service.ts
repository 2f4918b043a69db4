import { ok } from '../runtime/outcome';
import { DAMAGED_ACTION, parseWizardData, submissionFilterSchema, useCaseRefSchema } from './card-action-data';
import { DraftRepository } from './draft-repository';
import { ADMIN_ONLY, type IntakeContext, type IntakeServiceOptions, STALE, refused } from './intake-context';
import type { Actor, IntakeOutcome } from './intake-outcome';
import { parseSubmissionFilter } from './submission-filter';
import { SubmissionFlow } from './submission-flow';
import { NOT_VISIBLE } from './use-case-access';
import { UseCaseActions } from './use-case-actions';
import { useCasesToCsv } from './use-case-csv';
import { UseCaseRepository } from './use-case-repository';
import { WizardFlow } from './wizard-flow';

export { ADMIN_ONLY, type IntakeServiceOptions } from './intake-context';

/** What a wizard button asks for. */
export type WizardVerb = 'next' | 'back' | 'save' | 'cancel' | 'discard' | 'resume' | 'submit';

/**
 * The intake wizard, submissions and the CoE's view of them; knows nothing about Teams. This class is the entry
 * point; the work is done by the wizard flow (steps), the submission flow (Submit) and the use-case actions.
 */
export class IntakeService {
  readonly useCases: UseCaseRepository;
  readonly drafts: DraftRepository;
  private readonly ctx: IntakeContext;
  private readonly wizard: WizardFlow;
  private readonly submission: SubmissionFlow;
  private readonly cases: UseCaseActions;

  constructor(private readonly options: IntakeServiceOptions) {
    this.useCases = options.useCases ?? new UseCaseRepository(options.db);
    this.drafts = new DraftRepository(options.db);
    this.ctx = { options, useCases: this.useCases, drafts: this.drafts };
    this.wizard = new WizardFlow(this.ctx);
    this.submission = new SubmissionFlow(this.ctx, this.wizard);
    this.cases = new UseCaseActions(this.ctx, this.wizard);
  }

  /** "submit a use case": a new draft at the first step, or the choice to continue the open one. */
  async start(actor: Actor): Promise<IntakeOutcome> {
    const open = await this.drafts.openNewFor(actor.id);
    if (open) return ok({ kind: 'draft-exists', draft: open });
    const { draft, created } = await this.drafts.create({ ownerId: actor.id, step: 'basics', answers: {} });
    if (!created) return ok({ kind: 'draft-exists', draft });
    return this.wizard.view(draft, this.options.db, { values: { contact: actor.name } });
  }

  /** "continue my draft": the most recently changed open draft, at the step it was left on. */
  async resume(actor: Actor): Promise<IntakeOutcome> {
    const [latest] = await this.drafts.openFor(actor.id);
    return latest ? this.wizard.view(latest, this.options.db) : ok({ kind: 'no-draft' });
  }

  /** "cancel my draft": asks to confirm discarding the most recently changed open draft (the card's button discards it). */
  async cancelDraft(actor: Actor): Promise<IntakeOutcome> {
    const [latest] = await this.drafts.openFor(actor.id);
    if (!latest) return ok({ kind: 'no-draft' });
    return ok({
      kind: 'confirm-discard',
      draft: latest,
      editingCode: (await this.wizard.editedUseCase(latest, this.options.db))?.code,
    });
  }

  /** Handles a wizard button; the card data is untrusted and checked against the caller's stored draft. */
  async act(actor: Actor, verb: WizardVerb, data: unknown): Promise<IntakeOutcome> {
    const parsed = parseWizardData(data, verb === 'back');
    if (!parsed.ok) return refused(parsed.message);
    const { envelope, inputs } = parsed;
    if (verb === 'submit') {
      const outcome = await this.submission.submit(actor, envelope);
      return outcome.ok && outcome.value.kind === 'submitted'
        ? ok({ ...outcome.value, status: await this.cases.summary(outcome.value.useCase) })
        : outcome;
    }
    return this.options.db.transaction(async (tx) => {
      const checked = await this.wizard.checkedDraft(actor, envelope, tx, verb !== 'resume');
      if ('outcome' in checked) return checked.outcome;
      const draft = checked.draft;
      switch (verb) {
        case 'resume':
          return this.wizard.view(draft, tx);
        case 'next':
          return this.wizard.next(draft, inputs, tx);
        case 'back':
          return this.wizard.back(draft, inputs, envelope.target, tx);
        case 'save':
          return this.wizard.save(draft, inputs, tx);
        case 'cancel':
          return ok({
            kind: 'confirm-discard',
            draft,
            editingCode: (await this.wizard.editedUseCase(draft, tx))?.code,
          });
        case 'discard': {
          const editingCode = (await this.wizard.editedUseCase(draft, tx))?.code;
          return (await this.drafts.discard(draft.id, draft.version, tx))
            ? ok({ kind: 'discarded', editingCode })
            : this.wizard.view(draft, tx, { notice: STALE });
        }
        default:
          return refused(DAMAGED_ACTION);
      }
    });
  }

  /**
   * A wizard card asks to be brought up to date (Universal Actions refresh): the step as stored when the card is
   * still the draft's latest, else a read-only card saying where the draft continues. Changes nothing.
   */
  async refreshWizard(actor: Actor, data: unknown): Promise<IntakeOutcome> {
    const parsed = parseWizardData(data);
    if (!parsed.ok) return refused(parsed.message);
    const { envelope } = parsed;
    const draft = await this.drafts.get(envelope.draftId);
    if (!draft || draft.ownerId !== actor.id) return ok({ kind: 'superseded', message: 'This draft was discarded.' });
    if (draft.submittedUseCaseId) {
      const done = await this.useCases.get(draft.submittedUseCaseId);
      return ok({
        kind: 'superseded',
        code: done?.code,
        message: `This draft was submitted${done ? ` as ${done.code}` : ''}.`,
      });
    }
    if (draft.step !== envelope.step || draft.version !== envelope.version)
      return ok({ kind: 'superseded', message: 'This draft continues in a newer card.' });
    return this.wizard.view(draft, this.options.db);
  }

  /** The confirmation card after Submit, brought up to date (Universal Actions refresh): where the review stands. */
  async submittedStatus(actor: Actor, data: unknown): Promise<IntakeOutcome> {
    const parsed = useCaseRefSchema.safeParse(data);
    if (!parsed.success) return refused(DAMAGED_ACTION);
    const uc = await this.cases.visible(actor, { id: parsed.data.useCaseId });
    if (!uc) return refused(NOT_VISIBLE, 'not-found');
    const status = await this.cases.summary(uc);
    return ok({ kind: 'submitted', useCase: uc, repeated: false, resubmitted: false, status, live: true });
  }

  /** Lists the caller's use cases (with where each review stands) and open drafts. */
  async mySubmissions(actor: Actor): Promise<IntakeOutcome> {
    const [useCases, drafts] = await Promise.all([
      this.useCases.listBySubmitter(actor.id, 20),
      this.drafts.openFor(actor.id),
    ]);
    return ok({
      kind: 'my-submissions',
      items: await Promise.all(useCases.map((uc) => this.cases.summary(uc))),
      drafts,
    });
  }

  /** One use case: the essentials, every answer behind "Show answers", history collapsed; same visibility as status. */
  async view(actor: Actor, data: unknown): Promise<IntakeOutcome> {
    const parsed = useCaseRefSchema.safeParse(data);
    if (!parsed.success) return refused(DAMAGED_ACTION);
    const uc = await this.cases.visible(actor, { id: parsed.data.useCaseId });
    return uc ? this.cases.detail(uc, actor) : refused(NOT_VISIBLE, 'not-found');
  }

  /** "status of UC-0042": the same detail as View, for its submitter, current and past approvers and CoE admins. */
  async status(actor: Actor, code: string): Promise<IntakeOutcome> {
    const uc = await this.cases.visible(actor, { code: code.toUpperCase() });
    return uc ? this.cases.detail(uc, actor) : refused(NOT_VISIBLE, 'not-found');
  }

  /** Withdraws a use case for its submitter, until a final decision. */
  withdraw(actor: Actor, data: unknown): Promise<IntakeOutcome> {
    return this.cases.withdraw(actor, data);
  }

  /** Opens the wizard on an edit draft of a use case whose reviewers asked for changes. */
  edit(actor: Actor, data: unknown): Promise<IntakeOutcome> {
    return this.cases.edit(actor, data);
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
      (await this.useCases.list({ ...parsed.data, limit: 500 })).map((uc) => this.cases.summary(uc)),
    );
    const { csv, included } = useCasesToCsv(items, this.options.exportMaxChars ?? 12_000);
    return ok({ kind: 'export', filter: parsed.data, csv, rows: items.length, included });
  }
}
