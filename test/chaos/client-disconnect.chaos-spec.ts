import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { startChaosStack, type ChaosStack } from './support/chaos-stack';
import { report } from './support/figures';
import { send } from './support/load';

jest.setTimeout(180_000);

/** Long enough answers that a disconnect always lands before the end: 50 deltas 100 ms apart, ≈ 500 tokens. */
const SCENARIOS = [
  { name: 'waiting', stream: true, directive: '[sim:latency=4000 chunks=50 interval=100 chars=2000]', abortAfterMs: 600 },
  { name: 'mid-stream', stream: true, directive: '[sim:chunks=50 interval=100 chars=2000]', abortAfterMs: 1200 },
  { name: 'non-streamed', stream: false, directive: '[sim:latency=4000 chars=2000]', abortAfterMs: 600 },
] as const;

describe('client disconnects: the upstream connection closes within 1 s and only what was produced is billed', () => {
  let chaos: ChaosStack;
  let db: Client;

  beforeAll(async () => {
    chaos = await startChaosStack('disconnect');
    db = new Client({ connectionString: chaos.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await chaos?.stop();
  });

  const generation = (keyId: string) =>
    eventually(async () => (await db.query('SELECT status, completion_tokens, cost_usd::float8 AS cost FROM generations WHERE key_id = $1', [keyId])).rows[0], 20_000);

  it('a full answer, for reference', async () => {
    const { key, id } = await chaos.createKey({ name: 'full' });
    const outcome = await send(chaos.gatewayUrl, { key, body: { model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `full ${SCENARIOS[1].directive}` }] } });
    expect(outcome.text).toContain('[DONE]');
    const row = await generation(id);
    report('disconnect-reference', { completion_tokens: row.completion_tokens, cost_usd: row.cost });
    expect(row.completion_tokens).toBeGreaterThan(300);
  });

  for (const scenario of SCENARIOS) {
    it(`disconnect ${scenario.name}`, async () => {
      const { key, id } = await chaos.createKey({ name: scenario.name });
      const marker = `disconnect-${scenario.name}-${Date.now()}`;
      const proxy = chaos.proxies.simulators[0]!;
      const sentAt = Date.now();
      const outcome = await send(chaos.gatewayUrl, {
        key,
        body: { model: 'openai/gpt-4o-mini', stream: scenario.stream, messages: [{ role: 'user', content: `${marker} ${scenario.directive}` }] },
        abortAfterMs: scenario.abortAfterMs,
      });
      expect(outcome.aborted).toBe(true);
      const abortedAt = sentAt + outcome.abortedAt!;
      const upstream = await eventually(async () => {
        const [connection] = proxy.carrying(marker);
        return connection?.closedAt !== undefined ? connection : undefined;
      }, 10_000, 20);
      const closedWithinMs = upstream.closedAt! - abortedAt;
      const row = await generation(id);
      const deltasSeen = (outcome.text.match(/"content":"[^"]/g) ?? []).length;
      report(`disconnect-${scenario.name}`, { aborted_after_ms: outcome.abortedAt!, upstream_closed_after_ms: closedWithinMs, closed_by: upstream.closedBy!, deltas_seen: deltasSeen, status: row.status, billed_completion_tokens: row.completion_tokens, cost_usd: row.cost });
      expect(upstream.closedBy).toBe('client');
      expect(closedWithinMs).toBeLessThan(1000);
      if (scenario.name === 'mid-stream') {
        expect(deltasSeen).toBeGreaterThan(3);
        expect(row.completion_tokens).toBeGreaterThan(0);
        expect(row.completion_tokens).toBeLessThan(250);
      } else {
        expect(row.completion_tokens).toBe(0);
      }
    });
  }
});
