import { z } from 'zod';

const contact = z
  .object({ id: z.string().min(1, 'must be the Entra object id of the contact'), name: z.string().min(1) })
  .strict();

/** The `portfolio` section of COE_CONFIG: check-in and survey cadence, re-review interval, business-unit contacts. */
export const portfolioSettingsSchema = z
  .object({
    /** High-tier cases in production are due for re-review this many months after going live or their last re-review. */
    reReviewMonths: z.number().int().min(1).max(24, 'must be at most 24 months').default(12),
    /** A check-in or survey not answered after this many days is reminded once. */
    reminderDays: z.number().int().min(1).max(30).default(7),
    /**
     * A check-in or survey still unanswered this many days after it was sent (and reminded) goes to the review
     * escalation contact (else the first CoE admin); 0 turns escalation off.
     */
    escalationDays: z.number().int().min(0).max(90).default(14),
    /** How often the check-in / survey / re-review worker looks for due work; 0 turns it off. */
    workerIntervalSeconds: z.number().min(0).default(300),
    /** Who rates each business unit's satisfaction, by business-unit name as entered in the wizard. */
    businessUnitContacts: z.record(z.string().min(1), contact).default({}),
    /** The approved models (playbooks/approved-models.md); the demo portfolio uses only these. */
    approvedModels: z.array(z.string().min(1)).min(1).default(['GPT-4.1', 'GPT-4.1 mini', 'o4-mini']),
  })
  .strict()
  .refine((s) => s.escalationDays === 0 || s.escalationDays > s.reminderDays, {
    message: 'escalationDays must be more than reminderDays (or 0 for no escalation)',
    path: ['escalationDays'],
  });

export type PortfolioSettings = z.infer<typeof portfolioSettingsSchema>;
