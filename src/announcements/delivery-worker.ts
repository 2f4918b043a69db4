import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger';
import type { ConversationDirectory } from '../store/conversation-directory';
import type { AnnouncementRepository } from './announcement-repository';
import { announcementCard } from './announcement-card';
import type { ClaimedJob, DeliveryQueue } from './delivery-queue';
import { type DeliveryMessage, type DeliveryTransport, TransportError } from './delivery-transport';
import type { ProgressTracker } from './progress-tracker';
import { classifyFailure } from './retry-policy';
import type { DeliveryWorkerOptions } from './worker-options';

/** Starts the announcements that are due (the service implements it). */
export interface DueScheduler {
  startDue(): Promise<number>;
}

/** How late (ms) a job may leave after its pacing slot before it must take a new slot. */
const LATE_TOLERANCE_MS = 200;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TransportError(0, undefined, `No answer from the connector within ${ms} ms.`, 'unknown')),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The delivery engine's worker: claims due jobs from the shared queue, sends each at its pacing slot, records
 * the outcome, and retries, backs off or gives up according to the retry policy. Any number of workers (in one
 * or several processes) can run against the same database.
 */
export class DeliveryWorker {
  private stopping = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private woken = false;
  private inFlight = 0;
  private nextLocalSlot = 0;
  private gateSchedule = 0;
  private departures: Promise<void> = Promise.resolve();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly sends = new Set<Promise<void>>();
  private readonly messages = new Map<string, Promise<DeliveryMessage>>();
  private tracking?: Promise<void>;
  private lastHousekeeping = 0;
  private lastTick = 0;
  private lastPrune = 0;
  private failures = 0;

  constructor(
    private readonly deps: {
      queue: DeliveryQueue;
      repo: AnnouncementRepository;
      transport: DeliveryTransport;
      conversations: ConversationDirectory;
      tracker: ProgressTracker;
      scheduler: DueScheduler;
      logger: Logger;
    },
    readonly options: DeliveryWorkerOptions,
  ) {}

  /** Starts the worker loop (idempotent). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
    this.deps.logger.info('announcement delivery worker started', {
      workerId: this.options.workerId,
      messagesPerSecond: this.options.messagesPerSecond,
    });
  }

  /** Looks for work now instead of at the next poll (called when this process queues a send). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Stops gracefully: no new claims, jobs waiting for their slot go back to the queue, and messages already
   * on the wire get up to `timeoutMs` to finish. Never waits longer than `timeoutMs` overall.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.wakeUp?.();
    for (const t of this.timers.values()) clearTimeout(t);
    this.inFlight -= this.timers.size;
    this.timers.clear();
    const settle = async () => {
      await this.loop;
      await Promise.allSettled([...this.sends]);
      await this.tracking;
      await this.deps.queue.release(this.options.workerId);
    };
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      settle().catch((err) => this.deps.logger.warn('announcement worker did not stop cleanly', { err })),
      new Promise<void>((r) => (timer = setTimeout(r, timeoutMs))),
    ]);
    clearTimeout(timer);
    this.loop = undefined;
    this.deps.logger.info('announcement delivery worker stopped', { workerId: this.options.workerId });
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const wakeUp = () => done();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = wakeUp;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.housekeeping();
        if (this.inFlight >= this.options.maxInFlight) {
          await this.sleep(20);
          continue;
        }
        const perBatch = Math.ceil((this.options.messagesPerSecond * this.options.lookaheadMs) / 1000);
        const jobs = await this.deps.queue.claim({
          limit: Math.max(1, Math.min(perBatch, this.options.maxInFlight - this.inFlight)),
          workerId: this.options.workerId,
          claimToken: randomUUID(),
          messagesPerSecond: this.options.messagesPerSecond,
          perConversationPerSecond: this.options.perConversationPerSecond,
          leaseMs: this.options.leaseMs,
        });
        this.failures = 0;
        if (jobs.length === 0) {
          await this.idle();
          continue;
        }
        if (this.stopping) {
          await this.deps.queue.release(this.options.workerId);
          break;
        }
        this.schedule(jobs);
        await this.sleep(jobs[jobs.length - 1].sendAt - Date.now() - this.options.lookaheadMs / 4);
      } catch (err) {
        this.failures += 1;
        this.deps.logger.error('announcement delivery loop failed; retrying', { err, failures: this.failures });
        await this.sleep(Math.min(30_000, 250 * 2 ** Math.min(this.failures, 7)));
      }
    }
  }

  private async idle(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    const due = await this.deps.queue.nextDueInMs();
    await this.sleep(Math.min(this.options.pollMs, due === undefined ? this.options.pollMs : Math.max(50, due)));
    this.woken = false;
  }

  private async housekeeping(): Promise<void> {
    const now = Date.now();
    if (now - this.lastHousekeeping >= this.options.housekeepingMs) {
      this.lastHousekeeping = now;
      const reclaimed = await this.deps.queue.reclaimExpired();
      if (reclaimed.requeued)
        this.deps.logger.warn('reclaimed announcement deliveries whose lease expired', {
          ...reclaimed,
          workerId: this.options.workerId,
        });
      await this.deps.scheduler.startDue();
      if (now - this.lastPrune > 60_000) {
        this.lastPrune = now;
        await this.deps.queue.prunePacing();
      }
    }
    if (!this.tracking && now - this.lastTick >= Math.min(500, this.options.statusUpdateMs)) {
      this.lastTick = now;
      this.tracking = this.deps.tracker
        .tick()
        .catch((err) => this.deps.logger.warn('announcement progress tracking failed', { err }))
        .finally(() => {
          this.tracking = undefined;
        });
    }
  }

  /** Sets a timer per job at its slot, keeping this worker's own sends at least one interval apart. */
  private schedule(jobs: ClaimedJob[]): void {
    const interval = 1000 / this.options.messagesPerSecond;
    for (const job of jobs) {
      const at = Math.max(job.sendAt, this.nextLocalSlot);
      this.nextLocalSlot = at + interval;
      this.inFlight += 1;
      const timer = setTimeout(
        () => {
          this.timers.delete(job.id);
          const send = this.deliver(job, at).finally(() => {
            this.inFlight -= 1;
            this.sends.delete(send);
          });
          this.sends.add(send);
        },
        Math.max(0, at - Date.now()),
      );
      this.timers.set(job.id, timer);
    }
  }

  /** The card of an announcement for one kind of recipient (a channel's footer differs from a chat's), cached. */
  private message(announcementId: number, kind: ClaimedJob['recipient']['kind']): Promise<DeliveryMessage> {
    const key = `${announcementId}:${kind}`;
    let m = this.messages.get(key);
    if (!m) {
      if (this.messages.size > 50) this.messages.clear();
      m = this.deps.repo.get(announcementId).then((a) => {
        if (!a) throw new Error(`Announcement #${announcementId} no longer exists.`);
        return { card: announcementCard(a, { place: kind === 'channel' ? 'channel' : 'chat' }), summary: a.title };
      });
      m.catch(() => this.messages.delete(key));
      this.messages.set(key, m);
    }
    return m;
  }

  private async deliver(job: ClaimedJob, plannedAt: number): Promise<void> {
    const log = this.deps.logger;
    try {
      const message = await this.message(job.announcementId, job.recipient.kind);
      await this.keepSlot(plannedAt);
      const attempt = await this.deps.queue.markSending(job, this.options.leaseMs);
      if (attempt === undefined) return;
      try {
        const receipt = await withTimeout(
          this.deps.transport.send(job.recipient, message, { beforeRequest: () => this.departureGate() }),
          this.options.sendTimeoutMs,
        );
        if (!(await this.deps.queue.markSent(job, receipt))) {
          log.warn(
            'announcement delivered after its lease expired while a re-send was under way; recorded as possibly sent twice',
            { deliveryId: job.id },
          );
        }
      } catch (err) {
        await this.recordFailure(job, attempt, err);
      }
    } catch (err) {
      log.error('could not record an announcement delivery; its lease will expire and another attempt will follow', {
        deliveryId: job.id,
        err,
      });
    }
  }

  /**
   * A job whose timer fired well after its slot (the process was busy) takes a fresh slot from the global
   * pacer instead of leaving at once: catching up would send faster than the budget every instance shares.
   * Up to `LATE_TOLERANCE_MS` late is accepted, which bounds any excess over the rate to that much sending.
   */
  private async keepSlot(plannedAt: number): Promise<void> {
    if (Date.now() - plannedAt <= Math.max(LATE_TOLERANCE_MS, 4000 / this.options.messagesPerSecond)) return;
    const waitMs = await this.deps.queue.reserveSlot(this.options.messagesPerSecond);
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  }

  /**
   * Lets this worker's requests leave one at a time on a virtual schedule one interval apart (GCRA): a request
   * may leave at most half an interval early, and a worker that fell behind (a busy event loop) restarts the
   * schedule from now instead of catching up, so late timers delay messages but never turn into a burst,
   * and timer overshoot does not slowly eat into the rate.
   */
  private departureGate(): Promise<void> {
    const interval = 1000 / this.options.messagesPerSecond;
    const turn = this.departures.then(async () => {
      const wait = this.gateSchedule - interval / 2 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.gateSchedule = Math.max(this.gateSchedule, Date.now()) + interval;
    });
    this.departures = turn;
    return turn;
  }

  private async recordFailure(job: ClaimedJob, attempt: number, err: unknown): Promise<void> {
    const decision = classifyFailure(err, attempt, this.options, this.options.random);
    const httpStatus = err instanceof TransportError ? err.status : 0;
    this.deps.logger.debug('announcement delivery attempt failed', {
      deliveryId: job.id,
      attempt,
      action: decision.action,
      reason: decision.reason,
    });
    if (decision.action === 'retry') {
      await this.deps.queue.retryLater(job, decision.delayMs, {
        httpStatus,
        error: decision.reason,
        inDoubt: decision.inDoubt,
      });
      if (decision.throttled) {
        await this.deps.queue.slowDown(
          err instanceof TransportError && err.retryAfterMs ? err.retryAfterMs : this.options.defaultRetryAfterMs,
          this.options.throttleCooldownMs,
        );
        this.deps.logger.warn('the Bot Connector throttled announcements (429); slowing down', {
          deliveryId: job.id,
          retryInMs: decision.delayMs,
        });
      }
      return;
    }
    await this.deps.queue.markFinal(job, decision.action, { httpStatus, error: decision.reason });
    if (decision.action === 'unreachable' && job.recipient.conversationId) {
      await this.deps.conversations.setStatus(job.recipient.conversationId, decision.conversationStatus);
    }
  }
}
