/**
 * Admission control for the worker's database work: at most `concurrency` pieces of work run at
 * once (as many as the database pool has connections, so a started command never queues inside
 * the driver), the rest wait in this queue, in order. Deadlines start when the work starts, so
 * time spent here never counts as the database being slow. What cannot start in time, or finds the
 * queue full, is refused with ServiceBusy: an answer the client can retry, not a failure.
 */
export interface AdmissionOptions {
  /** Work running at once. */
  concurrency: number;
  /** Work waiting at most; beyond it a request is refused at once. */
  maxQueued: number;
  /** Longest wait for a turn before the request is refused. */
  maxWaitMs: number;
}

export class ServiceBusy extends Error {
  constructor(
    readonly reason: 'queue-full' | 'waited-too-long',
    detail: string,
  ) {
    super(detail);
    this.name = 'ServiceBusy';
  }
}

interface Waiter {
  start(): void;
  timer: NodeJS.Timeout;
}

export class Admission {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly options: AdmissionOptions) {
    if (options.concurrency < 1) throw new Error('admission needs a concurrency of at least 1');
  }

  /** Work running now and work waiting for a turn (status and tests). */
  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.turn();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private turn(): Promise<void> {
    if (this.running < this.options.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.maxQueued) {
      return Promise.reject(new ServiceBusy('queue-full', `${this.options.maxQueued} requests are already waiting`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: resolve,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(new ServiceBusy('waited-too-long', `no turn within ${this.options.maxWaitMs} ms`));
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  /** The finished work's slot passes straight to the longest waiter, so `running` stays at the bound. */
  private release(): void {
    const next = this.waiting.shift();
    if (!next) {
      this.running -= 1;
      return;
    }
    clearTimeout(next.timer);
    next.start();
  }
}
