import { Catalog } from './catalog';
import { catalogConfigSchema } from './config.schema';
import { interpolateEnv } from './interpolate';
import { priceUsage } from './pricing';

const config = catalogConfigSchema.parse({
  providers: [
    {
      id: 'primary',
      base_url: 'http://127.0.0.1:4010/v1/',
      api_key: 'k',
      models: [
        { model: 'openai/gpt-4o-mini', pricing: { prompt: 0.15, completion: 0.6, cached_prompt: 0.075 } },
        { model: 'acme/house-model', context_length: 8192 },
      ],
    },
    { id: 'backup', base_url: 'http://127.0.0.1:4011/v1', models: [{ model: 'openai/gpt-4o-mini' }] },
  ],
  models: [{ id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o mini', context_length: 128000 }],
});

describe('Catalog', () => {
  const catalog = new Catalog(config);

  it('groups endpoints of one model across providers', () => {
    const model = catalog.model('openai/gpt-4o-mini')!;
    expect(model.name).toBe('OpenAI: GPT-4o mini');
    expect(model.endpoints.map((endpoint) => endpoint.id)).toEqual([
      'primary:openai/gpt-4o-mini',
      'backup:openai/gpt-4o-mini',
    ]);
    expect(model.endpoints[0]!.upstreamModel).toBe('gpt-4o-mini');
    expect(catalog.provider('primary')!.baseUrl).toBe('http://127.0.0.1:4010/v1');
  });

  it('uses configured prices, then genai-prices, then zero', () => {
    const [configured, fromLibrary] = catalog.model('openai/gpt-4o-mini')!.endpoints;
    expect(configured!.pricing).toMatchObject({ source: 'config', prompt: 0.15e-6, cachedPrompt: 0.075e-6 });
    expect(fromLibrary!.pricing.source).toBe('genai-prices');
    expect(fromLibrary!.pricing.prompt).toBeCloseTo(0.15e-6, 12);
    expect(fromLibrary!.pricing.completion).toBeCloseTo(0.6e-6, 12);
    expect(catalog.model('acme/house-model')!.endpoints[0]!.pricing).toMatchObject({ source: 'unknown', prompt: 0 });
  });

  it('prices usage with cached tokens split out', () => {
    const pricing = catalog.endpoint('primary:openai/gpt-4o-mini')!.pricing;
    const cost = priceUsage(pricing, { promptTokens: 1000, cachedTokens: 400, completionTokens: 100 });
    expect(cost).toBeCloseTo(600 * 0.15e-6 + 400 * 0.075e-6 + 100 * 0.6e-6, 12);
  });

  it('rejects duplicate providers and bad model ids', () => {
    expect(() => new Catalog({ ...config, providers: [config.providers[0]!, config.providers[0]!] })).toThrow(
      'Duplicate provider id primary',
    );
    expect(catalogConfigSchema.safeParse({ providers: [{ id: 'p', base_url: 'http://x', models: [{ model: 'nope' }] }] }).success).toBe(false);
  });
});

describe('interpolateEnv', () => {
  it('fills variables and defaults and reports missing ones', () => {
    const missing: string[] = [];
    const out = interpolateEnv({ a: '${A}', b: ['x-${B:-dflt}'], c: '${C}' }, { A: '1' }, missing);
    expect(out).toEqual({ a: '1', b: ['x-dflt'], c: '' });
    expect(missing).toEqual(['C']);
  });
});
