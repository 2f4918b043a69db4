import type { AdaptiveCard } from '../cards/card-kit';
import { toCsv } from '../store/csv';
import type { Actor } from '../directory/actor';
import type { Announcement, DeliveryCounts } from './announcement';
import { type AnnouncementAccess, API_ACTOR } from './announcement-access';
import { ok, type Outcome, refuse } from '../runtime/outcome';
import type { AnnouncementRepository } from './announcement-repository';
import type { AudienceResolver } from './audience-resolver';
import type { DeliveryMessage } from './delivery-transport';
import { statusCard } from './status-card';

const CSV_COLUMNS = [
  'recipient',
  'kind',
  'aadObjectId',
  'conversationId',
  'teamId',
  'status',
  'attempts',
  'possiblySentTwice',
  'lastHttpStatus',
  'lastError',
  'sentAt',
  'acknowledgedAt',
];

/** After the send: progress and the status card, the per-recipient CSV, and recipients' acknowledgements. */
export class DeliveryReports {
  constructor(
    private readonly deps: { repo: AnnouncementRepository; access: AnnouncementAccess; audience: AudienceResolver },
  ) {}

  /** Progress of a send, for its author or a CoE admin. */
  async status(actor: Actor, id: number): Promise<Outcome<{ announcement: Announcement; counts: DeliveryCounts }>> {
    const a = await this.deps.access.owned(actor, id);
    if (!a.ok) return a;
    return ok({ announcement: a.value, counts: await this.deps.repo.counts(id) });
  }

  /** The status card of `a` as `viewer` sees it: the operations counters only for CoE admins. */
  async card(a: Announcement, counts: DeliveryCounts, viewer: string | undefined): Promise<AdaptiveCard> {
    return statusCard(a, counts, {
      audienceLabel: await this.deps.audience.label(a),
      updatedAt: new Date(),
      showOperations: this.deps.access.isAdmin(viewer),
    });
  }

  /** The status card of a send for its author or a CoE admin. */
  async statusCard(actor: Actor, id: number): Promise<Outcome<AdaptiveCard>> {
    const s = await this.status(actor, id);
    return s.ok ? ok(await this.card(s.value.announcement, s.value.counts, actor.aadObjectId)) : s;
  }

  /** The author's status message for the current progress (the worker updates it in place). */
  async statusMessage(a: Announcement, counts: DeliveryCounts): Promise<DeliveryMessage> {
    const card = await this.card(a, counts, a.authorId);
    return { card, summary: String(card.fallbackText ?? `Announcement #${a.id}`) };
  }

  /** Per-recipient delivery data as CSV, for its author or a CoE admin (the export itself is audited). */
  async exportCsv(actor: Actor, id: number): Promise<Outcome<{ fileName: string; csv: string; rows: number }>> {
    const a = await this.deps.access.owned(actor, id);
    if (!a.ok) return a;
    const result = await this.deliveriesCsv(id);
    await this.deps.access.record(a.value, actor, 'deliveries-exported', { rows: result.rows });
    return ok(result);
  }

  /** Per-recipient CSV of one announcement (callers check access). */
  async deliveriesCsv(id: number): Promise<{ fileName: string; csv: string; rows: number }> {
    const rows = await this.deps.repo.deliveryRows(id);
    const csv = toCsv(rows as unknown as Array<Record<string, unknown>>, CSV_COLUMNS);
    return { fileName: `announcement-${id}-deliveries.csv`, csv, rows: rows.length };
  }

  /** Status of any announcement for the API (the bearer token stands for CoE staff). */
  async apiStatus(id: number): Promise<Outcome<{ announcement: Announcement; counts: DeliveryCounts }>> {
    const a = await this.deps.repo.get(id);
    if (!a) return refuse('not-found', `There is no announcement #${id}.`);
    return ok({ announcement: a, counts: await this.deps.repo.counts(id) });
  }

  /** Per-recipient CSV for the API (the export is audited like one from Teams). */
  async apiExportCsv(id: number): Promise<{ fileName: string; csv: string; rows: number }> {
    const result = await this.deliveriesCsv(id);
    await this.deps.access.record({ id }, API_ACTOR, 'deliveries-exported', { via: 'api', rows: result.rows });
    return result;
  }

  /** Records a recipient's acknowledgement, once; only people (or channels) the announcement was delivered to can acknowledge. */
  async acknowledge(
    actor: Actor,
    id: number,
  ): Promise<Outcome<{ announcement: Announcement; at: Date; firstTime: boolean }>> {
    if (!actor.aadObjectId)
      return refuse('forbidden', 'I could not tell who you are, so I could not record your acknowledgement.');
    const a = await this.deps.repo.get(id);
    if (!a || !a.requiresAck || a.status === 'draft' || a.status === 'scheduled')
      return refuse('not-found', 'This announcement does not ask for an acknowledgement.');
    if (!(await this.deps.repo.wasDeliveredTo(id, actor.aadObjectId, actor.conversationId)))
      return refuse('forbidden', 'This announcement was not sent to you, so there is nothing to acknowledge.');
    const recorded = await this.deps.repo.acknowledge(id, actor.aadObjectId, actor.name);
    return ok({ announcement: a, ...recorded });
  }
}
