import { type Condition, matchCondition } from './conditions';
import type { RiskTierConfig } from './risk-rules-schema';
import { RISK_TIERS, type RiskTier, type UseCaseFacts, label } from './use-case-facts';

/** The tier a use case gets and why, in words a submitter understands. */
export interface TierResult {
  tier: RiskTier;
  reasons: string[];
}

/** How many different answers a condition accepts; a rule that accepts only one needs no "which one". */
function acceptedValues(condition: Condition): number {
  if ('always' in condition) return 0;
  if ('anyOf' in condition) return condition.anyOf.reduce((n, c) => n + acceptedValues(c), 0);
  if ('allOf' in condition) return condition.allOf.reduce((n, c) => n + acceptedValues(c), 0);
  return 'in' in condition ? condition.in.length : Infinity;
}

/** The rule's reason, followed by the answers that matched when the rule accepts several (e.g. which domain). */
function explain(reason: string, condition: Condition, matched: string[]): string {
  const shown = acceptedValues(condition) > 1 ? [...new Set(matched)] : [];
  return shown.length ? `${reason}: ${shown.join(', ')}` : reason;
}

function orList(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}` : items.join('');
}

/** The most severe tier with a matching rule and its reasons; undefined when no rule matches. */
function firstMatchingTier(facts: UseCaseFacts, config: RiskTierConfig): TierResult | undefined {
  const { tier: _ignored, ...answers } = facts;
  for (const tier of RISK_TIERS) {
    const reasons = config.rules
      .filter((rule) => rule.tier === tier)
      .flatMap((rule) => {
        const matched = matchCondition(rule.when, answers);
        return matched === undefined ? [] : [explain(rule.reason, rule.when, matched)];
      });
    if (reasons.length) return { tier, reasons };
  }
  return undefined;
}

/**
 * Computes the risk tier: tiers are checked from the most to the least severe, the first tier with a matching
 * rule wins, and every matching rule of that tier is a reason (with the answers that matched).
 * The `tier` fact never decides its own tier. With no matching rule, the configured default tier applies.
 */
export function computeRiskTier(facts: UseCaseFacts, config: RiskTierConfig): TierResult {
  const found = firstMatchingTier(facts, config);
  if (found) return found;
  const stricter = RISK_TIERS.slice(0, RISK_TIERS.indexOf(config.defaultTier)).map((t) => label(t));
  return {
    tier: config.defaultTier,
    reasons: [stricter.length ? `None of the ${orList(stricter)} conditions apply` : 'No risk rule applies'],
  };
}

/** The tier the answers given so far already imply (a rule matched), for the live banner; undefined if none yet. */
export function impliedRiskTier(facts: UseCaseFacts, config: RiskTierConfig): TierResult | undefined {
  return firstMatchingTier(facts, config);
}
