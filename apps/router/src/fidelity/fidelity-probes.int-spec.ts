import Redis from 'ioredis';
import pino from 'pino';
import { DEFAULT_FIDELITY_POLICY, describeFidelity, emptySample, type EndpointHealth, type FidelitySample } from '@alltokens/routing';
import { RouterMetrics } from '../health/router-metrics';
import { FixedHealth, resolverFor, scriptedCatalog } from '../testing/router-doubles';
import { ScriptedUpstream } from '../testing/scripted-upstream';
import { FidelityProbes } from './fidelity-probes';

const toolCall = (args: string) => ({
  id: 'chatcmpl-probe',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'forecast', arguments: args } }] }, finish_reason: 'tool_calls' }],
  usage: { prompt_tokens: 60, completion_tokens: 12, total_tokens: 72 },
});

describe('FidelityProbes (real Redis, scripted upstream)', () => {
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefix = `it-probes-${process.pid}-${Date.now().toString(36)}`;
  let upstream: ScriptedUpstream;

  beforeAll(async () => {
    upstream = await ScriptedUpstream.start();
  });
  afterAll(async () => {
    await upstream.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  function probes(perHour: number, measured: Record<string, Partial<FidelitySample>> = {}) {
    const catalog = scriptedCatalog(upstream, [{ id: 'known', price: 1 }, { id: 'unknown', price: 2 }]);
    const health = new Map<string, EndpointHealth>(
      Object.entries(measured).map(([id, counts]) => [id, { requests: 0, errors: 0, uptime: null, latencyP50: null, latencyP95: null, ttftAvg: null, ttftP50: null, ttftP95: null, tokensPerSecond: null, breakerOpen: false, openUntil: 0, fidelity: describeFidelity({ ...emptySample(), ...counts }) }]),
    );
    const recorded: Array<{ endpointId: string; sample: Partial<FidelitySample> }> = [];
    const metrics = new RouterMetrics();
    const probe = new FidelityProbes(
      {
        catalog,
        resolver: resolverFor(catalog),
        health: new FixedHealth(health),
        fidelity: { record: (endpointId, sample) => void recorded.push({ endpointId, sample }) },
        redis,
        prefix: `${prefix}-${perHour}`,
        policy: DEFAULT_FIDELITY_POLICY,
        metrics,
        logger: pino({ level: 'silent' }),
      },
      perHour,
    );
    return { probe, recorded, metrics };
  }

  it('probes the endpoint with the fewest measured tool calls, judging its answer like real traffic, billed to no key', async () => {
    upstream.script('unknown', { status: 200, json: toolCall('{"city":"Paris","days":"three"}') });
    const { probe, recorded, metrics } = probes(5, { 'known:openai/gpt-4o-mini': { toolCalls: 25 } });
    expect(await probe.probeOnce()).toBe('unknown:openai/gpt-4o-mini');
    expect(recorded).toEqual([{ endpointId: 'unknown:openai/gpt-4o-mini', sample: expect.objectContaining({ toolCalls: 1, brokenToolCalls: 1, answers: 1 }) }]);
    const sent = upstream.received.at(-1)!.body as { tool_choice: string; tools: unknown[] };
    expect(sent.tool_choice).toBe('required');
    const exposition = await metrics.registry.metrics();
    expect(exposition).toMatch(/alltokens_router_fidelity_probes_total\{provider="unknown",outcome="answered"\} 1/);
    expect(exposition).toMatch(/alltokens_router_fidelity_probe_cost_usd_total\{provider="unknown"\} 0\.000168/);
  });

  it('stays within the hour’s budget, shared by every router, and leaves endpoints with enough samples alone', async () => {
    const first = probes(1);
    const second = probes(1);
    expect(await first.probe.probeOnce()).not.toBeNull();
    expect(await second.probe.probeOnce()).toBeNull();
    const busy = probes(5, { 'known:openai/gpt-4o-mini': { toolCalls: 25 }, 'unknown:openai/gpt-4o-mini': { toolCalls: 20 } });
    expect(await busy.probe.probeOnce()).toBeNull();
  });
});
