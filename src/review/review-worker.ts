import type { Logger } from '../observability/logger';
import { PeriodicTask } from '../runtime/periodic-task';

/** What the worker drives: handling one due timer at a time (ReviewService implements it). */
export interface DueTimerHandler {
  fireNextDueTimer(now: Date): Promise<boolean>;
  /** Routes submissions that never reached review; returns how many it found. */
  routeStranded?(now: Date): Promise<number>;
  /** Carries out the follow-up (cards, notices) of committed changes whose process died or failed before finishing it. */
  runPendingEffects?(now: Date): Promise<number>;
}

/**
 * The reminder and escalation loop, which also finishes follow-up work that a crashed or failing process left in the
 * outbox. Timers live in the database, so they survive restarts, and each is claimed by one instance only. `tick(now)` handles everything due at `now` (tests call it with their own clock); `start()` runs it
 * every `intervalMs`, never two ticks at once in one process.
 */
export class ReviewWorker {
  private readonly loop: PeriodicTask;

  constructor(
    private readonly handler: DueTimerHandler,
    intervalMs: number,
    logger: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly maxPerTick = 200,
  ) {
    this.loop = new PeriodicTask(
      () => this.tick(),
      intervalMs,
      (err) => logger.error('the review reminder worker failed; it will try again on the next tick', { err }),
    );
  }

  /** Handles every timer due at `now` (at most `maxPerTick`); returns how many were handled. */
  async tick(now: Date = this.clock()): Promise<number> {
    let handled = (await this.handler.routeStranded?.(now)) ?? 0;
    handled += (await this.handler.runPendingEffects?.(now)) ?? 0;
    while (handled < this.maxPerTick && (await this.handler.fireNextDueTimer(now))) handled += 1;
    return handled;
  }

  /** Starts the loop; does nothing when the interval is 0 (turned off) or the loop already runs. */
  start(): void {
    this.loop.start();
  }

  /** Stops the loop and waits for a tick in progress to finish. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
