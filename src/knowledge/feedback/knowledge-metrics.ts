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
  const [answers] = await db.query<{ q: unknown; a: unknown }>(
    `select count(*) as q, count(*) filter (where grounded) as a from knowledge_answers where ($1::timestamptz is null or created_at >= $1)`,
    [since],
  );
  const [feedback] = await db.query<{ likes: unknown; dislikes: unknown }>(
    `select count(*) filter (where reaction = 'like') as likes, count(*) filter (where reaction = 'dislike') as dislikes from knowledge_feedback where ($1::timestamptz is null or at >= $1)`,
    [since],
  );
  const [esc] = await db.query<{ total: unknown; answered: unknown; hours: unknown }>(
    `select count(*) as total, count(*) filter (where status = 'answered') as answered,
            avg(extract(epoch from (answered_at - created_at)) / 3600) filter (where answered_at is not null) as hours
       from knowledge_escalations where ($1::timestamptz is null or created_at >= $1)`,
    [since],
  );
  const questions = n(answers.q);
  const answered = n(answers.a);
  const likes = n(feedback.likes);
  const dislikes = n(feedback.dislikes);
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
