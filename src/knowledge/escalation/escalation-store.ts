import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database, Queryable } from '../../store/database';
import { ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH } from '../cards/escalation-verbs';
import { type Outcome, type Refusal, ok, refuse } from '../../runtime/outcome';

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

function validate<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, input: unknown): Outcome<T> {
  const r = schema.safeParse(input);
  if (r.success) return ok(r.data);
  return refuse('invalid', `This request cannot be processed: ${r.error.issues[0].message}.`);
}

const NOT_FOUND = 'This question could not be found. It may have been removed.';

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

/** Why an escalation's answer cannot be added to the knowledge base (missing, unanswered, already added), if so. */
export function refuseToAdd(e: Pick<Escalation, 'status' | 'kbSource'> | undefined): Refusal | undefined {
  if (!e) return refuse('not-found', NOT_FOUND);
  if (e.status !== 'answered')
    return refuse('not-answered', 'This question has no answer yet, so there is nothing to add to the knowledge base.');
  if (e.kbSource) return refuse('already-added', 'This answer is already in the knowledge base.');
  return undefined;
}

/** Stores "Ask the CoE" escalations and their lifecycle: open, answered by an expert, optionally added to the knowledge base. */
export class EscalationStore {
  constructor(private readonly db: Database) {}

  /** Records a new escalation (in the caller's transaction when given) and returns its id. */
  async create(
    input: { askerId: string; askerName: string; askerConversationId: string; question: string },
    tx: Queryable = this.db,
  ): Promise<Outcome<string>> {
    const valid = validate(createSchema, input);
    if (!valid.ok) return valid;
    const e = valid.value;
    const id = randomUUID();
    await tx.query(
      'insert into knowledge_escalations (id, asker_id, asker_name, asker_conversation_id, question) values ($1, $2, $3, $4, $5)',
      [id, e.askerId, e.askerName, e.askerConversationId, e.question],
    );
    return ok(id);
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
  async answer(
    id: string,
    input: { expertId: string; expertName: string; answer: string },
  ): Promise<Outcome<Escalation>> {
    const valid = validate(answerSchema, input);
    if (!valid.ok) return valid;
    const a = valid.value;
    const rows = await this.db.query<Row>(
      `update knowledge_escalations set status = 'answered', expert_id = $2, expert_name = $3, answer = $4, answered_at = now()
        where id = $1 and status = 'open' returning *`,
      [id, a.expertId, a.expertName, a.answer],
    );
    if (rows.length) return ok(fromRow(rows[0]));
    const existing = await this.get(id);
    if (!existing) return refuse('not-found', NOT_FOUND);
    return refuse(
      'already-answered',
      `This question has already been answered by ${existing.expertName ?? 'another expert'}.`,
    );
  }

  /** Marks an answered escalation as added to the knowledge base; refuses if it is not answered or already added. */
  async markAddedToKnowledgeBase(id: string, byId: string, source: string): Promise<Outcome<Escalation>> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<Row>('select * from knowledge_escalations where id = $1 for update', [id]);
      const refusal = refuseToAdd(row && { status: row.status, kbSource: row.kb_source ?? undefined });
      if (refusal) return refusal;
      const [updated] = await tx.query<Row>(
        'update knowledge_escalations set kb_source = $2, added_to_kb_by = $3, added_to_kb_at = now() where id = $1 returning *',
        [id, source, byId],
      );
      return ok(fromRow(updated));
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
