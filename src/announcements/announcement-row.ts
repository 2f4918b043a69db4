import type { Announcement, AnnouncementStatus } from './announcement';
import type { AnnouncementInput } from './announcement-input';

/** One row of the announcements table as the drivers return it. */
export interface Row {
  id: number;
  author_id: string;
  author_name: string;
  author_user_id: string | null;
  author_conversation_id: string | null;
  source: 'teams' | 'api';
  title: string;
  body: string;
  image_url: string | null;
  links: Array<{ title: string; url: string }>;
  category: string;
  audience: AnnouncementInput['audience'];
  requires_ack: boolean;
  status: AnnouncementStatus;
  version: number;
  scheduled_at: Date | null;
  recipient_count: number | null;
  muted_count: number | null;
  status_conversation_id: string | null;
  status_activity_id: string | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  cancelled_at: Date | null;
}

const date = (v: Date | string | null): Date | undefined => (v === null ? undefined : new Date(v));

/** The stored row as an Announcement. */
export function fromRow(r: Row): Announcement {
  return {
    id: Number(r.id),
    authorId: r.author_id,
    authorName: r.author_name,
    authorUserId: r.author_user_id ?? undefined,
    authorConversationId: r.author_conversation_id ?? undefined,
    source: r.source,
    title: r.title,
    body: r.body,
    imageUrl: r.image_url ?? undefined,
    links: r.links,
    category: r.category,
    audience: r.audience,
    requiresAck: r.requires_ack,
    status: r.status,
    version: r.version,
    scheduledAt: date(r.scheduled_at),
    recipientCount: r.recipient_count ?? undefined,
    mutedCount: r.muted_count ?? undefined,
    statusConversationId: r.status_conversation_id ?? undefined,
    statusActivityId: r.status_activity_id ?? undefined,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    startedAt: date(r.started_at),
    finishedAt: date(r.finished_at),
    cancelledAt: date(r.cancelled_at),
  };
}
