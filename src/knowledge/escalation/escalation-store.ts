import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database, Queryable } from '../../store/database';
import { ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH } from '../cards/escalation-verbs';

/** A question sent to the CoE experts because the knowledge base did not answer it. */
export interface Escalation {
  id: string;
  createdAt: Date;
  askerId: string;
  askerName: string;
  askerConversationId: string;
  question: string;
  status: 'open' | 'answered';
  expertId?: string;
  expertName?: string;
  answer?: string;
  answeredAt?: Date;
  kbSource?: string;
  addedToKbBy?: string;
  addedToKbAt?: Date;
}

/** Raised for escalation requests that cannot be carried out; the message is a plain sentence for the person. */
export class EscalationError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid' | 'not-found' | 'already-answered' | 'not-answered' | 'already-added' | 'rate-limited',
  ) {
    super(message);
    this.name = 'EscalationError';
  }
}

const createSchema = z.object({
  askerId: z.string().trim().min(1, 'the asker id is missing'),
  askerName: z.string().trim().min(1, 'the asker name is missing').max(200),
  askerConversationId: z.string().trim().min(1, 'the asker conversation id is missing'),
  question: z
    .string()
    .trim()
    .min(3, 'the question is too short')
    .max(QUESTION_MAX_LENGTH, `the question is too long (at most ${QUESTION_MAX_LENGTH} characters)`),
});

const answerSchema = z.object({
  expertId: z.string().trim().min(1, 'the expert id is missing'),
  expertName: z.string().trim().min(1, 'the expert name is missing').max(200),
  answer: z
    .string()
    .trim()
    .min(1, 'the answer is empty')
    .max(ANSWER_MAX_LENGTH, `the answer is too long (at most ${ANSWER_MAX_LENGTH} characters)`),
});

function validate<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const msg = r.error.issues[0].message;
  throw new EscalationError(`This request cannot be processed: ${msg}.`, 'invalid');
}

interface Row {
  id: string;
  created_at: Date | string;
  asker_id: string;
  asker_name: string;
  asker_conversation_id: string;
  question: string;
  status: 'open' | 'answered';
  expert_id: string | null;
  expert_name: string | null;
  answer: string | null;
  answered_at: Date | string | null;
  kb_source: string | null;
  added_to_kb_by: string | null;
  added_to_kb_at: Date | string | null;
}

const date = (v: Date | string | null): Date | undefined => (v === null ? undefined : new Date(v));

function fromRow(r: Row): Escalation {
  return {
    id: r.id,
    createdAt: new Date(r.created_at),
    askerId: r.asker_id,
    askerName: r.asker_name,
    askerConversationId: r.asker_conversation_id,
    question: r.question,
    status: r.status,
    ...(r.expert_id ? { expertId: r.expert_id } : {}),
    ...(r.expert_name ? { expertName: r.expert_name } : {}),
    ...(r.answer ? { answer: r.answer } : {}),
    ...(r.answered_at ? { answeredAt: date(r.answered_at) } : {}),
    ...(r.kb_source ? { kbSource: r.kb_source } : {}),
    ...(r.added_to_kb_by ? { addedToKbBy: r.added_to_kb_by } : {}),
    ...(r.added_to_kb_at ? { addedToKbAt: date(r.added_to_kb_at) } : {}),
  };
}

/** Stores "Ask the CoE" escalations and their lifecycle: open, answered by an expert, optionally added to the knowledge base. */
export class EscalationStore {
  constructor(private readonly db: Database) {}

  /** Records a new escalation (in the caller's transaction when given) and returns its id. */
  async create(
    input: { askerId: string; askerName: string; askerConversationId: string; question: string },
    tx: Queryable = this.db,
  ): Promise<string> {
    const e = validate(createSchema, input);
    const id = randomUUID();
    await tx.query(
      'insert into knowledge_escalations (id, asker_id, asker_name, asker_conversation_id, question) values ($1, $2, $3, $4, $5)',
      [id, e.askerId, e.askerName, e.askerConversationId, e.question],
    );
    return id;
  }

  /** How many questions this person sent the experts since `since`, and when the oldest of them was (for the rate limit). */
  async recentBy(askerId: string, since: Date, tx: Queryable = this.db): Promise<{ count: number; oldest?: Date }> {
    const [row] = await tx.query<{ n: number | string; oldest: Date | string | null }>(
      'select count(*) as n, min(created_at) as oldest from knowledge_escalations where asker_id = $1 and created_at > $2',
      [askerId, since],
    );
    return { count: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : undefined };
  }

  /** One escalation by id, or undefined. */
  async get(id: string, tx: Queryable = this.db): Promise<Escalation | undefined> {
    const [row] = await tx.query<Row>('select * from knowledge_escalations where id = $1', [id]);
    return row ? fromRow(row) : undefined;
  }

  /**
   * Stores an expert's answer. Only the first answer counts: a second one is refused with a plain
   * message naming who answered, so two experts cannot overwrite each other.
   */
  async answer(id: string, input: { expertId: string; expertName: string; answer: string }): Promise<Escalation> {
    const a = validate(answerSchema, input);
    const rows = await this.db.query<Row>(
      `update knowledge_escalations set status = 'answered', expert_id = $2, expert_name = $3, answer = $4, answered_at = now()
        where id = $1 and status = 'open' returning *`,
      [id, a.expertId, a.expertName, a.answer],
    );
    if (rows.length) return fromRow(rows[0]);
    const existing = await this.get(id);
    if (!existing)
      throw new EscalationError('This question could not be found. It may have been removed.', 'not-found');
    throw new EscalationError(
      `This question has already been answered by ${existing.expertName ?? 'another expert'}.`,
      'already-answered',
    );
  }

  /** Marks an answered escalation as added to the knowledge base; refuses if it is not answered or already added. */
  async markAddedToKnowledgeBase(id: string, byId: string, source: string): Promise<Escalation> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<Row>('select * from knowledge_escalations where id = $1 for update', [id]);
      if (!row) throw new EscalationError('This question could not be found. It may have been removed.', 'not-found');
      if (row.status !== 'answered')
        throw new EscalationError(
          'This question has no answer yet, so there is nothing to add to the knowledge base.',
          'not-answered',
        );
      if (row.kb_source) throw new EscalationError('This answer is already in the knowledge base.', 'already-added');
      const [updated] = await tx.query<Row>(
        'update knowledge_escalations set kb_source = $2, added_to_kb_by = $3, added_to_kb_at = now() where id = $1 returning *',
        [id, source, byId],
      );
      return fromRow(updated);
    });
  }

  /** Ids of open escalations created before `before` that have no "asked" audit event (their post never happened). */
  async listOpenWithoutAskedEvent(before: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `select e.id from knowledge_escalations e
        where e.status = 'open' and e.created_at < $1
          and not exists (select 1 from audit_events a where a.subject_type = 'escalation' and a.subject_id = e.id::text and a.action = 'asked')
        order by e.created_at limit $2`,
      [before, limit],
    );
    return rows.map((r) => String(r.id));
  }

  /** Locks one such escalation for adoption; undefined when it is gone, answered, adopted meanwhile or locked by another instance. */
  async lockOpenWithoutAskedEvent(id: string, tx: Queryable): Promise<Escalation | undefined> {
    const [row] = await tx.query<Row>(
      `select * from knowledge_escalations e where e.id = $1 and e.status = 'open'
          and not exists (select 1 from audit_events a where a.subject_type = 'escalation' and a.subject_id = e.id::text and a.action = 'asked')
        for update skip locked`,
      [id],
    );
    return row ? fromRow(row) : undefined;
  }
}
