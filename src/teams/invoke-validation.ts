import type { Activity } from 'botbuilder';
import { z } from 'zod';

/** Longest feedback comment the bot stores (the feedback store's own limit). */
const MAX_FEEDBACK_COMMENT = 4000;

const cardActionSchema = z
  .object({
    action: z
      .object({
        type: z.string().min(1).max(64),
        verb: z.string().min(1).max(256).optional(),
        data: z.unknown().optional(),
      })
      .passthrough(),
  })
  .passthrough();

/** The comment of a feedback invoke: Teams sends a JSON string `{"feedbackText": "..."}`; other clients send plain text or an object. */
function feedbackComment(feedback: unknown): string {
  if (typeof feedback === 'object' && feedback) return String((feedback as Record<string, unknown>).feedbackText ?? '');
  if (typeof feedback !== 'string') return '';
  try {
    const parsed = JSON.parse(feedback) as unknown;
    if (parsed && typeof parsed === 'object') return String((parsed as Record<string, unknown>).feedbackText ?? '');
  } catch {
    // Plain text, not JSON: the text itself is the comment.
  }
  return feedback;
}

const feedbackSchema = z
  .object({
    actionName: z.literal('feedback'),
    actionValue: z
      .object({
        reaction: z.enum(['like', 'dislike'], { errorMap: () => ({ message: 'must be "like" or "dislike"' }) }),
        feedback: z.union([z.string().max(MAX_FEEDBACK_COMMENT * 2), z.record(z.unknown())]).optional(),
      })
      .passthrough()
      .refine((v) => feedbackComment(v.feedback).trim().length <= MAX_FEEDBACK_COMMENT, {
        message: `the comment must be at most ${MAX_FEEDBACK_COMMENT} characters`,
        path: ['feedback'],
      }),
  })
  .passthrough();

/** Shapes of the invokes the bot handles, by invoke name. Invokes with other names reach the app's own refusal. */
const INVOKE_SCHEMAS: Record<string, { schema: z.ZodTypeAny; what: string }> = {
  'adaptiveCard/action': { schema: cardActionSchema, what: 'card action' },
  'message/submitAction': { schema: feedbackSchema, what: 'feedback' },
};

/** A plain sentence saying why an invoke cannot be handled, or undefined when its value has the expected shape. */
export function invalidInvokeReason(activity: Partial<Activity>): string | undefined {
  const known = activity.name ? INVOKE_SCHEMAS[activity.name] : undefined;
  if (!known) return undefined;
  const parsed = known.schema.safeParse(activity.value);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const where = issue.path.filter((p) => p !== 'actionValue').join('.');
  return `The ${known.what} is not valid: ${where ? `${where} ` : ''}${issue.message.toLowerCase().replace(/\.$/, '')}.`;
}
