import type { RiskTier, UseCaseFacts } from './use-case-facts';

export const USE_CASE_STATUSES = [
  'submitted',
  'in-review',
  'changes-requested',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type UseCaseStatus = (typeof USE_CASE_STATUSES)[number];

/** Everything the submitter entered in the wizard, by step; facts are derived from it. */
export type WizardAnswers = Record<string, Record<string, unknown>>;

/** A submitted use case as stored. */
export interface UseCase {
  id: number;
  code: string;
  submitterId: string;
  submitterName: string;
  title: string;
  businessUnit: string;
  answers: WizardAnswers;
  facts: UseCaseFacts;
  tier: RiskTier;
  tierReasons: string[];
  status: UseCaseStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string;
}

/** Formats the human-readable id, e.g. 42 -> "UC-0042". */
export function useCaseCode(n: number): string {
  return `UC-${String(n).padStart(4, '0')}`;
}

/** A status as words, e.g. "changes requested". */
export function statusText(status: UseCaseStatus): string {
  return status.replace(/-/g, ' ');
}
