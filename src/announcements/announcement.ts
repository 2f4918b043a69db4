import type { AnnouncementInput } from './announcement-input';

export type AnnouncementStatus = 'draft' | 'scheduled' | 'sending' | 'completed' | 'cancelled';

/** A job's state: queued → claimed (leased, waiting for its pacing slot) → sending → sent | failed | unreachable | cancelled. */
export type DeliveryStatus = 'queued' | 'claimed' | 'sending' | 'sent' | 'failed' | 'unreachable' | 'cancelled';

/** A stored announcement: what the author wrote plus where it is in its life. */
export interface Announcement extends AnnouncementInput {
  id: number;
  authorId: string;
  authorName: string;
  authorUserId?: string;
  authorConversationId?: string;
  source: 'teams' | 'api';
  status: AnnouncementStatus;
  version: number;
  scheduledAt?: Date;
  recipientCount?: number;
  mutedCount?: number;
  statusConversationId?: string;
  statusActivityId?: string;
  createdAt: Date;
  updatedAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  cancelledAt?: Date;
}

/** Progress of a send, as shown on the status card and returned by GET /api/announcements/:id. */
export interface DeliveryCounts {
  total: number;
  queued: number;
  retrying: number;
  inFlight: number;
  sent: number;
  failed: number;
  unreachable: number;
  cancelled: number;
  possiblySent: number;
  acknowledged: number;
}

/** One recipient's delivery, for the CSV export. */
export interface DeliveryRow {
  recipient: string;
  kind: 'personal' | 'channel';
  aadObjectId?: string;
  conversationId?: string;
  teamId?: string;
  status: DeliveryStatus;
  attempts: number;
  possiblySentTwice: boolean;
  lastHttpStatus?: number;
  lastError?: string;
  sentAt?: string;
  acknowledgedAt?: string;
}

export type { AnnouncementInput };

/** The AnnouncementInput part of an announcement (what the form edits and the API posts). */
export function inputOf(a: Announcement): AnnouncementInput {
  return {
    title: a.title,
    body: a.body,
    imageUrl: a.imageUrl,
    links: a.links,
    category: a.category,
    audience: a.audience,
    requiresAck: a.requiresAck,
  };
}
