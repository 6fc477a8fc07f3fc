import { LastGoodCache } from './last-good-cache';

describe('LastGoodCache', () => {
  const down = () => Promise.reject(new Error('Connection terminated unexpectedly'));

  it('shares one load between concurrent lookups and trusts it for the TTL', async () => {
    const cache = new LastGoodCache<number>(60_000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    expect(await cache.get('a', load)).toBe(1);
    expect(loads).toBe(1);
  });

  it('serves the last loaded value while reloads fail, and the fresh one once they succeed again', async () => {
    const cache = new LastGoodCache<string>(0);
    expect(await cache.get('a', async () => 'first')).toBe('first');
    expect(await cache.get('a', down)).toBe('first');
    expect(await cache.get('a', down)).toBe('first');
    expect(await cache.get('a', async () => 'second')).toBe('second');
  });

  it('fails, and keeps nothing, when nothing ever loaded', async () => {
    const cache = new LastGoodCache<string>(60_000);
    await expect(cache.get('a', down)).rejects.toThrow('Connection terminated');
    expect(await cache.get('a', async () => 'now')).toBe('now');
  });

  it('forgets the last value when told to (an invalidation must not be undone by a failing reload)', async () => {
    const cache = new LastGoodCache<string>(0);
    await cache.get('a', async () => 'old');
    cache.clear();
    await expect(cache.get('a', down)).rejects.toThrow();
  });
});
