import type { Queryable } from '../../store/database';
import type { Severity } from './incident-rules';

/** The blameless post-mortem of an incident. */
export interface PostMortem {
  summary: string;
  timeline?: string;
  rootCauses: string;
  wentWell?: string;
  actions?: string;
  lessons: string;
}

/** A reported AI incident. */
export interface Incident {
  id: number;
  code: string;
  useCaseId?: number;
  useCaseCode?: string;
  useCaseOwnerId?: string;
  reporterId: string;
  reporterName: string;
  severity: Severity;
  summary: string;
  status: 'reported' | 'contained' | 'resolved' | 'closed';
  notified: string[];
  postMortem?: PostMortem;
  postMortemDueAt?: string;
  lessonsSource?: string;
  reportedAt: string;
}

interface Row {
  id: number | string;
  code: string;
  use_case_id: number | string | null;
  uc_code: string | null;
  uc_owner: string | null;
  reporter_id: string;
  reporter_name: string;
  severity: number;
  summary: string;
  status: Incident['status'];
  notified: string[];
  postmortem: PostMortem | string | null;
  postmortem_due_at: Date | string | null;
  lessons_source: string | null;
  reported_at: Date | string;
}

function fromRow(r: Row): Incident {
  return {
    id: Number(r.id),
    code: r.code,
    useCaseId: r.use_case_id === null ? undefined : Number(r.use_case_id),
    useCaseCode: r.uc_code ?? undefined,
    useCaseOwnerId: r.uc_owner ?? undefined,
    reporterId: r.reporter_id,
    reporterName: r.reporter_name,
    severity: r.severity as Severity,
    summary: r.summary,
    status: r.status,
    notified: r.notified,
    postMortem:
      r.postmortem === null
        ? undefined
        : typeof r.postmortem === 'string'
          ? (JSON.parse(r.postmortem) as PostMortem)
          : r.postmortem,
    postMortemDueAt: r.postmortem_due_at ? new Date(r.postmortem_due_at).toISOString() : undefined,
    lessonsSource: r.lessons_source ?? undefined,
    reportedAt: new Date(r.reported_at).toISOString(),
  };
}

/** A new incident as stored. */
export interface NewIncident {
  useCaseId?: number;
  reporterId: string;
  reporterName: string;
  severity: Severity;
  summary: string;
  notifyWithinMinutes: number;
  notified: string[];
  postMortemDueAt?: Date;
  idempotencyKey: string;
  at: Date;
}

/** Storage of AI incidents (ai_incidents), with the linked use case's code and owner. */
export class IncidentRepository {
  constructor(private readonly db: Queryable) {}

  async get(id: number, tx: Queryable = this.db): Promise<Incident | undefined> {
    const [row] = await tx.query<Row>(
      `select i.*, u.code as uc_code, u.submitter_id as uc_owner from ai_incidents i left join use_cases u on u.id = i.use_case_id where i.id = $1`,
      [id],
    );
    return row ? fromRow(row) : undefined;
  }

  /** The incident a report form already created (its idempotency key), if any. */
  async idForKey(key: string, tx: Queryable): Promise<number | undefined> {
    const [row] = await tx.query<{ id: number | string }>('select id from ai_incidents where idempotency_key = $1', [
      key,
    ]);
    return row ? Number(row.id) : undefined;
  }

  /** Stores a new incident with the next id and its code (INC-0042); returns both. */
  async create(incident: NewIncident, tx: Queryable): Promise<{ id: number; code: string }> {
    const [{ n }] = await tx.query<{ n: number | string }>(
      `select nextval(pg_get_serial_sequence('ai_incidents', 'id')) as n`,
    );
    const id = Number(n);
    const code = `INC-${String(id).padStart(4, '0')}`;
    await tx.query(
      `insert into ai_incidents (id, code, use_case_id, reporter_id, reporter_name, severity, summary, notify_within_minutes, notified, postmortem_due_at, idempotency_key, reported_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
      [
        id,
        code,
        incident.useCaseId ?? null,
        incident.reporterId,
        incident.reporterName,
        incident.severity,
        incident.summary,
        incident.notifyWithinMinutes,
        incident.notified,
        incident.postMortemDueAt ?? null,
        incident.idempotencyKey,
        incident.at,
      ],
    );
    return { id, code };
  }

  /** Saves the post-mortem once (the incident is then resolved); false when one was already saved. */
  async savePostMortem(id: number, postMortem: PostMortem, at: Date, tx: Queryable): Promise<boolean> {
    const rows = await tx.query(
      `update ai_incidents set postmortem = $2, status = 'resolved', updated_at = $3 where id = $1 and postmortem is null returning id`,
      [id, JSON.stringify(postMortem), at],
    );
    return rows.length > 0;
  }

  /** Notes where the post-mortem's lessons were added to the knowledge base. */
  async markLessonsPublished(id: number, source: string, at: Date): Promise<void> {
    await this.db.query(`update ai_incidents set lessons_source = $2, updated_at = $3 where id = $1`, [id, source, at]);
  }
}
