import type { UseCase, WizardAnswers } from './use-case';
import type { FactName, RiskTier, UseCaseFacts } from './use-case-facts';

/** Where the review workflow stands for one use case, for "my submissions". */
export interface ReviewStatusLine {
  stage?: string;
  pendingApprovers?: string[];
}

/**
 * Sends an approved use case back through review: after a material change (new answers, and the facts that changed,
 * whose stages decide again) or for the periodic re-review (`changedFacts: 'all'`, every stage decides again).
 */
export interface ReopenRequest {
  answers: WizardAnswers;
  facts: UseCaseFacts;
  tier: RiskTier;
  tierReasons: string[];
  changedFacts: FactName[] | 'all';
  reason: string;
  actorId: string;
  actorName: string;
}

/**
 * The port through which intake hands submissions to the review workflow (implemented in src/review).
 * Intake calls each method once, after the change is committed.
 */
export interface ReviewHandoff {
  /**
   * `confirmationIsLive`: the submitter already holds a card that shows the review status and keeps itself up to
   * date (intake's confirmation), so review sends them no separate status card: one message per submission.
   */
  submitted(useCase: UseCase, options?: { confirmationIsLive?: boolean }): Promise<void>;
  resubmitted(useCase: UseCase): Promise<void>;
  withdrawn(useCase: UseCase): Promise<void>;
  statusLine?(useCase: UseCase): Promise<ReviewStatusLine>;
  /** Everyone who is or was an approver of the use case's review (for the visibility rule in use-case-access.ts). */
  approverIdsOf?(useCase: UseCase): Promise<string[]>;
  /** Re-opens the approved review of `useCase` (see ReopenRequest); false when the use case is not approved. */
  reopen?(useCase: UseCase, request: ReopenRequest): Promise<boolean>;
}
