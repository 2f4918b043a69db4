import { z } from 'zod';

const id = z.number().int().positive();

/**
 * Follow-up work written to the outbox with the prompt that asks for it (so it is sent once, by one instance): the
 * check-in and survey cards (first time or reminder), the escalation of one left unanswered, and a due re-review.
 */
export const followUpEffectSchema = z.discriminatedUnion('topic', [
  z.object({
    topic: z.literal('portfolio.check-in'),
    useCaseId: id,
    period: z.string(),
    recipientId: z.string(),
    stage: z.enum(['pilot', 'production']),
    reminder: z.boolean(),
  }),
  z.object({
    topic: z.literal('portfolio.satisfaction'),
    useCaseId: id,
    period: z.string(),
    recipientId: z.string(),
    reminder: z.boolean(),
  }),
  z.object({
    topic: z.literal('portfolio.escalation'),
    useCaseId: id,
    kind: z.enum(['check-in', 'satisfaction']),
    period: z.string(),
    /** Who was asked and did not answer. */
    recipientId: z.string(),
    /** Who the escalation goes to (the review escalation contact, else the first CoE admin). */
    to: z.object({ id: z.string(), name: z.string() }),
    stage: z.enum(['pilot', 'production']),
    askedAt: z.string(),
  }),
  z.object({ topic: z.literal('portfolio.re-review'), useCaseId: id, period: z.string() }),
]);

export type FollowUpEffect = z.infer<typeof followUpEffectSchema>;
