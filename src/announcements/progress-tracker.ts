import type { Logger } from '../observability/logger';
import type { Announcement, DeliveryCounts } from './announcement';
import type { AnnouncementRepository } from './announcement-repository';
import type { DeliveryQueue } from './delivery-queue';
import type { DeliveryMessage, DeliveryTransport } from './delivery-transport';

/** Whether two snapshots of progress differ (the status card is only updated when something changed). */
function sameCounts(a: DeliveryCounts | null, b: DeliveryCounts): boolean {
  return a !== null && (Object.keys(b) as Array<keyof DeliveryCounts>).every((k) => a[k] === b[k]);
}

/**
 * Finishes sends that have nothing left to do and keeps each author's status card current: at most one update
 * per `statusUpdateMs` (across all instances), only when the counts changed, and always a final one.
 */
export class ProgressTracker {
  constructor(
    private readonly deps: {
      repo: AnnouncementRepository;
      /** The author's status message for the current progress. */
      statusMessage: (a: Announcement, counts: DeliveryCounts) => Promise<DeliveryMessage>;
      queue: DeliveryQueue;
      transport: DeliveryTransport;
      logger: Logger;
      onCompleted?: (a: Announcement, counts: DeliveryCounts) => Promise<void>;
    },
    private readonly options: { statusUpdateMs: number; messagesPerSecond: number },
  ) {}

  /** One pass over the sends in progress. */
  async tick(): Promise<void> {
    for (const listed of await this.deps.repo.needingStatusCard()) {
      let a = listed;
      if (a.status === 'sending') {
        if (!(await this.deps.repo.completeIfDone(a.id))) {
          await this.post(a, false);
          continue;
        }
        a = (await this.deps.repo.get(a.id)) ?? a;
        const counts = await this.deps.repo.counts(a.id);
        this.deps.logger.info('announcement send completed', { announcementId: a.id, ...counts });
        await this.deps.onCompleted?.(a, counts);
      }
      await this.post(a, true);
    }
  }

  private async post(a: Announcement, final: boolean): Promise<void> {
    if (!a.statusConversationId || !a.statusActivityId) return;
    const turn = await this.deps.repo.takeStatusCardTurn(a.id, this.options.statusUpdateMs, final);
    if (!turn) return;
    const counts = await this.deps.repo.counts(a.id);
    if (!final && sameCounts(turn.lastCounts, counts)) return;
    try {
      const waitMs = await this.deps.queue.reserveSlot(this.options.messagesPerSecond);
      if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
      await this.deps.transport.update(
        a.statusConversationId,
        a.statusActivityId,
        await this.deps.statusMessage(a, counts),
      );
      await this.deps.repo.saveStatusCardCounts(a.id, counts, final);
    } catch (err) {
      this.deps.logger.warn('could not update the announcement status card', { announcementId: a.id, err });
      if (final) await this.deps.repo.saveStatusCardCounts(a.id, undefined, false);
    }
  }
}
