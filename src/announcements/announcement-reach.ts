import type { Queryable } from '../store/database';

/** How far recent announcements reached: recipients, deliveries, acknowledgements (for the ones that ask for them). */
export interface AnnouncementReach {
  id: number;
  title: string;
  category: string;
  sentAt?: string;
  recipients: number;
  delivered: number;
  requiresAck: boolean;
  acknowledged: number;
}

/** The latest `limit` announcements that started sending, newest first. */
export async function announcementReach(db: Queryable, limit = 10): Promise<AnnouncementReach[]> {
  const rows = await db.query<{
    id: unknown;
    title: string;
    category: string;
    started_at: Date | string | null;
    recipients: unknown;
    delivered: unknown;
    requires_ack: boolean;
    acks: unknown;
  }>(
    `select a.id, a.title, a.category, a.started_at, a.requires_ack,
            (select count(*) from announcement_deliveries d where d.announcement_id = a.id) as recipients,
            (select count(*) from announcement_deliveries d where d.announcement_id = a.id and d.status = 'sent') as delivered,
            (select count(*) from announcement_acks k where k.announcement_id = a.id) as acks
       from announcements a where a.status in ('sending', 'completed') order by coalesce(a.started_at, a.created_at) desc, a.id desc limit $1`,
    [Math.max(1, Math.min(100, limit))],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    category: r.category,
    sentAt: r.started_at ? new Date(r.started_at).toISOString() : undefined,
    recipients: Number(r.recipients),
    delivered: Number(r.delivered),
    requiresAck: r.requires_ack,
    acknowledged: Number(r.acks),
  }));
}
