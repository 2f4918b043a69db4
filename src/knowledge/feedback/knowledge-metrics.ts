import type { Queryable } from '../../store/database';
import { type KnowledgeGap, knowledgeGaps } from './knowledge-gaps';

/** How the knowledge base serves people: questions, answered share, thumbs-up share, escalations to experts, top gaps. */
export interface KnowledgeMetrics {
  questions: number;
  answered: number;
  /** answered / questions (0 with no questions). */
  answeredShare: number;
  likes: number;
  dislikes: number;
  /** likes / (likes + dislikes), undefined with no reactions. */
  thumbsUpShare?: number;
  escalations: number;
  escalationsAnswered: number;
  /** Mean hours from an "Ask the CoE" question to the expert's answer. */
  meanHoursToExpertAnswer?: number;
  topGaps: KnowledgeGap[];
}

const n = (v: unknown): number => Number(v ?? 0);
const round = (v: number, digits = 3): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** Reads the answer log, feedback and escalations (all time, or since `since`). */
export async function knowledgeMetrics(
  db: Queryable,
  options: { since?: Date; gaps?: number } = {},
): Promise<KnowledgeMetrics> {
  const since = options.since ?? null;
  // All time: the per-day counts triggers keep (migration 012) instead of counting the answer log and feedback.
  const [counts] = await db.query<{ q: unknown; a: unknown; likes: unknown; dislikes: unknown }>(
    since
      ? `select a.q, a.a, f.likes, f.dislikes
           from (select count(*) as q, count(*) filter (where grounded) as a from knowledge_answers where created_at >= $1) a,
                (select count(*) filter (where reaction = 'like') as likes, count(*) filter (where reaction = 'dislike') as dislikes
                   from knowledge_feedback where at >= $1) f`
      : `select coalesce(sum(questions), 0) as q, coalesce(sum(answered), 0) as a, coalesce(sum(likes), 0) as likes,
                coalesce(sum(dislikes), 0) as dislikes from knowledge_days`,
    since ? [since] : [],
  );
  const [esc] = await db.query<{ total: unknown; answered: unknown; hours: unknown }>(
    `select count(*) as total, count(*) filter (where status = 'answered') as answered,
            avg(extract(epoch from (answered_at - created_at)) / 3600) filter (where answered_at is not null) as hours
       from knowledge_escalations where ($1::timestamptz is null or created_at >= $1)`,
    [since],
  );
  const questions = n(counts.q);
  const answered = n(counts.a);
  const likes = n(counts.likes);
  const dislikes = n(counts.dislikes);
  return {
    questions,
    answered,
    answeredShare: questions ? round(answered / questions) : 0,
    likes,
    dislikes,
    thumbsUpShare: likes + dislikes ? round(likes / (likes + dislikes)) : undefined,
    escalations: n(esc.total),
    escalationsAnswered: n(esc.answered),
    meanHoursToExpertAnswer: esc.hours === null || esc.hours === undefined ? undefined : round(n(esc.hours), 2),
    topGaps: await knowledgeGaps(db, options.gaps ?? 5),
  };
}
