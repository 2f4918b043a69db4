import { toCsv } from './csv';
import type { Queryable } from './database';

/** One audit record: who did what to which subject, when, and why. */
export interface AuditEvent {
  id?: number;
  at?: string;
  actorId?: string;
  actorName?: string;
  subjectType: string;
  subjectId: string;
  action: string;
  comment?: string;
  details?: Record<string, unknown>;
  activityId?: string;
}

interface Row {
  id: number;
  at: Date | string;
  actor_id: string | null;
  actor_name: string | null;
  subject_type: string;
  subject_id: string;
  action: string;
  comment: string | null;
  details: Record<string, unknown>;
  activity_id: string | null;
}

/** The append-only audit trail (the table refuses updates and deletes). */
export class AuditLog {
  constructor(private readonly db: Queryable) {}

  async append(event: AuditEvent, tx: Queryable = this.db): Promise<void> {
    await tx.query(
      `insert into audit_events (actor_id, actor_name, subject_type, subject_id, action, comment, details, activity_id) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        event.actorId ?? null,
        event.actorName ?? null,
        event.subjectType,
        event.subjectId,
        event.action,
        event.comment ?? null,
        event.details ?? {},
        event.activityId ?? null,
      ],
    );
  }

  /** Whether the actor already has an `action` event on the subject whose `details[detailKey]` reads `detailValue`. */
  async hasEvent(filter: {
    subjectType: string;
    subjectId: string;
    action: string;
    actorId: string;
    detailKey: string;
    detailValue: string;
  }): Promise<boolean> {
    const rows = await this.db.query(
      `select 1 from audit_events where subject_type = $1 and subject_id = $2 and action = $3 and actor_id = $4
         and details->>$5 = $6 limit 1`,
      [filter.subjectType, filter.subjectId, filter.action, filter.actorId, filter.detailKey, filter.detailValue],
    );
    return rows.length > 0;
  }

  /** Events of one subject, or of every subject in a time range, oldest first. */
  async list(filter: { subjectType?: string; subjectId?: string; from?: Date; to?: Date }): Promise<AuditEvent[]> {
    const rows = await this.db.query<Row>(
      `select * from audit_events where ($1::text is null or subject_type = $1) and ($2::text is null or subject_id = $2)
         and ($3::timestamptz is null or at >= $3) and ($4::timestamptz is null or at < $4) order by at, id`,
      [filter.subjectType ?? null, filter.subjectId ?? null, filter.from ?? null, filter.to ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actorId: r.actor_id ?? undefined,
      actorName: r.actor_name ?? undefined,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      action: r.action,
      comment: r.comment ?? undefined,
      details: r.details,
      activityId: r.activity_id ?? undefined,
    }));
  }
}

/** Renders audit events as CSV for admins' exports. */
export function auditToCsv(events: AuditEvent[]): string {
  return toCsv(events as unknown as Array<Record<string, unknown>>, [
    'at',
    'actorId',
    'actorName',
    'subjectType',
    'subjectId',
    'action',
    'comment',
    'activityId',
    'details',
  ]);
}
