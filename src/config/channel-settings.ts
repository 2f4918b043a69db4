import { z } from 'zod';

/** A Teams channel the bot posts to, by its conversation id. */
const channelSchema = z
  .object({
    name: z.string().min(1),
    teamId: z.string().min(1).optional(),
    conversationId: z.string().min(1, 'must be the channel conversation id (19:...@thread...)'),
    serviceUrl: z.string().url().optional(),
  })
  .strict();

/** The organisation itself and the channels the capabilities post to (experts, reviews, announcements). */
export const organisationSettingsShape = {
  organisation: z.object({ name: z.string().min(1), tenantId: z.string().optional() }).strict(),
  channels: z
    .object({
      experts: channelSchema.optional(),
      reviews: channelSchema.optional(),
      announcements: channelSchema.optional(),
    })
    .strict()
    .default({}),
};

export type ChannelRef = z.infer<typeof channelSchema>;
