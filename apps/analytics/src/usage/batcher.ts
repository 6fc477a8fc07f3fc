interface Entry<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Collects items and flushes them together: when `maxSize` are waiting or `maxWaitMs` after the
 * first one. Each `add` resolves when its batch's flush succeeded and rejects if it failed, so the
 * caller (a BullMQ job) is acknowledged only after the commit. At most `maxInflight` flushes run at
 * once: a burst waits its turn in memory instead of queueing transactions the pool cannot start.
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

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxSize) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.maxWaitMs);
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
