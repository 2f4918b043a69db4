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
    // One row per normalised question, kept by triggers on knowledge_unanswered and knowledge_feedback (migration 013).
    `select normalized_question, question, unanswered, dislikes, last_at from knowledge_gap_totals
      order by total desc, last_at desc limit $1`,
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
