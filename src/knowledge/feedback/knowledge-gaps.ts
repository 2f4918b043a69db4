import type { Queryable } from '../../store/database';
import { toCsv } from '../../store/csv';

/** A group of similar questions the knowledge base did not answer well. */
export interface KnowledgeGap {
  /** The most recent wording of the question. */
  question: string;
  normalizedQuestion: string;
  unanswered: number;
  dislikes: number;
  total: number;
  lastAskedAt: Date;
}

/**
 * Lists the most frequent questions that were not covered or got a thumbs-down, grouping rewordings
 * by their normalised form; most frequent first, then most recent.
 */
export async function knowledgeGaps(db: Queryable, limit = 20): Promise<KnowledgeGap[]> {
  const rows = await db.query<{
    question: string;
    normalized_question: string;
    unanswered: number | string;
    dislikes: number | string;
    last_at: Date | string;
  }>(
    `with events as (
       select normalized_question, question, at, 1 as unanswered, 0 as dislikes from knowledge_unanswered
       union all
       select normalized_question, question, at, 0, 1 from knowledge_feedback where reaction = 'dislike'
     )
     select normalized_question,
            (array_agg(question order by at desc))[1] as question,
            sum(unanswered) as unanswered, sum(dislikes) as dislikes, max(at) as last_at
       from events
      group by normalized_question
      order by count(*) desc, max(at) desc
      limit $1`,
    [Math.max(1, Math.min(1000, Math.floor(limit)))],
  );
  return rows.map((r) => {
    const unanswered = Number(r.unanswered);
    const dislikes = Number(r.dislikes);
    return {
      question: r.question,
      normalizedQuestion: r.normalized_question,
      unanswered,
      dislikes,
      total: unanswered + dislikes,
      lastAskedAt: new Date(r.last_at),
    };
  });
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
