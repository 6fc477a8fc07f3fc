import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { ApiError, type ChatCompletionRequest } from '@alltokens/contracts';
import type { EndpointHealth } from './health-store';
import { parseModelSpec } from './model-spec';
import { RoutePlanner } from './route-planner';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      {
        id: 'cheap',
        base_url: 'http://a/v1',
        trains_on_data: true,
        models: [
          { model: 'openai/gpt-4o-mini', pricing: { prompt: 0.1, completion: 0.4 }, quantization: 'fp8' },
          { model: 'meta-llama/llama-3.1-8b-instruct', pricing: { prompt: 0, completion: 0 }, supported_parameters: ['max_tokens'], context_length: 8000 },
        ],
      },
      {
        id: 'pricey',
        base_url: 'http://b/v1',
        zero_data_retention: true,
        models: [
          { model: 'openai/gpt-4o-mini', pricing: { prompt: 0.3, completion: 1.2 }, quantization: 'fp16' },
          { model: 'openai/gpt-4o', pricing: { prompt: 2.5, completion: 10 }, modalities: ['text', 'image'] },
        ],
      },
    ],
  }),
);
const planner = new RoutePlanner(catalog);
const healthy = new Map<string, EndpointHealth>();
const base = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] };
const plan = (request: Record<string, unknown>, health: ReadonlyMap<string, EndpointHealth> = healthy) =>
  planner.plan({ request: { ...base, ...request } as ChatCompletionRequest, health, adapterExclusion: () => null });
const ids = (request: Record<string, unknown>, health?: ReadonlyMap<string, EndpointHealth>) => plan(request, health).endpoints.map((e) => e.id);

describe('parseModelSpec', () => {
  it.each([
    ['router', { kind: 'auto' }],
    ['auto', { kind: 'auto' }],
    ['router:cost', { kind: 'auto', objective: 'cheapest' }],
    ['router:speed', { kind: 'auto', objective: 'fastest' }],
    ['router:quality', { kind: 'auto', objective: 'best' }],
    ['free', { kind: 'free' }],
    ['openai/gpt-4o:nitro', { kind: 'concrete', modelId: 'openai/gpt-4o', variant: 'nitro' }],
    ['openai/gpt-4o', { kind: 'concrete', modelId: 'openai/gpt-4o' }],
  ])('%s', (model, expected) => expect(parseModelSpec(model)).toEqual(expected));
});

describe('RoutePlanner', () => {
  it('orders a model’s endpoints by price by default, `order` first, and by sort on request', () => {
    expect(ids({})).toEqual(['cheap:openai/gpt-4o-mini', 'pricey:openai/gpt-4o-mini']);
    expect(ids({ provider: { order: ['pricey'] } })).toEqual(['pricey:openai/gpt-4o-mini', 'cheap:openai/gpt-4o-mini']);
    expect(ids({ provider: { order: ['pricey'], allow_fallbacks: false } })).toEqual(['pricey:openai/gpt-4o-mini']);
    expect(ids({ model: 'openai/gpt-4o-mini:floor' })).toEqual(['cheap:openai/gpt-4o-mini', 'pricey:openai/gpt-4o-mini']);
  });

  it('applies only, ignore, quantizations, data_collection, zdr and max_price', () => {
    expect(ids({ provider: { only: ['pricey'] } })).toEqual(['pricey:openai/gpt-4o-mini']);
    expect(ids({ provider: { ignore: ['cheap'] } })).toEqual(['pricey:openai/gpt-4o-mini']);
    expect(ids({ provider: { quantizations: ['fp16'] } })).toEqual(['pricey:openai/gpt-4o-mini']);
    expect(ids({ provider: { data_collection: 'deny' } })).toEqual(['pricey:openai/gpt-4o-mini']);
    expect(ids({ provider: { zdr: true } })).toEqual(['pricey:openai/gpt-4o-mini']);
    expect(ids({ provider: { max_price: { prompt: 0.2 } } })).toEqual(['cheap:openai/gpt-4o-mini']);
  });

  it('spreads traffic by inverse-square price when load balancing, cheaper endpoints more often', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const realRandom = Math.random;
    Math.random = random;
    try {
      const firsts = Array.from({ length: 2000 }, () =>
        planner.plan({ request: base as ChatCompletionRequest, health: healthy, adapterExclusion: () => null, balancing: 'price-weighted' }).endpoints[0]!.providerId,
      );
      const cheapShare = firsts.filter((id) => id === 'cheap').length / firsts.length;
      // prices 0.1/0.4 vs 0.3/1.2 per million: 3× the price, so 1/9 the weight → cheap ≈ 90 %.
      expect(cheapShare).toBeGreaterThan(0.85);
      expect(cheapShare).toBeLessThan(0.95);
    } finally {
      Math.random = realRandom;
    }
  });

  it('moves endpoints with an open breaker, or many recent errors, to the back', () => {
    const health = new Map<string, EndpointHealth>([
      ['cheap:openai/gpt-4o-mini', { requests: 10, errors: 9, uptime: 0.1, latencyP50: 100, latencyP95: 200, ttftAvg: 50, ttftP50: 50, ttftP95: 100, tokensPerSecond: 50, breakerOpen: true, openUntil: Date.now() + 1000 }],
    ]);
    expect(ids({}, health)).toEqual(['pricey:openai/gpt-4o-mini', 'cheap:openai/gpt-4o-mini']);
  });

  it('appends `models` fallbacks and labels the route', () => {
    const result = plan({ models: ['openai/gpt-4o'] });
    expect(result.endpoints.map((e) => e.id)).toEqual(['cheap:openai/gpt-4o-mini', 'pricey:openai/gpt-4o-mini', 'pricey:openai/gpt-4o']);
    expect(result).toMatchObject({ mode: 'provider', decisionReason: 'fixed_model' });
    expect(plan({ model: 'openai/gpt-4o' }).mode).toBe('fixed');
  });

  it('lets `router` choose by objective and filters by what the request needs', () => {
    expect(plan({ model: 'router', objective: 'cheapest' }).endpoints[0]!.modelId).toBe('meta-llama/llama-3.1-8b-instruct');
    expect(plan({ model: 'router', metadata: { objective: 'best' } }).endpoints[0]!.modelId).toBe('openai/gpt-4o');
    expect(plan({ model: 'free' }).endpoints.map((e) => e.id)).toEqual(['cheap:meta-llama/llama-3.1-8b-instruct']);
    const tools = [{ type: 'function', function: { name: 'f' } }];
    expect(plan({ model: 'router', objective: 'cheapest', tools }).endpoints[0]!.modelId).toBe('openai/gpt-4o-mini');
    const image = [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }];
    expect(plan({ model: 'router', messages: image }).endpoints.map((e) => e.modelId)).toEqual(['openai/gpt-4o']);
    const long = [{ role: 'user', content: 'word '.repeat(12000) }];
    expect(plan({ model: 'router', objective: 'cheapest', messages: long }).endpoints[0]!.modelId).not.toBe('meta-llama/llama-3.1-8b-instruct');
    const capped = plan({ model: 'router', objective: 'best', max_cost_per_1k_tokens: 0.001 });
    expect(capped.endpoints.every((e) => e.modelId !== 'openai/gpt-4o')).toBe(true);
  });

  it('explains exclusions and refuses clearly when nothing qualifies', () => {
    const result = plan({ provider: { ignore: ['cheap'] } });
    expect(result.reports.find((r) => r.endpointId === 'cheap:openai/gpt-4o-mini')!.excluded).toBe('provider in provider.ignore');
    expect(result.reports.find((r) => r.endpointId === 'pricey:openai/gpt-4o-mini')!.rank).toBe(1);
    expect(() => plan({ provider: { only: ['nobody'] } })).toThrow(ApiError);
    expect(() => plan({ model: 'nope/nothing' })).toThrow("Model 'nope/nothing' does not exist");
    expect(() => plan({ provider: { sort: 'vibes' } })).toThrow("Invalid value for 'provider.sort'");
  });
});
