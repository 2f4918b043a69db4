import { z } from 'zod';
import { conditionSchema } from '../intake/conditions';

const unitKey = z
  .string()
  .regex(/^[a-z0-9-]+$/, 'business unit keys are lower-case kebab-case, e.g. "finance" or "human-resources"');

/**
 * Who decides a stage: a group (its members when the use case is routed), one person, the submitter's manager (from the
 * directory; `fallback` names the group used when the submitter has none), or a group per business unit of the
 * submitter (`default` for every other unit).
 */
const approversSchema = z
  .union(
    [
      z.object({ group: z.string().min(1) }).strict(),
      z
        .object({
          person: z
            .object({ id: z.string().min(1), name: z.string().min(1), email: z.string().email().optional() })
            .strict(),
        })
        .strict(),
      z.object({ manager: z.literal(true), fallback: z.string().min(1).optional() }).strict(),
      z.object({ byBusinessUnit: z.record(unitKey, z.string().min(1)) }).strict(),
    ],
    {
      errorMap: (issue, ctx) =>
        issue.code === 'invalid_union'
          ? {
              message:
                'must be { group: <group id> }, { person: { id, name } }, { manager: true } (optionally with fallback: <group id>) or { byBusinessUnit: { <unit>: <group id>, default: <group id> } }',
            }
          : { message: ctx.defaultError },
    },
  )
  .superRefine((a, ctx) => {
    if ('byBusinessUnit' in a && !('default' in a.byBusinessUnit)) {
      ctx.addIssue({
        code: 'custom',
        path: ['byBusinessUnit', 'default'],
        message: 'is required: the group for every business unit not listed',
      });
    }
  });

const policySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('any') }).strict(),
  z.object({ type: z.literal('all') }).strict(),
  z.object({ type: z.literal('quorum'), n: z.number().int().min(1, 'must be at least 1') }).strict(),
]);

/** One review stage: who decides, how many must approve, how fast, after what, and when it applies. */
export const stageSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case kebab-case'),
    name: z.string().min(1),
    approvers: approversSchema,
    policy: policySchema.default({ type: 'any' }),
    slaBusinessDays: z.number().positive('must be a positive number of business days'),
    after: z.array(z.string()).default([]),
    when: conditionSchema,
    because: z.string().min(1, 'must say why the stage applies, e.g. "personal data"'),
  })
  .strict();

/**
 * Pilot funding limits (playbooks/pilot-funding.md), lowest first: the review card measures a use case's pilot cost
 * (USD) against them so triage sees at once who approves the money.
 */
const fundingSchema = z
  .object({
    limits: z
      .array(
        z.object({ upToUsd: z.number().positive('must be a positive amount'), approvedBy: z.string().min(1) }).strict(),
      )
      .default([{ upToUsd: 25_000, approvedBy: 'the CoE lead at triage' }])
      .refine((l) => l.every((x, i) => i === 0 || x.upToUsd > l[i - 1].upToUsd), 'must be listed lowest first'),
    /** Who approves a pilot above the highest limit. */
    aboveLimits: z.string().min(1).default('the executive sponsor and the finance business partner'),
  })
  .strict();

export type FundingRules = z.infer<typeof fundingSchema>;

/** The `review` section of COE_CONFIG. */
export const reviewConfigSchema = z
  .object({
    onResubmit: z.enum(['keep', 'reset']).default('keep'),
    reminderAtFraction: z.number().gt(0).lt(1).default(0.75),
    allowSelfApproval: z.boolean().default(false),
    escalationContact: z
      .object({ id: z.string().min(1), name: z.string().min(1) })
      .strict()
      .optional(),
    /** The group told (a card to each member) when a Prohibited use case is rejected automatically. */
    informOnProhibited: z.string().min(1).default('ethics-board'),
    /** How often the reminder and escalation worker looks for due timers; 0 turns the loop off (tests drive it by hand). */
    workerIntervalSeconds: z.number().min(0, 'must be 0 (off) or a positive number of seconds').default(60),
    stages: z.array(stageSchema).min(1, 'must define at least one stage'),
    funding: fundingSchema.default({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const ids = cfg.stages.map((s) => s.id);
    cfg.stages.forEach((stage, i) => {
      if (ids.indexOf(stage.id) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'id'],
          message: `"${stage.id}" is used by more than one stage.`,
        });
      stage.after.forEach((dep, j) => {
        const at = ids.indexOf(dep);
        if (at === -1)
          ctx.addIssue({
            code: 'custom',
            path: ['stages', i, 'after', j],
            message: `names stage "${dep}", which is not defined.`,
          });
        else if (at >= i)
          ctx.addIssue({
            code: 'custom',
            path: ['stages', i, 'after', j],
            message: `names stage "${dep}", which must be listed before "${stage.id}".`,
          });
      });
    });
  });

export type StageConfig = z.infer<typeof stageSchema>;
