import { z } from 'zod';

const person = z.object({ id: z.string().min(1), name: z.string() });
const noticeText = z.object({ title: z.string(), lines: z.array(z.string()) });

/**
 * What must follow a committed review change: the cards and notices to send. Written to the outbox in the change's
 * transaction; the texts that describe the change are fixed at commit time, while cards are rendered from the
 * review's state when they are sent (so a late retry shows the latest state).
 */
export const reviewEffectSchema = z.discriminatedUnion('topic', [
  z.object({
    topic: z.literal('review.routed'),
    reviewId: z.number().int(),
    started: z.array(z.string()),
    /** false: the submitter's own confirmation card is their live status card, so none is sent. */
    statusCard: z.boolean().optional(),
  }),
  z.object({ topic: z.literal('review.auto-rejected'), reviewId: z.number().int(), refreshCopies: z.boolean() }),
  z.object({
    topic: z.literal('review.resubmitted'),
    reviewId: z.number().int(),
    started: z.array(z.string()),
    notice: noticeText,
  }),
  z.object({ topic: z.literal('review.withdrawn'), reviewId: z.number().int() }),
  z.object({
    topic: z.literal('review.decided'),
    reviewId: z.number().int(),
    started: z.array(z.string()),
    notice: noticeText,
  }),
  z.object({
    topic: z.literal('review.reminded'),
    reviewId: z.number().int(),
    stageId: z.string(),
    people: z.array(person),
    notice: z.string(),
  }),
  z.object({
    topic: z.literal('review.escalated'),
    reviewId: z.number().int(),
    stageId: z.string(),
    to: person,
    notice: z.string(),
    refreshCopies: z.boolean(),
  }),
]);

export type ReviewEffect = z.infer<typeof reviewEffectSchema>;

/** A notice's title and paragraphs, as stored with an effect. */
export type NoticeText = z.infer<typeof noticeText>;
