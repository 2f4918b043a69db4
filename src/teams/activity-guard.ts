import { z } from 'zod';

const MAX_DEPTH = 32;

const account = z
  .object({
    id: z.string().min(1).max(1024),
    name: z.string().max(1024).optional(),
    aadObjectId: z.string().max(128).optional(),
  })
  .passthrough();

/** The minimum shape of a Bot Framework activity; anything else is refused at the edge with a 400. */
export const inboundActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(1024).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    from: account,
    recipient: account.optional(),
    conversation: z
      .object({
        id: z.string().min(1).max(1024),
        conversationType: z.string().max(64).optional(),
        tenantId: z.string().max(128).optional(),
      })
      .passthrough(),
    text: z.string().max(40_000).optional(),
    name: z.string().max(256).optional(),
    entities: z
      .array(z.object({ type: z.string().max(256) }).passthrough())
      .max(100)
      .optional(),
  })
  .passthrough();

/** A NUL character or half of a surrogate pair: neither is text PostgreSQL can store, and Teams never sends them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string): boolean => text.includes('\u0000') || LONE_SURROGATE.test(text);

/** True when any string (or key) in a JSON value holds a NUL character or an unpaired surrogate. */
export function hasUnstorableText(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (unstorable(v)) return true;
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        if (unstorable(k)) return true;
        pending.push(child);
      }
    }
  }
  return false;
}

/** How deeply a JSON value nests; hostile bodies nest thousands of levels to exhaust the stack. */
export function jsonDepth(value: unknown, limit = MAX_DEPTH): number {
  let depth = 0;
  let level: unknown[] = [value];
  while (level.length) {
    const next: unknown[] = [];
    for (const v of level) if (v && typeof v === 'object') next.push(...Object.values(v as Record<string, unknown>));
    if (next.length === 0) break;
    depth += 1;
    if (depth > limit) return depth;
    level = next;
  }
  return depth;
}

/** Checks a parsed request body; returns a plain-sentence reason when it cannot be an activity. */
export function checkInboundActivity(body: unknown): { ok: true } | { ok: false; reason: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, reason: 'The request body must be a JSON object (a Bot Framework activity).' };
  if (jsonDepth(body) > MAX_DEPTH) return { ok: false, reason: `The activity nests deeper than ${MAX_DEPTH} levels.` };
  if (hasUnstorableText(body))
    return {
      ok: false,
      reason: 'The activity contains a NUL character or a broken surrogate pair, which is not valid text.',
    };
  const parsed = inboundActivitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `The activity is not valid: ${issue.path.join('.') || 'body'} ${issue.message.toLowerCase()}.`,
    };
  }
  return { ok: true };
}
