import { eventually, GatewayFixture } from '../testing/gateway-fixture';
import { KeyBindingsCache } from './key-bindings-cache';

jest.setTimeout(60_000);

describe('KeyBindingsCache: per-key values every replica forgets at once (real Redis)', () => {
  let fixture: GatewayFixture;
  let channel: string;
  let loads: string[];
  const loader = (key: string, value: number) => async () => (loads.push(key), value);
  const cache = async (ttlMs?: number) => {
    const created = new KeyBindingsCache<number>(fixture.redis, fixture.subscriber(), channel, ttlMs);
    await created.listen();
    return created;
  };

  beforeAll(async () => {
    fixture = await GatewayFixture.start('key-bindings');
  });
  beforeEach(() => {
    loads = [];
    channel = `${fixture.env.ALLTOKENS_PREFIX}:bindings:${Math.random().toString(36).slice(2)}`;
  });
  afterAll(async () => fixture?.stop());

  it('loads each key once per period, one load for concurrent lookups, and again once the period is over', async () => {
    const bindings = await cache(150);
    expect(await Promise.all([bindings.get('a', loader('a', 1)), bindings.get('a', loader('a', 2)), bindings.get('b', loader('b', 3))])).toEqual([1, 1, 3]);
    expect(await bindings.get('a', loader('a', 4))).toBe(1);
    expect(loads).toEqual(['a', 'b']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await bindings.get('a', loader('a', 5))).toBe(5);
    expect(loads).toEqual(['a', 'b', 'a']);
  });

  it('keeps no failed load: the next lookup tries again', async () => {
    const bindings = await cache();
    await expect(bindings.get('a', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await bindings.get('a', loader('a', 7))).toBe(7);
  });

  it('clears this replica at once and every other replica through the channel when something changed', async () => {
    const [here, replica, unrelated] = [await cache(), await cache(), new KeyBindingsCache<number>(fixture.redis, fixture.subscriber(), `${channel}:other`)];
    await unrelated.listen();
    await Promise.all([here.get('a', loader('here', 1)), replica.get('a', loader('replica', 1)), unrelated.get('a', loader('unrelated', 1))]);
    await here.changed();
    expect(await here.get('a', loader('here', 2))).toBe(2);
    await eventually(async () => (await replica.get('a', loader('replica', 2))) === 2);
    expect(await unrelated.get('a', loader('unrelated', 2))).toBe(1);
  });
});
