import type { Logger } from '../observability/logger';
import type { ConversationDirectory } from '../store/conversation-directory';
import type { Database } from '../store/database';
import type { AnnouncementService } from './announcement-service';
import type { AnnouncementSettings } from './announcement-settings-schema';
import { DeliveryQueue } from './delivery-queue';
import type { DeliveryTransport } from './delivery-transport';
import { DeliveryWorker } from './delivery-worker';
import { type DeliveryWorkerOptions, workerOptionsFrom } from './worker-options';
import { ProgressTracker } from './progress-tracker';

/**
 * Wires the delivery engine: queue, progress tracker and worker over `transport`, woken whenever `service`
 * queues a send in this process. The caller starts and stops the returned worker.
 */
export function createAnnouncementDelivery(options: {
  db: Database;
  service: AnnouncementService;
  conversations: ConversationDirectory;
  transport: DeliveryTransport;
  logger: Logger;
  settings?: AnnouncementSettings;
  overrides?: Partial<DeliveryWorkerOptions>;
}): DeliveryWorker {
  const { db, service, transport } = options;
  const logger = options.logger.child({ component: 'announcement-delivery' });
  const workerOptions = workerOptionsFrom(options.settings ?? service.settings, options.overrides);
  const queue = new DeliveryQueue(db);
  const tracker = new ProgressTracker(
    {
      repo: service.repo,
      statusMessage: (a, counts) => service.reports.statusMessage(a, counts),
      queue,
      transport,
      logger,
      onCompleted: (a, counts) => service.recordCompleted(a, counts),
    },
    { statusUpdateMs: workerOptions.statusUpdateMs, messagesPerSecond: workerOptions.messagesPerSecond },
  );
  const worker = new DeliveryWorker(
    { queue, repo: service.repo, transport, conversations: options.conversations, tracker, scheduler: service, logger },
    workerOptions,
  );
  service.onQueued(() => worker.wake());
  return worker;
}
