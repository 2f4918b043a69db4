import type { Actor } from '../directory/actor';
import { Directory } from '../directory/directory';
import type { OrgConfig } from '../org-settings';
import { OrgDirectory } from '../directory/org-directory';
import type { ReopenRequest, ReviewHandoff, ReviewStatusLine } from '../intake/review-handoff';
import type { UseCase } from '../intake/use-case';
import type { UseCaseRepository } from '../intake/use-case-repository';
import type { Logger } from '../observability/logger';
import type { Outcome } from '../runtime/outcome';
import type { AuditLog } from '../store/audit-log';
import type { Database } from '../store/database';
import { AuditExportCommand } from './audit-export-command';
import type { ReviewCore } from './review-core';
import { type DecisionInput, ReviewDecisions } from './review-decisions';
import { type CardPurpose, ReviewDelivery } from './review-delivery';
import { ReviewFollowUp } from './review-follow-up';
import { ReviewHandoffService } from './review-handoff-service';
import type { CardRef, ReviewNotifier } from './review-notifier';
import { ReviewRepository } from './review-repository';
import { ReviewScheduler } from './review-scheduler';
import type { ReviewRules, ReviewState, ReviewView, StageState } from './review-types';

export interface ReviewServiceOptions {
  db: Database;
  org: OrgConfig;
  useCases: UseCaseRepository;
  /** The reviews' repository (the review module passes it). */
  reviews?: ReviewRepository;
  audit: AuditLog;
  notifier: ReviewNotifier;
  logger: Logger;
  /** Where approvers come from: Entra ID through Microsoft Graph, or the YAML lists (the default). */
  people?: OrgDirectory;
  /** Roles and groups: the one the identity module built (tests may leave it out: the configured lists alone). */
  directory?: Directory;
  /** The clock; tests inject one. */
  now?: () => Date;
}

/**
 * The ethics and risk review as one capability: it assembles the shared core once and exposes its four jobs, each in
 * its own file: the intake hand-off (ReviewHandoffService, the ReviewHandoff port), approvers' decisions and views
 * (ReviewDecisions), timers and recovery (ReviewScheduler) and the admins' audit export (AuditExportCommand).
 */
export class ReviewService implements ReviewHandoff {
  readonly reviews: ReviewRepository;
  readonly rules: ReviewRules;
  readonly handoff: ReviewHandoffService;
  readonly decisions: ReviewDecisions;
  readonly scheduler: ReviewScheduler;
  readonly auditExport: AuditExportCommand;
  private readonly followUp: ReviewFollowUp;

  constructor(options: ReviewServiceOptions) {
    const { db, org, audit, logger } = options;
    this.reviews = options.reviews ?? new ReviewRepository(db);
    this.rules = { allowSelfApproval: org.review.allowSelfApproval, reminderAtFraction: org.review.reminderAtFraction };
    const delivery = new ReviewDelivery(this.reviews, options.notifier, audit, this.rules, logger);
    const now = options.now ?? (() => new Date());
    const common = { db, org, notifier: options.notifier, logger, reviews: this.reviews, rules: this.rules, now };
    this.followUp = new ReviewFollowUp({ ...common, delivery });
    const directory = options.directory ?? new Directory(org);
    const core: ReviewCore = {
      ...common,
      useCases: options.useCases,
      audit,
      people: options.people ?? new OrgDirectory(org, undefined, logger),
      directory,
      delivery,
      followUp: this.followUp,
    };
    this.handoff = new ReviewHandoffService(core);
    this.decisions = new ReviewDecisions(core);
    this.scheduler = new ReviewScheduler(core, this.handoff);
    this.auditExport = new AuditExportCommand(audit, (id) => directory.isAdmin(id));
  }

  // The intake's ReviewHandoff port.
  submitted(useCase: UseCase, options?: { confirmationIsLive?: boolean }): Promise<void> {
    return this.handoff.submitted(useCase, options);
  }
  resubmitted(useCase: UseCase): Promise<void> {
    return this.handoff.resubmitted(useCase);
  }
  reopen(useCase: UseCase, request: ReopenRequest): Promise<boolean> {
    return this.handoff.reopen(useCase, request);
  }
  withdrawn(useCase: UseCase): Promise<void> {
    return this.handoff.withdrawn(useCase);
  }
  approverIdsOf(useCase: UseCase): Promise<string[]> {
    return this.handoff.approverIdsOf(useCase);
  }
  statusLine(useCase: UseCase): Promise<ReviewStatusLine> {
    return this.handoff.statusLine(useCase);
  }

  // Approvers' actions.
  decide(actor: Actor, input: DecisionInput): Promise<Outcome<ReviewView>> {
    return this.decisions.decide(actor, input);
  }
  view(actor: Actor, reviewId: number, cardActivityId?: string): Promise<Outcome<ReviewView>> {
    return this.decisions.view(actor, reviewId, cardActivityId);
  }
  open(actor: Actor, reviewId: number, personal: boolean): Promise<Outcome<ReviewView>> {
    return this.decisions.open(actor, reviewId, personal);
  }
  registerPostedCopy(state: ReviewState, ref: CardRef, recipientId: string | undefined, purpose?: CardPurpose) {
    return this.decisions.registerPostedCopy(state, ref, recipientId, purpose);
  }
  waitingFor(actor: Actor): Promise<Array<{ state: ReviewState; stage: StageState }>> {
    return this.decisions.waitingFor(actor);
  }
  exportAudit(actor: Actor, command: string): Promise<Outcome<string[]>> {
    return this.auditExport.run(actor, command);
  }

  // The review worker's jobs.
  fireNextDueTimer(now: Date): Promise<boolean> {
    return this.scheduler.fireNextDueTimer(now);
  }
  routeStranded(now: Date, olderThanMs?: number): Promise<number> {
    return this.scheduler.routeStranded(now, olderThanMs);
  }
  /** Carries out follow-up work (cards, notices) left behind by a process that died or failed after its commit. */
  runPendingEffects(now: Date, olderThanMs?: number): Promise<number> {
    return this.followUp.runPending(now, olderThanMs);
  }
}
