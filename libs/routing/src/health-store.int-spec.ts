import Redis from 'ioredis';
import { HealthStore } from './health-store';

describe('HealthStore (real Redis)', () => {
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefix = `it-health-${process.pid}-${Date.now().toString(36)}`;
  const store = new HealthStore(redis, prefix);
  const ok = { ok: true, timeout: false, latencyMs: 120, ttftMs: 40, completionTokens: 100, generationMs: 1000 };
  const fail = { ok: false, timeout: false, latencyMs: 30, ttftMs: null, completionTokens: 0, generationMs: 0 };

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('aggregates latency, throughput and uptime over the window', async () => {
    for (let i = 0; i < 9; i += 1) await store.record('e1', ok);
    await store.record('e1', { ...ok, latencyMs: 5000 });
    await store.record('e1', fail);
    const health = (await store.snapshot(['e1'])).get('e1')!;
    expect(health.requests).toBe(11);
    expect(health.errors).toBe(1);
    expect(health.uptime).toBeCloseTo(10 / 11, 5);
    expect(health.latencyP50).toBe(200);
    expect(health.latencyP95).toBe(6400);
    expect(health.tokensPerSecond).toBeCloseTo(100, 5);
    expect(health.ttftAvg).toBe(40);
    expect(health.ttftP50).toBe(50);
    expect(health.ttftP95).toBe(50);
  });

  it('opens the breaker after five consecutive failures, shared by every reader, and closes it on success', async () => {
    const other = new HealthStore(redis, prefix);
    for (let i = 0; i < 4; i += 1) await store.record('e2', fail);
    expect((await other.snapshot(['e2'])).get('e2')!.breakerOpen).toBe(false);
    await store.record('e2', fail);
    const open = (await other.snapshot(['e2'])).get('e2')!;
    expect(open.breakerOpen).toBe(true);
    expect(open.openUntil).toBeGreaterThan(Date.now() + 20_000);
    expect((await other.snapshot(['e2'], 5, open.openUntil + 1)).get('e2')!.breakerOpen).toBe(false);
    await store.record('e2', ok);
    expect((await other.snapshot(['e2'])).get('e2')!.breakerOpen).toBe(false);
  });

  it('reports the one failure that opened the breaker, and none while it stays open (so one alert is raised)', async () => {
    const now = Date.now();
    const results = [];
    for (let i = 0; i < 7; i += 1) results.push(await store.record('e5', fail, now + i));
    expect(results.map((result) => result !== null)).toEqual([false, false, false, false, true, false, false]);
    expect(results[4]).toEqual({ failures: 5, openUntil: now + 4 + 30_000 });
    // After the cooldown, a failed probe opens it again: that is a new opening.
    expect(await store.record('e5', fail, now + 40_000)).not.toBeNull();
  });

  it('sums successes in memory when asked to, writing them once per interval with the same result', async () => {
    const buffered = new HealthStore(redis, prefix, 50);
    const writes = jest.spyOn(redis as unknown as { healthRecordSuccesses: () => Promise<unknown> }, 'healthRecordSuccesses');
    for (let i = 0; i < 50; i += 1) await buffered.record('e3', ok);
    expect((await store.snapshot(['e3'])).get('e3')!.requests).toBe(0);
    await buffered.flush();
    const health = (await store.snapshot(['e3'])).get('e3')!;
    expect(health).toMatchObject({ requests: 50, errors: 0, uptime: 1, latencyP50: 200, ttftAvg: 40 });
    expect(health.tokensPerSecond).toBeCloseTo(100, 5);
    expect(writes).toHaveBeenCalledTimes(1);
  });

  it('still writes failures at once, so the breaker opens without waiting for a flush', async () => {
    const buffered = new HealthStore(redis, prefix, 60_000);
    for (let i = 0; i < 5; i += 1) await buffered.record('e4', fail);
    expect((await store.snapshot(['e4'])).get('e4')!.breakerOpen).toBe(true);
  });
});
