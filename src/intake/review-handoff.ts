import type { UseCase } from './use-case';

/** Where the review workflow stands for one use case, for "my submissions". */
export interface ReviewStatusLine {
  stage?: string;
  pendingApprovers?: string[];
}

/**
 * The port through which intake hands submissions to the review workflow (implemented in src/review).
 * Intake calls each method once, after the change is committed.
 */
export interface ReviewHandoff {
  submitted(useCase: UseCase): Promise<void>;
  resubmitted(useCase: UseCase): Promise<void>;
  withdrawn(useCase: UseCase): Promise<void>;
  statusLine?(useCase: UseCase): Promise<ReviewStatusLine>;
  /** Everyone who is or was an approver of the use case's review (for the visibility rule in use-case-access.ts). */
  approverIdsOf?(useCase: UseCase): Promise<string[]>;
}
