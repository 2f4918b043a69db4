import { ok } from '../runtime/outcome';
import { DAMAGED_ACTION, useCaseEditSchema, useCaseWithdrawSchema } from './card-action-data';
import { ACTIVE_STATUSES, CHANGED, type IntakeContext, handOff, refused } from './intake-context';
import type { Actor, IntakeOutcome, Notice, SubmissionSummary } from './intake-outcome';
import { maySeeUseCase } from './use-case-access';
import { type UseCase, statusText } from './use-case';
import type { WizardFlow } from './wizard-flow';

/** A submitted use case as its submitter, approvers and CoE admins see it, and what its submitter can still do. */
export class UseCaseActions {
  constructor(
    private readonly ctx: IntakeContext,
    private readonly wizard: WizardFlow,
  ) {}

  /** The use case by id or code, when the actor may see it (use-case-access.ts). */
  async visible(actor: Actor, ref: { id: number } | { code: string }): Promise<UseCase | undefined> {
    const uc = 'id' in ref ? await this.ctx.useCases.get(ref.id) : await this.ctx.useCases.getByCode(ref.code);
    return uc && (await this.maySee(actor, uc)) ? uc : undefined;
  }

  private async maySee(actor: Actor, uc: UseCase): Promise<boolean> {
    const { isAdmin, handoff } = this.ctx.options;
    if (uc.submitterId === actor.id || isAdmin(actor.id)) return true;
    const approverIds = (await handoff.approverIdsOf?.(uc)) ?? [];
    return maySeeUseCase(actor.id, { submitterId: uc.submitterId, approverIds }, isAdmin);
  }

  /** Withdraws a use case for its submitter, until a final decision. */
  async withdraw(actor: Actor, data: unknown): Promise<IntakeOutcome> {
    const parsed = useCaseWithdrawSchema.safeParse(data);
    if (!parsed.success)
      return refused(parsed.error.issues.find((i) => i.path[0] === 'reason')?.message ?? DAMAGED_ACTION);
    const { useCaseId, version, reason } = parsed.data;
    const { useCases, drafts, options } = this.ctx;
    const result = await options.db.transaction(
      async (tx): Promise<{ refused: string } | { show: UseCase; notice: Notice } | { withdrawn: UseCase }> => {
        const uc = await useCases.getForUpdate(useCaseId, tx);
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
          uc.version === version ? await useCases.setStatus(uc.id, 'withdrawn', uc.version, tx) : undefined;
        if (!updated) return { show: uc, notice: CHANGED(uc) };
        await drafts.discardEditOf(uc.id, tx);
        await options.audit.append(
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
    if ('refused' in result) return refused(result.refused, 'forbidden');
    if ('show' in result) return this.detail(result.show, actor, result.notice);
    await handOff(this.ctx, 'withdrawn', result.withdrawn);
    const latest = (await useCases.get(result.withdrawn.id)) ?? result.withdrawn;
    return this.detail(latest, actor, {
      tone: 'good',
      text: `${latest.code} is withdrawn. It stays in the audit trail.`,
    });
  }

  /** Opens the wizard on an edit draft of a use case whose reviewers asked for changes. */
  async edit(actor: Actor, data: unknown): Promise<IntakeOutcome> {
    const parsed = useCaseEditSchema.safeParse(data);
    if (!parsed.success) return refused(DAMAGED_ACTION);
    const uc = await this.ctx.useCases.get(parsed.data.useCaseId);
    if (!uc || uc.submitterId !== actor.id)
      return refused('Only the person who submitted a use case can edit it. Nothing was changed.', 'forbidden');
    if (uc.status !== 'changes-requested')
      return this.detail(uc, actor, {
        tone: 'warning',
        text: `${uc.code} is ${statusText(uc.status)}; you can edit it only when a reviewer has requested changes.`,
      });
    if (uc.version !== parsed.data.version) return this.detail(uc, actor, CHANGED(uc));
    const { draft } = await this.ctx.drafts.create({
      ownerId: actor.id,
      useCaseId: uc.id,
      step: 'basics',
      answers: uc.answers,
    });
    return this.wizard.view(draft, this.ctx.options.db, {
      notice: {
        tone: 'info',
        text: `You are editing ${uc.code}. Change what the reviewers asked for, then resubmit on the last step.`,
      },
    });
  }

  /** A use case with where its review stands (a failing status line is logged and left out). */
  async summary(uc: UseCase): Promise<SubmissionSummary> {
    const line = await this.ctx.options.handoff.statusLine?.(uc).catch((err: unknown) => {
      this.ctx.options.logger.warn('review status line failed', { err, code: uc.code });
      return undefined;
    });
    return { useCase: uc, stage: line?.stage, pendingApprovers: line?.pendingApprovers };
  }

  /** The detail card's content: the summary, the history (shown collapsed) and what the actor may do. */
  async detail(uc: UseCase, actor: Actor, notice?: Notice): Promise<IntakeOutcome> {
    const mine = uc.submitterId === actor.id;
    const [item, history] = await Promise.all([
      this.summary(uc),
      this.ctx.options.audit.list({ subjectType: 'use-case', subjectId: uc.code }),
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
}
