/** The submission as the review shows it: every answer as people read it, and the pilot cost against the funding limits. */
import { displayAnswer } from '../intake/step-validation';
import type { UseCase } from '../intake/use-case';
import { STEPS } from '../intake/wizard-steps';
import type { ReviewCase } from './review-types';
import { conditionFields } from '../intake/conditions';
import type { FundingRules, StageConfig } from './routing-rules-schema';

const usd = (n: number) => `USD ${n.toLocaleString('en-US')}`;

/** Where a pilot cost falls among the funding limits: the first limit it fits under, or above them all. */
export function fundingVerdict(costUsd: number, funding: FundingRules): { verdict?: string; overLimit: boolean } {
  if (funding.limits.length === 0) return { overLimit: false };
  const within = funding.limits.find((l) => costUsd <= l.upToUsd);
  if (within)
    return { verdict: `within the ${usd(within.upToUsd)} limit: ${within.approvedBy} approves`, overLimit: false };
  const highest = funding.limits[funding.limits.length - 1];
  return { verdict: `above the ${usd(highest.upToUsd)} limit: needs ${funding.aboveLimits}`, overLimit: true };
}

/**
 * Captures the use case's answers for the review card (the review step of the wizard holds no answers), the pilot
 * cost against the funding limits, and for each stage the answers its routing rule looks at (what that stage checks).
 */
export function caseOf(uc: UseCase, review: { funding: FundingRules; stages: StageConfig[] }): ReviewCase {
  const { funding } = review;
  const sections = STEPS.filter((step) => step.fields.length > 0).map((step) => ({
    title: step.title,
    answers: step.fields.map((field) => ({
      id: field.id,
      label: field.label,
      value: displayAnswer(field, uc.answers[step.id]?.[field.id]),
    })),
  }));
  const pilot = uc.answers.value?.pilotCostUsd;
  const cost = typeof pilot === 'number' ? { amount: usd(pilot), ...fundingVerdict(pilot, funding) } : undefined;
  const focus = Object.fromEntries(
    review.stages.map((stage) => [stage.id, [...new Set(conditionFields(stage.when).map(String))]]),
  );
  return { sections, focus, ...(cost ? { cost } : {}) };
}
