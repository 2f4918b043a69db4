import { z } from 'zod';

/** The `announcements` section of COE_CONFIG: categories and delivery pacing. */
export const announcementSettingsSchema = z
  .object({
    categories: z
      .array(z.string().regex(/^[a-z0-9-]+$/))
      .min(1)
      .default(['policy', 'models', 'training', 'events']),
    messagesPerSecond: z.number().positive().max(50, 'must be at most 50 (the Teams per-app ceiling)').default(30),
    perConversationPerSecond: z.number().positive().max(7).default(1),
    maxAttempts: z.number().int().min(1).max(20).default(8),
    leaseSeconds: z.number().int().min(5, 'must be at least 5 seconds').max(600).default(30),
    statusUpdateSeconds: z.number().min(1).max(60).default(2),
  })
  .strict();

export type AnnouncementSettings = z.infer<typeof announcementSettingsSchema>;
