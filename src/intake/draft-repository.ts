import type { Queryable } from '../store/database';
import type { WizardAnswers } from './use-case';
import type { StepId } from './wizard-steps';

/** A wizard draft: open until submitted; `useCaseId` is set when it edits a submitted use case. */
export interface Draft {
  id: number;
  ownerId: string;
  useCaseId?: number;
  step: StepId;
  answers: WizardAnswers;
  version: number;
  submittedUseCaseId?: number;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: number | string;
  owner_id: string;
  use_case_id: number | string | null;
  step: StepId;
  answers: WizardAnswers;
  version: number;
  submitted_use_case_id: number | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

function fromRow(r: Row): Draft {
  return {
    id: Number(r.id),
    ownerId: r.owner_id,
    useCaseId: r.use_case_id === null ? undefined : Number(r.use_case_id),
    step: r.step,
    answers: r.answers ?? {},
    version: r.version,
    submittedUseCaseId: r.submitted_use_case_id === null ? undefined : Number(r.submitted_use_case_id),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** Storage of wizard drafts (`use_case_drafts`); every change bumps `version` so stale cards are detected. */
export class DraftRepository {
  constructor(private readonly db: Queryable) {}

  /** Creates an open draft; when the owner (or the edited use case) already has one, returns that one and `created: false`. */
  async create(
    input: { ownerId: string; useCaseId?: number; step: StepId; answers: WizardAnswers },
    tx: Queryable = this.db,
  ): Promise<{ draft: Draft; created: boolean }> {
    const rows = await tx.query<Row>(
      `insert into use_case_drafts (owner_id, use_case_id, step, answers) values ($1, $2, $3, $4) on conflict do nothing returning *`,
      [input.ownerId, input.useCaseId ?? null, input.step, input.answers],
    );
    if (rows[0]) return { draft: fromRow(rows[0]), created: true };
    const existing =
      input.useCaseId === undefined
        ? await this.openNewFor(input.ownerId, tx)
        : await this.openEditOf(input.useCaseId, tx);
    if (!existing) throw new Error('A draft could not be created and no open draft exists.');
    return { draft: existing, created: false };
  }

  async get(id: number, tx: Queryable = this.db): Promise<Draft | undefined> {
    const rows = await tx.query<Row>('select * from use_case_drafts where id = $1', [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Loads and row-locks a draft inside a transaction. */
  async getForUpdate(id: number, tx: Queryable): Promise<Draft | undefined> {
    const rows = await tx.query<Row>('select * from use_case_drafts where id = $1 for update', [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** The owner's open draft for a new submission. */
  async openNewFor(ownerId: string, tx: Queryable = this.db): Promise<Draft | undefined> {
    const rows = await tx.query<Row>(
      'select * from use_case_drafts where owner_id = $1 and use_case_id is null and submitted_use_case_id is null',
      [ownerId],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** The open edit draft of a submitted use case. */
  async openEditOf(useCaseId: number, tx: Queryable = this.db): Promise<Draft | undefined> {
    const rows = await tx.query<Row>(
      'select * from use_case_drafts where use_case_id = $1 and submitted_use_case_id is null',
      [useCaseId],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** The owner's open drafts (new and edits), most recently changed first. */
  async openFor(ownerId: string, tx: Queryable = this.db): Promise<Draft[]> {
    const rows = await tx.query<Row>(
      'select * from use_case_drafts where owner_id = $1 and submitted_use_case_id is null order by updated_at desc, id desc',
      [ownerId],
    );
    return rows.map(fromRow);
  }

  /** Saves answers and the current step when the stored version is still `expectedVersion`; undefined if stale. */
  async update(
    id: number,
    expectedVersion: number,
    change: { step: StepId; answers: WizardAnswers },
    tx: Queryable = this.db,
  ): Promise<Draft | undefined> {
    const rows = await tx.query<Row>(
      `update use_case_drafts set step = $3, answers = $4, version = version + 1, updated_at = now()
       where id = $1 and version = $2 and submitted_use_case_id is null returning *`,
      [id, expectedVersion, change.step, change.answers],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Closes a draft as submitted (its version stays, so a retried submit of that version is recognised). */
  async markSubmitted(
    id: number,
    expectedVersion: number,
    useCaseId: number,
    tx: Queryable = this.db,
  ): Promise<boolean> {
    const rows = await tx.query<Row>(
      `update use_case_drafts set submitted_use_case_id = $3, updated_at = now() where id = $1 and version = $2 and submitted_use_case_id is null returning *`,
      [id, expectedVersion, useCaseId],
    );
    return rows.length === 1;
  }

  /** Deletes an open draft at `expectedVersion`; false if it changed or is gone. */
  async discard(id: number, expectedVersion: number, tx: Queryable = this.db): Promise<boolean> {
    const rows = await tx.query<Row>(
      'delete from use_case_drafts where id = $1 and version = $2 and submitted_use_case_id is null returning *',
      [id, expectedVersion],
    );
    return rows.length === 1;
  }

  /** Deletes the open edit draft of a use case (after a withdrawal). */
  async discardEditOf(useCaseId: number, tx: Queryable = this.db): Promise<void> {
    await tx.query('delete from use_case_drafts where use_case_id = $1 and submitted_use_case_id is null', [useCaseId]);
  }
}
