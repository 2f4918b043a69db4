/**
 * Runs `work` every `intervalMs` (0 turns it off), never two rounds at once in one process. A failed round goes to
 * `onError` and the next round tries again; the timer does not keep the process alive.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Starts the rounds (`runNow`: the first one at once); does nothing when off or already started. */
  start(options: { runNow?: boolean } = {}): void {
    if (this.timer || this.intervalMs <= 0) return;
    const round = () => {
      if (this.running) return;
      this.running = this.work()
        .catch(this.onError)
        .finally(() => {
          this.running = undefined;
        });
    };
    if (options.runNow) round();
    this.timer = setInterval(round, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the rounds and waits for one in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
