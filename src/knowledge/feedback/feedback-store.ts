import { z } from 'zod';
import type { Queryable } from '../../store/database';
import { questionKey } from './question-key';

const citationSchema = z.object({
  index: z.number().int(),
  title: z.string(),
  source: z.string(),
  url: z.string().optional(),
  section: z.string().optional(),
  page: z.number().int().optional(),
  snippet: z.string(),
});

/** Feedback on one answer, as the Teams layer reports it (thumbs up / down with an optional comment). */
export const feedbackInputSchema = z.object({
  reaction: z.enum(['like', 'dislike'], { errorMap: () => ({ message: 'must be "like" or "dislike"' }) }),
  comment: z.string().trim().max(4000).optional(),
  question: z.string().trim().min(1, 'must not be empty').max(4000),
  answerText: z.string().max(20000),
  citations: z.array(citationSchema).default([]),
  grounded: z.boolean().optional(),
  userId: z.string().optional(),
});

export type FeedbackInput = z.input<typeof feedbackInputSchema>;

/** Raised when feedback or an unanswered question is not in the expected shape; the message is a plain sentence. */
export class FeedbackInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedbackInputError';
  }
}

function parseOrThrow<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new FeedbackInputError(`The ${what} is not valid: ${issue.path.join('.') || 'value'} ${issue.message}.`);
}

/** Stores a like or dislike with the question, the answer and its citations; returns the feedback id. */
export async function recordFeedback(db: Queryable, input: FeedbackInput): Promise<number> {
  const f = parseOrThrow(feedbackInputSchema, input, 'feedback');
  const [row] = await db.query<{ id: number | string }>(
    `insert into knowledge_feedback (user_id, reaction, comment, question, normalized_question, answer_text, citations, grounded)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) returning id`,
    [
      f.userId ?? null,
      f.reaction,
      f.comment || null,
      f.question,
      questionKey(f.question),
      f.answerText,
      JSON.stringify(f.citations),
      f.grounded ?? null,
    ],
  );
  return Number(row.id);
}

const unansweredSchema = z.object({
  question: z.string().trim().min(1, 'must not be empty').max(4000),
  userId: z.string().optional(),
});

/** Records a question the knowledge base could not answer, so the CoE can see what is missing. */
export async function recordUnanswered(db: Queryable, input: { question: string; userId?: string }): Promise<void> {
  const u = parseOrThrow(unansweredSchema, input, 'unanswered question');
  await db.query('insert into knowledge_unanswered (user_id, question, normalized_question) values ($1, $2, $3)', [
    u.userId ?? null,
    u.question,
    questionKey(u.question),
  ]);
}
