import type { Queryable } from '../../store/database';
import { toCsv } from '../../store/csv';
import { questionKey } from './question-key';

/** How a gap was dealt with since it was last asked: an expert answered it, or a CoE admin acted on the gap card. */
export type GapHandling = 'answered' | 'dismissed' | 'playbooks';

/** A group of similar questions the knowledge base did not answer well. */
export interface KnowledgeGap {
  /** The most recent wording of the question. */
  question: string;
  normalizedQuestion: string;
  unanswered: number;
  dislikes: number;
  total: number;
  lastAskedAt: Date;
  /** The newest thumbs-down comments (at most three), newest first. */
  comments: string[];
  /** Set when the gap was dealt with after it was last asked; such gaps are left out unless asked for. */
  handled?: GapHandling;
}

/** Audit subject of the actions on the gap card; the subject id is the gap's normalised question. */
export const GAP_SUBJECT = 'knowledge-gap';
/** Audit actions that close a gap (until the question is asked again). */
export const GAP_ACTIONS = { dismissed: 'gap.dismissed', playbooks: 'gap.added-to-playbooks' } as const;

const COMMENTS_SHOWN = 3;

/**
 * Lists the most frequent questions that were not covered or got a thumbs-down, grouping rewordings by their
 * normalised form; most frequent first, then most recent. Gaps that an expert answered (Ask the CoE) or that a CoE
 * admin dismissed or put on the playbook backlog after the question was last asked are left out, unless
 * `includeHandled` (the CSV export), where they carry `handled`.
 */
export async function knowledgeGaps(
  db: Queryable,
  limit = 20,
  options: { includeHandled?: boolean } = {},
): Promise<KnowledgeGap[]> {
  const wanted = Math.max(1, Math.min(1000, Math.floor(limit)));
  const rows = await db.query<{
    question: string;
    normalized_question: string;
    unanswered: number | string;
    dislikes: number | string;
    last_at: Date | string;
    comments: string[] | null;
  }>(
    `with events as (
       select normalized_question, question, at, 1 as unanswered, 0 as dislikes, null::text as comment
         from knowledge_unanswered
       union all
       select normalized_question, question, at, 0, 1, nullif(btrim(comment), '')
         from knowledge_feedback where reaction = 'dislike'
     )
     select normalized_question,
            (array_agg(question order by at desc))[1] as question,
            sum(unanswered) as unanswered, sum(dislikes) as dislikes, max(at) as last_at,
            array_remove(array_agg(comment order by at desc), null) as comments
       from events
      group by normalized_question
      order by count(*) desc, max(at) desc
      limit $1`,
    [options.includeHandled ? wanted : wanted * 3 + 50],
  );
  const handling = await handledSince(db);
  const gaps = rows.map((r): KnowledgeGap => {
    const unanswered = Number(r.unanswered);
    const dislikes = Number(r.dislikes);
    const lastAskedAt = new Date(r.last_at);
    const handled = handling.get(r.normalized_question);
    return {
      question: r.question,
      normalizedQuestion: r.normalized_question,
      unanswered,
      dislikes,
      total: unanswered + dislikes,
      lastAskedAt,
      comments: [...new Set((r.comments ?? []).map(readableComment).filter(Boolean))].slice(0, COMMENTS_SHOWN),
      ...(handled && handled.at >= lastAskedAt ? { handled: handled.how } : {}),
    };
  });
  return (options.includeHandled ? gaps : gaps.filter((g) => !g.handled)).slice(0, wanted);
}

/**
 * A thumbs-down comment as the person wrote it. Teams sends the feedback form as JSON text ({"feedbackText": ...}),
 * and older rows stored it that way.
 */
function readableComment(comment: string): string {
  if (!comment.startsWith('{')) return comment;
  try {
    const parsed = JSON.parse(comment) as { feedbackText?: unknown };
    return typeof parsed.feedbackText === 'string' ? parsed.feedbackText.trim() : comment;
  } catch {
    return comment;
  }
}

/** The latest handling of each normalised question: expert answers (by question key) and gap-card actions. */
async function handledSince(db: Queryable): Promise<Map<string, { how: GapHandling; at: Date }>> {
  const [answered, acted] = await Promise.all([
    db.query<{ question: string; answered_at: Date | string }>(
      `select question, answered_at from knowledge_escalations
        where status = 'answered' and answered_at is not null order by answered_at desc limit 5000`,
    ),
    db.query<{ subject_id: string; action: string; at: Date | string }>(
      `select subject_id, action, at from audit_events where subject_type = $1 and action = any($2::text[])
        order by at desc limit 5000`,
      [GAP_SUBJECT, Object.values(GAP_ACTIONS)],
    ),
  ]);
  const out = new Map<string, { how: GapHandling; at: Date }>();
  const keep = (key: string, how: GapHandling, at: Date) => {
    const seen = out.get(key);
    if (!seen || seen.at < at) out.set(key, { how, at });
  };
  for (const e of answered) keep(questionKey(e.question), 'answered', new Date(e.answered_at));
  for (const a of acted)
    keep(a.subject_id, a.action === GAP_ACTIONS.dismissed ? 'dismissed' : 'playbooks', new Date(a.at));
  return out;
}

/** Knowledge gaps as JSON text for download. */
export function knowledgeGapsToJson(gaps: KnowledgeGap[]): string {
  return JSON.stringify(
    gaps.map((g) => ({ ...g, lastAskedAt: g.lastAskedAt.toISOString() })),
    null,
    2,
  );
}

/** Knowledge gaps as CSV for a spreadsheet. */
export function knowledgeGapsToCsv(gaps: KnowledgeGap[]): string {
  return toCsv(
    gaps.map((g) => ({ ...g })),
    ['question', 'total', 'unanswered', 'dislikes', 'lastAskedAt', 'normalizedQuestion'],
  );
}

/** The normalised questions that are with the CoE experts right now (an open Ask-the-CoE escalation). */
export async function gapsWithExperts(db: Queryable): Promise<Set<string>> {
  const open = await db.query<{ question: string }>(
    `select question from knowledge_escalations where status = 'open' order by created_at desc limit 1000`,
  );
  return new Set(open.map((e) => questionKey(e.question)));
}
