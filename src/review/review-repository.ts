import type { Queryable } from '../store/database';
import type { CardRef } from './review-notifier';
import type { ReviewPerson, ReviewState } from './review-types';

interface ReviewRow {
  id: number | string;
  status: ReviewState['status'];
  version: number;
  state: ReviewState;
}

interface CardRow {
  id: number | string;
  review_id: number | string;
  conversation_id: string;
  activity_id: string;
  recipient_id: string | null;
  mentions: ReviewPerson[];
}

interface TimerRow {
  id: number | string;
  review_id: number | string;
  stage_id: string;
  kind: ReviewTimer['kind'];
  activation: number;
  due_at: Date | string;
}

/** A copy of a review card that was sent somewhere; `recipientId` is set for personal chats. */
export interface StoredCard extends CardRef {
  id: number;
  reviewId: number;
  recipientId?: string;
}

/** A reminder or escalation due for one activation of a stage. */
export interface ReviewTimer {
  id: number;
  reviewId: number;
  stageId: string;
  kind: 'reminder' | 'escalation';
  activation: number;
  dueAt: string;
}

function fromRow(r: ReviewRow): ReviewState {
  return { ...r.state, id: Number(r.id), status: r.status, version: r.version };
}

/** Storage of reviews, their sent card copies and their timers. Every state change is guarded by the review version. */
export class ReviewRepository {
  constructor(private readonly db: Queryable) {}

  /** Stores a new review once per use case; undefined when the use case already has one. */
  async insert(state: ReviewState, pendingIds: string[], tx: Queryable = this.db): Promise<ReviewState | undefined> {
    const rows = await tx.query<ReviewRow>(
      `insert into reviews (use_case_id, use_case_code, submitter_id, status, version, state, pending_approver_ids)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (use_case_id) do nothing returning id, status, version, state`,
      [state.useCaseId, state.useCaseCode, state.submitterId, state.status, state.version, state, pendingIds],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async get(id: number, tx: Queryable = this.db): Promise<ReviewState | undefined> {
    const rows = await tx.query<ReviewRow>('select id, status, version, state from reviews where id = $1', [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Loads and row-locks a review inside a transaction. */
  async getForUpdate(id: number, tx: Queryable): Promise<ReviewState | undefined> {
    const rows = await tx.query<ReviewRow>('select id, status, version, state from reviews where id = $1 for update', [
      id,
    ]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async getByUseCase(useCaseId: number, tx: Queryable = this.db, forUpdate = false): Promise<ReviewState | undefined> {
    const rows = await tx.query<ReviewRow>(
      `select id, status, version, state from reviews where use_case_id = $1${forUpdate ? ' for update' : ''}`,
      [useCaseId],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Writes the next state when the stored version is still `expectedVersion`; false when another change came first. */
  async save(
    state: ReviewState,
    expectedVersion: number,
    pendingIds: string[],
    tx: Queryable = this.db,
  ): Promise<boolean> {
    const rows = await tx.query(
      `update reviews set status = $2, version = $3, state = $4, pending_approver_ids = $5, updated_at = now() where id = $1 and version = $6 returning id`,
      [state.id, state.status, state.version, state, pendingIds, expectedVersion],
    );
    return rows.length === 1;
  }

  /** Open reviews in which the person has a decision to make. */
  async listPendingFor(personId: string): Promise<ReviewState[]> {
    const rows = await this.db.query<ReviewRow>(
      `select id, status, version, state from reviews where status = 'in-review' and $1 = any(pending_approver_ids) order by id`,
      [personId],
    );
    return rows.map(fromRow);
  }

  /** Remembers a sent copy of the review card so every copy can be updated after each decision. */
  async addCard(
    reviewId: number,
    ref: CardRef,
    recipientId: string | undefined,
    renderedVersion: number,
  ): Promise<void> {
    await this.db.query(
      `insert into review_cards (review_id, conversation_id, activity_id, recipient_id, mentions, rendered_version) values ($1, $2, $3, $4, $5, $6)
       on conflict (conversation_id, activity_id) do nothing`,
      [
        reviewId,
        ref.conversationId,
        ref.activityId,
        recipientId ?? null,
        JSON.stringify(ref.mentions ?? []),
        renderedVersion,
      ],
    );
  }

  async cards(reviewId: number): Promise<StoredCard[]> {
    const rows = await this.db.query<CardRow>('select * from review_cards where review_id = $1 order by id', [
      reviewId,
    ]);
    return rows.map((r) => ({
      id: Number(r.id),
      reviewId: Number(r.review_id),
      conversationId: r.conversation_id,
      activityId: r.activity_id,
      recipientId: r.recipient_id ?? undefined,
      mentions: r.mentions.length ? r.mentions : undefined,
    }));
  }

  /** Claims the right to show `version` on a card copy; false when a newer version was already rendered there (several instances). */
  async claimRender(cardId: number, version: number): Promise<boolean> {
    const rows = await this.db.query(
      'update review_cards set rendered_version = $2 where id = $1 and rendered_version < $2 returning id',
      [cardId, version],
    );
    return rows.length === 1;
  }

  /** Schedules timers; a timer that already exists for the same stage activation is kept as it is. */
  async addTimers(timers: Array<Omit<ReviewTimer, 'id'>>, tx: Queryable = this.db): Promise<void> {
    for (const t of timers) {
      await tx.query(
        `insert into review_timers (review_id, stage_id, kind, activation, due_at) values ($1, $2, $3, $4, $5) on conflict (review_id, stage_id, kind, activation) do nothing`,
        [t.reviewId, t.stageId, t.kind, t.activation, t.dueAt],
      );
    }
  }

  /** Locks the oldest due timer that no other instance holds (`for update skip locked`); undefined when none is due. */
  async claimDueTimer(now: Date, tx: Queryable): Promise<ReviewTimer | undefined> {
    const rows = await tx.query<TimerRow>(
      `select * from review_timers where fired_at is null and due_at <= $1 order by due_at, id limit 1 for update skip locked`,
      [now],
    );
    const r = rows[0];
    return r
      ? {
          id: Number(r.id),
          reviewId: Number(r.review_id),
          stageId: r.stage_id,
          kind: r.kind,
          activation: r.activation,
          dueAt: new Date(r.due_at).toISOString(),
        }
      : undefined;
  }

  /** Marks a claimed timer as handled, with what came of it (sent, skipped because the stage moved on, ...). */
  async finishTimer(id: number, now: Date, outcome: string, tx: Queryable): Promise<void> {
    await tx.query('update review_timers set fired_at = $2, outcome = $3 where id = $1', [id, now, outcome]);
  }

  /** Timers of a review, for tests and diagnostics. */
  async timers(reviewId: number): Promise<Array<ReviewTimer & { firedAt?: string; outcome?: string }>> {
    const rows = await this.db.query<TimerRow & { fired_at: Date | string | null; outcome: string | null }>(
      'select * from review_timers where review_id = $1 order by due_at, id',
      [reviewId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      reviewId: Number(r.review_id),
      stageId: r.stage_id,
      kind: r.kind,
      activation: r.activation,
      dueAt: new Date(r.due_at).toISOString(),
      firedAt: r.fired_at ? new Date(r.fired_at).toISOString() : undefined,
      outcome: r.outcome ?? undefined,
    }));
  }
}
