/**
 * Command failures come by the thousand when the database is down or a flood overruns the worker,
 * and writing each one to `worker_errors` would add load to what is already failing. The first
 * failure of an interval is written at once (the status page shows it without delay); those that
 * follow within the interval are counted in memory and written as one summary when it ends.
 */
export class FailureDigest {
  private lastWrittenAt = Number.NEGATIVE_INFINITY;
  private held = 0;
  private latestHeld = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (message: string) => void,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  report(message: string): void {
    if (this.held === 0 && this.now() - this.lastWrittenAt >= this.intervalMs) {
      this.lastWrittenAt = this.now();
      this.write(message);
      return;
    }
    this.held += 1;
    this.latestHeld = message;
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastWrittenAt + this.intervalMs - this.now()));
    this.timer.unref();
  }

  /** Writes the summary of what is held now (at the interval's end, and when the worker stops). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.held === 0) return;
    const seconds = Math.round(this.intervalMs / 1000);
    this.write(`${this.held} more command failure${this.held === 1 ? '' : 's'} within ${seconds} s; the latest: ${this.latestHeld}`);
    this.held = 0;
    this.lastWrittenAt = this.now();
  }
}
