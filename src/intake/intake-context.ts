import type { Logger } from '../observability/logger';
import { type RefusalCode, refuse } from '../runtime/outcome';
import type { AuditLog } from '../store/audit-log';
import type { Database } from '../store/database';
import type { DraftRepository } from './draft-repository';
import type { IntakeOutcome, Notice } from './intake-outcome';
import type { ReviewHandoff } from './review-handoff';
import type { RiskTierConfig } from './risk-rules-schema';
import { type UseCase, type UseCaseStatus, statusText } from './use-case';
import type { UseCaseRepository } from './use-case-repository';

export interface IntakeServiceOptions {
  db: Database;
  riskTiers: RiskTierConfig;
  audit: AuditLog;
  handoff: ReviewHandoff;
  /** The use-case table's repository, shared with review and the portfolio (the intake module passes it). */
  useCases?: UseCaseRepository;
  isAdmin: (aadObjectId: string) => boolean;
  logger: Logger;
  /** At most this many new submissions per person per day (config `rateLimits.submissionsPerDay`; 0 or unset: no limit). */
  submissionsPerDay?: number;
  /** The clock for the submission limit; tests inject one. */
  now?: () => Date;
  /** The most CSV text an export card carries (a Teams message holds about 28 KB in all). */
  exportMaxChars?: number;
  /** The organisation's approved models (config `approvedModels`), offered as examples in the wizard. */
  approvedModels?: readonly string[];
}

/** What every part of intake shares: the options and the two repositories. */
export interface IntakeContext {
  readonly options: IntakeServiceOptions;
  readonly useCases: UseCaseRepository;
  readonly drafts: DraftRepository;
}

/** Statuses in which a use case is still with the reviewers (it can be withdrawn). */
export const ACTIVE_STATUSES: ReadonlyArray<UseCaseStatus> = ['submitted', 'in-review', 'changes-requested'];

export const NOT_YOURS =
  'I could not find that draft among yours, so nothing was changed. Type "continue my draft" to open your own draft.';

export const ADMIN_ONLY =
  'Sorry, the list of all submissions is only for CoE admins. You can see your own use cases with "my submissions".';

export const refused = (message: string, code: RefusalCode = 'invalid'): IntakeOutcome => refuse(code, message);

export const STALE: Notice = {
  tone: 'warning',
  text: 'That card was out of date (the draft changed since it was shown, or the button was pressed twice), so nothing was changed. Here is your draft as it is now.',
};

export const CHANGED = (uc: UseCase): Notice => ({
  tone: 'warning',
  text: `${uc.code} changed since that card was shown (it is now ${statusText(uc.status)}), so nothing was changed. Here it is as it is now.`,
});

/** Tells the review workflow; the change is already committed, so a failure is logged rather than undoing it. */
export async function handOff(
  ctx: IntakeContext,
  event: 'submitted' | 'resubmitted' | 'withdrawn',
  useCase: UseCase,
): Promise<void> {
  try {
    // The confirmation card intake answers Submit with is the submitter's live status card (it refreshes itself).
    if (event === 'submitted') await ctx.options.handoff.submitted(useCase, { confirmationIsLive: true });
    else await ctx.options.handoff[event](useCase);
  } catch (err) {
    ctx.options.logger.error('review handoff failed', { err, event, code: useCase.code });
  }
}
