import type { Queryable } from '../../store/database';
import type { Answer } from '../answer/answer-types';

/** An answer as it was given, found again when someone reacts to the message that carried it. */
export interface LoggedAnswer {
  question: string;
  answerText: string;
  grounded: boolean;
  citations: Answer['citations'];
}

interface Pending {
  conversationId: string;
  activityId: string;
  userId?: string;
  question: string;
  answer: Answer;
}

/**
 * Records each answer under its message id. Answers are written in small batches (one multi-row insert
 * every `flushMs`) so a busy bot spends one statement on many answers; `find` also sees answers not yet
 * written, and `flush` (called on shutdown) writes what is pending. A crash loses at most `flushMs` of
 * entries, which only costs later feedback its question text.
 */
export class AnswerLog {
  private pending: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Queryable,
    private readonly options: { flushMs?: number; maxBatch?: number } = {},
  ) {}

  /** Queues an answer for writing; returns at once. */
  record(entry: Pending): void {
    this.pending.push(entry);
    if (this.pending.length >= (this.options.maxBatch ?? 100)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 20);
  }

  /** Writes every queued answer (one statement); safe to call at any time. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(() => (batch.length ? this.write(batch) : undefined)).catch(() => undefined);
    await this.flushing;
  }

  private async write(batch: Pending[]): Promise<void> {
    const values: unknown[] = [];
    const rows = batch.map((e, i) => {
      values.push(
        e.conversationId,
        e.activityId,
        e.userId ?? null,
        e.question,
        e.answer.text,
        e.answer.grounded,
        e.answer.generatedByModel,
        JSON.stringify(e.answer.citations),
      );
      const b = i * 8;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`;
    });
    await this.db.query(
      `insert into knowledge_answers (conversation_id, activity_id, user_id, question, answer_text, grounded, generated_by_model, citations)
       values ${rows.join(', ')} on conflict do nothing`,
      values as never,
    );
  }

  /** The newest answer in a conversation: for feedback from clients that do not say which message it is about. */
  async latest(conversationId: string): Promise<LoggedAnswer | undefined> {
    const queued = [...this.pending].reverse().find((p) => p.conversationId === conversationId);
    if (queued)
      return {
        question: queued.question,
        answerText: queued.answer.text,
        grounded: queued.answer.grounded,
        citations: queued.answer.citations,
      };
    await this.flushing;
    const [row] = await this.db.query<{
      question: string;
      answer_text: string;
      grounded: boolean;
      citations: Answer['citations'];
    }>(
      'select question, answer_text, grounded, citations from knowledge_answers where conversation_id = $1 order by created_at desc limit 1',
      [conversationId],
    );
    return row
      ? { question: row.question, answerText: row.answer_text, grounded: row.grounded, citations: row.citations }
      : undefined;
  }

  async find(conversationId: string, activityId: string): Promise<LoggedAnswer | undefined> {
    const queued = this.pending.find((p) => p.conversationId === conversationId && p.activityId === activityId);
    if (queued)
      return {
        question: queued.question,
        answerText: queued.answer.text,
        grounded: queued.answer.grounded,
        citations: queued.answer.citations,
      };
    await this.flushing;
    const [row] = await this.db.query<{
      question: string;
      answer_text: string;
      grounded: boolean;
      citations: Answer['citations'];
    }>(
      'select question, answer_text, grounded, citations from knowledge_answers where conversation_id = $1 and activity_id = $2',
      [conversationId, activityId],
    );
    return row
      ? { question: row.question, answerText: row.answer_text, grounded: row.grounded, citations: row.citations }
      : undefined;
  }
}
