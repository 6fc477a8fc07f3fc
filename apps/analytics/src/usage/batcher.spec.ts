import { Batcher } from './batcher';

/** One item through addAll, as a promise that rejects with that item's error. */
const addOne = <T>(batcher: Batcher<T>, item: T): Promise<void> =>
  batcher.addAll([item]).then(([error]) => {
    if (error) throw error;
  });

/** A batcher whose store refuses 13 (one bad item: its batches are retried item by item); `written`: what it stored. */
function refusing13(maxSize: number, maxInflight: number) {
  class BadItem extends Error {}
  const written: number[][] = [];
  const batcher = new Batcher<number>(
    async (items) => {
      if (items.includes(13)) throw new BadItem('13 cannot be stored');
      written.push(items);
    },
    maxSize,
    5,
    maxInflight,
    (error) => error instanceof BadItem,
  );
  return { batcher, written };
}

describe('Batcher', () => {
  it('flushes when full, and each item settles after its batch is written', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number>(async (items) => void batches.push(items), 3, 10_000);
    await Promise.all([1, 2, 3].map((n) => addOne(batcher, n)));
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('flushes a partial batch after the wait', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number>(async (items) => void batches.push(items), 100, 15);
    const started = Date.now();
    await Promise.all([addOne(batcher, 1), addOne(batcher, 2)]);
    expect(batches).toEqual([[1, 2]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(10);
  });

  it('rejects every item of a batch whose write failed, and keeps going afterwards', async () => {
    let fail = true;
    const batcher = new Batcher<number>(async () => {
      if (fail) throw new Error('db down');
    }, 2, 5);
    const results = await Promise.allSettled([addOne(batcher, 1), addOne(batcher, 2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(addOne(batcher, 3)).resolves.toBeUndefined();
  });

  it('retries the items of a batch one by one when the error is one bad item, so only that item fails', async () => {
    const { batcher, written } = refusing13(4, 2);
    const results = await Promise.allSettled([1, 13, 2, 3].map((n) => addOne(batcher, n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(written).toEqual([[1], [2], [3]]);
  });

  it('addAll settles once for all its items, with the error of each item that failed alone', async () => {
    const { batcher, written } = refusing13(3, 1);
    const errors = await batcher.addAll([1, 2, 13, 4, 5]);
    expect(errors.map((error) => error?.message)).toEqual([undefined, undefined, '13 cannot be stored', undefined, undefined]);
    // A full batch of three, retried item by item because it held 13, then the two left.
    expect(written).toEqual([[1], [2], [4, 5]]);
    await expect(batcher.addAll([])).resolves.toEqual([]);
  });

  it('drain writes what is waiting', async () => {
    const written: number[] = [];
    const batcher = new Batcher<number>(async (items) => void written.push(...items), 100, 60_000);
    const pending = addOne(batcher, 7);
    await batcher.drain();
    await pending;
    expect(written).toEqual([7]);
  });

  it('runs at most maxInflight flushes at once and merges what waits into full batches', async () => {
    let running = 0;
    let peak = 0;
    const sizes: number[] = [];
    const batcher = new Batcher<number>(async (items) => {
      running += 1;
      peak = Math.max(peak, running);
      sizes.push(items.length);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
    }, 10, 1, 2);
    await Promise.all(Array.from({ length: 95 }, (_, n) => addOne(batcher, n)));
    expect(peak).toBe(2);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(95);
    expect(sizes.filter((size) => size === 10).length).toBeGreaterThanOrEqual(9);
  });
});
