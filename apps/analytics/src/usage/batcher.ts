interface Entry<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Collects items and flushes them together: when `maxSize` are waiting or `maxWaitMs` after the
 * first one. `addAll` settles when its items' flushes have, with each item's error, so the caller (a
 * BullMQ job) is acknowledged only after the commit. At most `maxInflight` flushes run at once: a burst
 * waits its turn in memory instead of queueing statements the pool cannot start.
 * When a batch fails with an error `isolate` recognises (one item's bad data), its items are retried
 * one by one, so only the bad item fails and the others are not held hostage by it.
 */
export class Batcher<T> {
  private pending: Array<Entry<T>> = [];
  private timer: NodeJS.Timeout | null = null;
  private inflight = new Set<Promise<void>>();

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<void>,
    private readonly maxSize: number,
    private readonly maxWaitMs: number,
    private readonly maxInflight = 2,
    private readonly isolate: (error: unknown) => boolean = () => false,
  ) {}

  /**
   * Adds items (a job's events) with one promise for all of them, not one per item: it resolves once every
   * item's batch has settled, with each item's error, or undefined where it was written.
   */
  addAll(items: T[]): Promise<Array<Error | undefined>> {
    return new Promise((resolve) => {
      const errors = new Array<Error | undefined>(items.length).fill(undefined);
      let left = items.length;
      if (!left) return resolve(errors);
      const settled = () => {
        left -= 1;
        if (!left) resolve(errors);
      };
      items.forEach((item, index) => {
        const reject = (error: unknown) => {
          errors[index] = error instanceof Error ? error : new Error(String(error));
          settled();
        };
        this.pending.push({ item, resolve: settled, reject });
      });
      this.schedule();
    });
  }

  /** Flushes what is waiting now and waits for every flush still running. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inflight]);
  }

  private async flushOneByOne(batch: Array<Entry<T>>): Promise<void> {
    for (const entry of batch) await this.flushBatch([entry.item]).then(entry.resolve, entry.reject);
  }

  private schedule(): void {
    if (this.pending.length >= this.maxSize) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.maxWaitMs);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.pending.length && this.inflight.size < this.maxInflight) {
      const batch = this.pending.splice(0, this.maxSize);
      const run = this.flushBatch(batch.map((entry) => entry.item)).then(
        () => batch.forEach((entry) => entry.resolve()),
        (error) => (batch.length > 1 && this.isolate(error) ? this.flushOneByOne(batch) : batch.forEach((entry) => entry.reject(error))),
      );
      this.inflight.add(run);
      void run.finally(() => {
        this.inflight.delete(run);
        if (this.pending.length) this.flush();
      });
    }
  }
}
