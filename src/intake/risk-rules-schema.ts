import { z } from 'zod';
import { conditionSchema } from './conditions';
import { RISK_TIERS } from './use-case-facts';

/** One tiering rule: when its condition holds, the use case is at least `tier`, for `reason`. */
export const riskRuleSchema = z
  .object({
    tier: z.enum(RISK_TIERS),
    reason: z.string().min(3, 'must explain the rule in words a submitter understands'),
    when: conditionSchema,
  })
  .strict();

/** The `riskTiers` section of COE_CONFIG: rules checked from the most to the least severe tier. */
export const riskTierConfigSchema = z
  .object({
    defaultTier: z.enum(RISK_TIERS).default('minimal'),
    rules: z.array(riskRuleSchema).min(1, 'must contain at least one rule'),
  })
  .strict();

export type RiskTierConfig = z.infer<typeof riskTierConfigSchema>;
