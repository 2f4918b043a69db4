import { z } from 'zod';

/** Intake settings in the organisation config (`intake:` in coe.yaml). */
export const intakeSettingsSchema = z
  .object({
    /** The models the CoE has approved (playbooks/approved-models.md); the wizard offers them as examples. */
    approvedModels: z.array(z.string().min(1).max(60)).max(20).default([]),
  })
  .strict();
