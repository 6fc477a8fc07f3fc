import Redis from 'ioredis';
import { FIDELITY_BUCKET_MS, FidelityStore } from './fidelity-store';

describe('FidelityStore (real Redis)', () => {
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefix = `it-fidelity-${process.pid}-${Date.now().toString(36)}`;

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('sums samples in memory and writes each endpoint once per flush, shared by every reader', async () => {
    const writer = new FidelityStore(redis, prefix, 60_000);
    const reader = new FidelityStore(redis, prefix);
    const writes = jest.spyOn(redis as unknown as { fidelityAdd: () => Promise<unknown> }, 'fidelityAdd');
    for (let i = 0; i < 40; i += 1) writer.record('e1', { answers: 1, toolCalls: 2, brokenToolCalls: i % 5 === 0 ? 1 : 0, streams: 1, midStreamFailures: i < 2 ? 1 : 0 });
    writer.record('e1', { answers: 1, empty: 1 });
    writer.record('e2', { answers: 1, jsonAnswers: 1, jsonViolations: 1, truncated: 1 });
    expect((await reader.snapshot(['e1'])).get('e1')!.answers).toBe(0);
    await writer.flush();
    expect(writes).toHaveBeenCalledTimes(2);
    const snapshot = await reader.snapshot(['e1', 'e2', 'unknown']);
    expect(snapshot.get('e1')).toMatchObject({ answers: 41, toolCalls: 80, brokenToolCalls: 8, toolCallAdherence: 0.9, streams: 40, midStreamFailureRate: 0.05, empty: 1 });
    expect(snapshot.get('e1')!.emptyRate).toBeCloseTo(1 / 41, 10);
    expect(snapshot.get('e2')).toMatchObject({ jsonAdherence: 0, truncationRate: 1, toolCallAdherence: null });
    expect(snapshot.get('unknown')).toMatchObject({ answers: 0, toolCallAdherence: null, emptyRate: null });
  });

  it('forgets samples once they leave the window', async () => {
    const store = new FidelityStore(redis, prefix);
    const past = Date.now() - 2 * 60 * 60_000;
    store.record('e3', { answers: 1, toolCalls: 1, brokenToolCalls: 1 }, past);
    store.record('e3', { answers: 1, toolCalls: 1 });
    await store.flush();
    expect((await store.snapshot(['e3'])).get('e3')).toMatchObject({ toolCalls: 1, brokenToolCalls: 0 });
    expect((await store.snapshot(['e3'], 60, past + FIDELITY_BUCKET_MS)).get('e3')).toMatchObject({ toolCalls: 1, brokenToolCalls: 1 });
  });
});
