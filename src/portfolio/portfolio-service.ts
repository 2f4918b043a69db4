import type { Actor } from '../directory/actor';
import { Directory } from '../directory/directory';
import type { OrgConfig } from '../org-settings';
import { computeRiskTier } from '../intake/risk-tier';
import type { ReviewHandoff } from '../intake/review-handoff';
import type { UseCase } from '../intake/use-case';
import type { UseCaseRepository } from '../intake/use-case-repository';
import { label } from '../intake/use-case-facts';
import type { Logger } from '../observability/logger';
import type { AuditLog } from '../store/audit-log';
import type { Database } from '../store/database';
import {
  type PortfolioStage,
  type ProductionDetails,
  STAGE_LABELS,
  canMove,
  describeDetailsError,
  productionDetailsSchema,
} from './lifecycle';
import { type MaterialChange, applyMaterialChange, materialChangeSchema } from './material-change';
import { type PortfolioRecord, PortfolioRepository } from './portfolio-repository';
import { addMonths } from './periods';
import { PortfolioChat } from './portfolio-chat';
import { PortfolioMetrics } from './portfolio-metrics';

/** A use case with its place in the portfolio, for cards and the dashboard. */
export interface PortfolioView {
  useCase: UseCase;
  stage: PortfolioStage;
  /** The portfolio record's version; card actions carry it so a stale or repeated click is recognised. */
  version: number;
  record?: PortfolioRecord;
  /** Set for high-tier cases in production: when the periodic re-review falls due. */
  nextReReviewAt?: string;
  /** True while the case is back in review (material change or re-review). */
  inReview: boolean;
}

export type MoveResult =
  | { kind: 'moved' | 'unchanged'; message: string; view: PortfolioView }
  | { kind: 'refused'; message: string; view?: PortfolioView };

export interface MoveInput {
  useCaseId: number;
  to: PortfolioStage;
  version: number;
  reason?: string;
  /** The production form's raw fields (validated here). */
  details?: Record<string, unknown>;
}

export interface PortfolioServiceOptions {
  db: Database;
  org: OrgConfig;
  /** Roles and groups: the one the identity module built (tests may leave it out: the configured lists alone). */
  directory?: Directory;
  useCases: UseCaseRepository;
  /** The portfolio's repository, one for the service and the follow-ups (the portfolio module passes it). */
  repository?: PortfolioRepository;
  metrics?: PortfolioMetrics;
  audit: AuditLog;
  handoff: ReviewHandoff;
  logger: Logger;
  now?: () => Date;
}

const REVIEW_STATUSES = new Set(['in-review', 'changes-requested']);

/**
 * The portfolio after approval: who may move a case along its lifecycle, what a move needs, and material changes that
 * send a case back through review (through the intake's ReviewHandoff port, the same path as a resubmission).
 * Every move and change is written to the audit trail with who and why.
 */
export class PortfolioService {
  readonly repository: PortfolioRepository;
  readonly metrics: PortfolioMetrics;
  /** What the chat shows of the portfolio: status cards, moves and changes from them, lists and exports. */
  readonly chat: PortfolioChat;
  private readonly directory: Directory;
  private readonly now: () => Date;

  constructor(private readonly options: PortfolioServiceOptions) {
    this.repository = options.repository ?? new PortfolioRepository(options.db);
    this.metrics = options.metrics ?? new PortfolioMetrics(options.db, options.org.portfolio.reReviewMonths);
    this.directory = options.directory ?? new Directory(options.org);
    this.now = options.now ?? (() => new Date());
    this.chat = new PortfolioChat(this, options.audit);
  }

  /** The owner (submitter) or a CoE admin. */
  mayManage(actor: Actor, useCase: UseCase): boolean {
    return (
      Boolean(actor.aadObjectId) &&
      (actor.aadObjectId === useCase.submitterId || this.directory.isAdmin(actor.aadObjectId))
    );
  }

  isAdmin(actor: Actor): boolean {
    return this.directory.isAdmin(actor.aadObjectId);
  }

  /** When a high-tier production case is next due for re-review. */
  nextReReview(useCase: Pick<UseCase, 'tier'>, record?: PortfolioRecord): string | undefined {
    if (useCase.tier !== 'high' || record?.stage !== 'production' || !record.productionAt) return undefined;
    return addMonths(
      new Date(record.lastRereviewAt ?? record.productionAt),
      this.options.org.portfolio.reReviewMonths,
    ).toISOString();
  }

  private toView(useCase: UseCase, record?: PortfolioRecord): PortfolioView {
    return {
      useCase,
      record,
      stage: record?.stage ?? 'approved',
      version: record?.version ?? 0,
      nextReReviewAt: this.nextReReview(useCase, record),
      inReview: REVIEW_STATUSES.has(useCase.status),
    };
  }

  /** The case by code or id when it has been approved at least once; undefined otherwise. */
  async view(ref: number | string): Promise<PortfolioView | undefined> {
    const useCase =
      typeof ref === 'number'
        ? await this.options.useCases.get(ref)
        : await this.options.useCases.getByCode(ref.toUpperCase());
    if (!useCase) return undefined;
    const record = await this.repository.get(useCase.id);
    if (!record && useCase.status !== 'approved') return undefined;
    return this.toView(useCase, record);
  }

  /**
   * Moves a case to another stage. Only the owner or a CoE admin may; the card's version must be current (a repeated
   * click that already took effect answers "unchanged"); production needs go-live date, model(s), hosting and monthly
   * cost, and the hosting must be the one approved (otherwise the change goes through review first).
   */
  async move(actor: Actor, input: MoveInput): Promise<MoveResult> {
    const head = await this.options.useCases.get(input.useCaseId);
    if (!head || !actor.aadObjectId) return { kind: 'refused', message: 'I cannot find that use case.' };
    if (!this.mayManage(actor, head))
      return {
        kind: 'refused',
        message: `Only the owner of ${head.code} (${head.submitterName}) or a CoE admin can move it.`,
      };
    let details: ProductionDetails | undefined;
    if (input.to === 'production') {
      const parsed = productionDetailsSchema.safeParse(input.details ?? {});
      if (!parsed.success)
        return {
          kind: 'refused',
          message: `To move ${head.code} to production, fill in the production details. ${describeDetailsError(parsed.error)}`,
        };
      details = parsed.data;
      if (head.facts.hosting && details.hosting !== head.facts.hosting) {
        return {
          kind: 'refused',
          message: `${head.code} was approved for ${label(head.facts.hosting)}, not ${label(details.hosting)}. A different hosting is a material change: report it with "Report a change", and move to production once the review has approved it.`,
        };
      }
    }
    const now = this.now();
    const reason = input.reason?.trim() || undefined;
    const result = await this.options.db.transaction(async (tx): Promise<MoveResult> => {
      const uc = (await this.options.useCases.getForUpdate(head.id, tx))!;
      const existing = await this.repository.get(uc.id, tx);
      if (!existing && uc.status !== 'approved')
        return { kind: 'refused', message: `${uc.code} is not approved yet, so it has no place in the portfolio.` };
      const record = await this.repository.getOrCreateForUpdate(uc.id, now, tx);
      const view = this.toView(uc, record);
      if (record.version !== input.version) {
        if (record.stage === input.to)
          return { kind: 'unchanged', message: `${uc.code} is already in ${STAGE_LABELS[input.to]}.`, view };
        return {
          kind: 'refused',
          message: `${uc.code} changed since this card was shown (it is now in ${STAGE_LABELS[record.stage]}); nothing was changed. Here is the current card.`,
          view,
        };
      }
      if (record.stage === input.to)
        return { kind: 'unchanged', message: `${uc.code} is already in ${STAGE_LABELS[input.to]}.`, view };
      if (!canMove(record.stage, input.to))
        return {
          kind: 'refused',
          message: `${uc.code} cannot go from ${STAGE_LABELS[record.stage]} to ${STAGE_LABELS[input.to]}.`,
          view,
        };
      if (view.inReview && input.to !== 'paused' && input.to !== 'retired') {
        return {
          kind: 'refused',
          message: `${uc.code} is back in review after a change; it can move on once the review approves it (or be paused or retired now).`,
          view,
        };
      }
      const moved = await this.repository.move(
        record,
        { to: input.to, actorId: actor.aadObjectId!, actorName: actor.name, reason, details, at: now },
        tx,
      );
      await this.options.audit.append(
        {
          actorId: actor.aadObjectId,
          actorName: actor.name,
          subjectType: 'use-case',
          subjectId: uc.code,
          action: 'portfolio.moved',
          comment: reason,
          details: { from: record.stage, to: input.to, ...(details ? { production: details } : {}) },
        },
        tx,
      );
      return {
        kind: 'moved',
        message: `${uc.code} moved from ${STAGE_LABELS[record.stage]} to ${STAGE_LABELS[input.to]}.`,
        view: this.toView(uc, moved),
      };
    });
    if (result.kind === 'moved') this.options.logger.info('portfolio stage moved', { code: head.code, to: input.to });
    return result;
  }

  /**
   * A material change reported by the owner or an admin: new data, customer exposure, another model or hosting. The
   * answers are updated, the tier recomputed and the case goes back through the review stages those facts concern.
   */
  async reportChange(actor: Actor, useCaseId: number, raw: unknown): Promise<{ ok: boolean; message: string }> {
    const uc = await this.options.useCases.get(useCaseId);
    if (!uc || !actor.aadObjectId) return { ok: false, message: 'I cannot find that use case.' };
    if (!this.mayManage(actor, uc))
      return {
        ok: false,
        message: `Only the owner of ${uc.code} (${uc.submitterName}) or a CoE admin can report a change to it.`,
      };
    const parsed = materialChangeSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join(' ') };
    if (uc.status !== 'approved')
      return {
        ok: false,
        message: `${uc.code} is ${uc.status.replace(/-/g, ' ')}, not approved, so there is nothing to re-review yet.`,
      };
    const change: MaterialChange = parsed.data;
    const applied = applyMaterialChange(uc.answers, uc.facts, change);
    if (applied.changedFacts.length === 0)
      return {
        ok: false,
        message: `Nothing in that change differs from what was approved for ${uc.code}, so no review is needed. Note the news in your next check-in.`,
      };
    const tier = computeRiskTier(applied.facts, this.options.org.riskTiers);
    if (!this.options.handoff.reopen) throw new Error('The review workflow cannot re-open approved use cases.');
    // The case keeps its place in the portfolio while it is back in review.
    await this.options.db.transaction((tx) => this.repository.getOrCreateForUpdate(uc.id, this.now(), tx));
    await this.options.audit.append({
      actorId: actor.aadObjectId,
      actorName: actor.name,
      subjectType: 'use-case',
      subjectId: uc.code,
      action: 'portfolio.material-change',
      comment: change.description,
      details: { changedFacts: applied.changedFacts, tier: tier.tier, previousTier: uc.tier },
    });
    const reopened = await this.options.handoff.reopen(uc, {
      answers: applied.answers,
      facts: applied.facts,
      tier: tier.tier,
      tierReasons: tier.reasons,
      changedFacts: applied.changedFacts,
      reason: change.description,
      actorId: actor.aadObjectId,
      actorName: actor.name,
    });
    if (!reopened)
      return {
        ok: false,
        message: `${uc.code} changed meanwhile and is no longer approved; nothing was sent to review.`,
      };
    const tierNote = tier.tier !== uc.tier ? ` Its risk tier is now ${label(tier.tier)} (was ${label(uc.tier)}).` : '';
    return {
      ok: true,
      message: `${uc.code} went back to review because ${applied.changedFacts.map((f) => f.replace(/([A-Z])/g, ' $1').toLowerCase()).join(', ')} changed.${tierNote} The approvers concerned were sent the review card.`,
    };
  }
}
