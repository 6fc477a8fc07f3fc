import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { USAGE_EVENT_VERSION, type UsageEvent } from '@alltokens/contracts';
import { billedCost, traceIdOf } from './event-pricing';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [{ id: 'p', base_url: 'http://x/v1', models: [{ model: 'openai/gpt-4o-mini', pricing: { prompt: 1, completion: 2, cached_prompt: 0.5 } }] }],
  }),
);

const event = (overrides: Partial<UsageEvent>): UsageEvent => ({
  v: USAGE_EVENT_VERSION,
  requestId: 'gen-1',
  trace: {},
  caller: { keyId: 'k', orgId: 'o', tags: [], endUser: null, budgetReserved: false },
  kind: 'chat',
  requestedModel: 'openai/gpt-4o-mini',
  model: 'openai/gpt-4o-mini',
  providerId: 'p',
  endpointId: 'p:openai/gpt-4o-mini',
  streamed: false,
  status: 'success',
  finishReason: 'stop',
  usage: { promptTokens: 1000, completionTokens: 100, cachedTokens: 200, cacheWriteTokens: 0, reasoningTokens: 0 },
  usageSource: 'upstream',
  startedAt: 0,
  finishedAt: 1,
  latencyMs: 1,
  ttftMs: 1,
  attempts: [{ providerId: 'p', endpointId: 'p:openai/gpt-4o-mini', httpStatus: 200, outcome: 'success', latencyMs: 1 }],
  error: null,
  cacheHit: false,
  guardrails: [],
  ...overrides,
});

describe('billedCost', () => {
  it('bills what the router priced, not the catalog of this process', () => {
    expect(billedCost(catalog, event({ costUsd: 0.0123 }))).toBe(0.0123);
    expect(billedCost(catalog, event({ costUsd: 0 }))).toBe(0);
  });

  it('prices an event of an older router (no costUsd) at the serving endpoint price', () => {
    expect(billedCost(catalog, event({}))).toBeCloseTo(800e-6 + 200 * 0.5e-6 + 200e-6, 12);
  });

  it('falls back to genai-prices for such an event when the endpoint left the catalog', () => {
    const cost = billedCost(catalog, event({ endpointId: 'gone:openai/gpt-4o-mini' }));
    expect(cost).toBeCloseTo(800 * 0.15e-6 + 200 * 0.075e-6 + 100 * 0.6e-6, 12);
  });

  it('bills nothing when no upstream was reached or the cache answered', () => {
    expect(billedCost(catalog, event({ attempts: [], costUsd: 0.5 }))).toBe(0);
    expect(billedCost(catalog, event({ model: null }))).toBe(0);
    expect(billedCost(catalog, event({ cacheHit: true, costUsd: 0.5 }))).toBe(0);
  });

  it('reads the trace id out of a traceparent', () => {
    expect(traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf(undefined)).toBeNull();
  });
});
