import type { Queryable } from '../../store/database';
import type { Answer } from '../answer/answer-types';

/** An answer as it was given, found again when someone reacts to the message that carried it. */
export interface LoggedAnswer {
  question: string;
  answerText: string;
  grounded: boolean;
  citations: Answer['citations'];
}

/** Records each answer under its message id (one small insert per answer, nothing rewritten). */
export class AnswerLog {
  constructor(private readonly db: Queryable) {}

  async record(entry: { conversationId: string; activityId: string; userId?: string; question: string; answer: Answer }): Promise<void> {
    await this.db.query(
      `insert into knowledge_answers (conversation_id, activity_id, user_id, question, answer_text, grounded, generated_by_model, citations)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
      [entry.conversationId, entry.activityId, entry.userId ?? null, entry.question, entry.answer.text, entry.answer.grounded, entry.answer.generatedByModel, JSON.stringify(entry.answer.citations)],
    );
  }

  async find(conversationId: string, activityId: string): Promise<LoggedAnswer | undefined> {
    const [row] = await this.db.query<{ question: string; answer_text: string; grounded: boolean; citations: Answer['citations'] }>(
      'select question, answer_text, grounded, citations from knowledge_answers where conversation_id = $1 and activity_id = $2',
      [conversationId, activityId],
    );
    return row ? { question: row.question, answerText: row.answer_text, grounded: row.grounded, citations: row.citations } : undefined;
  }
}
