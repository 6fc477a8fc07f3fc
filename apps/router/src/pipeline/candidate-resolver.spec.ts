import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import type { RoutingPolicy } from '@alltokens/contracts';
import { createAdapterRegistry } from '@alltokens/providers';
import type { EndpointHealth } from '@alltokens/routing';
import { chatRequest, FixedHealth, MODEL } from '../testing/router-doubles';
import { CandidateResolver } from './candidate-resolver';

const EMBEDDING = 'openai/text-embedding-3-small';
const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      { id: 'cheap', base_url: 'http://127.0.0.1:1/v1', models: [{ model: MODEL, pricing: { prompt: 1, completion: 2 } }, { model: EMBEDDING, type: 'embeddings', pricing: { prompt: 0.02, completion: 0 } }] },
      { id: 'dear', base_url: 'http://127.0.0.1:2/v1', models: [{ model: MODEL, pricing: { prompt: 5, completion: 10 } }, { model: EMBEDDING, type: 'embeddings', pricing: { prompt: 0.01, completion: 0 } }] },
      // No base_url: the format's public endpoint. Anthropic's format has neither legacy completions nor embeddings.
      { id: 'claude', format: 'anthropic', models: [{ model: MODEL, pricing: { prompt: 3, completion: 6 } }, { model: 'acme/base-1', type: 'completion', pricing: { prompt: 1, completion: 1 } }, { model: EMBEDDING, type: 'embeddings', pricing: { prompt: 0.001, completion: 0 } }] },
      { id: 'off', base_url: 'http://127.0.0.1:3/v1', models: [{ model: EMBEDDING, type: 'embeddings', status: 'disabled', pricing: { prompt: 0, completion: 0 } }] },
    ],
  }),
);

const openBreaker = (endpointId: string) =>
  new FixedHealth(
    new Map<string, EndpointHealth>([
      [endpointId, { requests: 10, errors: 10, uptime: 0, latencyP50: null, latencyP95: null, ttftAvg: null, ttftP50: null, ttftP95: null, tokensPerSecond: null, breakerOpen: true, openUntil: Date.now() + 60_000 }],
    ]),
  );

const policy = (overrides: Partial<RoutingPolicy>): RoutingPolicy => ({
  id: 'pol-1',
  name: 'test',
  scope: 'organization',
  allowedProviders: [],
  deniedProviders: [],
  allowedModels: [],
  deniedModels: [],
  allowedRegions: [],
  denyDataTraining: false,
  denyDataRetention: false,
  requireZdr: false,
  maxPricePerMtok: null,
  ...overrides,
});

describe('CandidateResolver', () => {
  const resolver = (health = new FixedHealth()) => new CandidateResolver(catalog, createAdapterRegistry(), health, 'cheapest-first');

  it('pairs every planned endpoint with its provider and adapter, cheapest first', () => {
    const { plan, candidates } = resolver().resolve(chatRequest());
    expect(candidates.map(({ provider, endpoint, adapter }) => [provider.id, endpoint.id, adapter.format])).toEqual([
      ['cheap', 'cheap:openai/gpt-4o-mini', 'openai'],
      ['claude', 'claude:openai/gpt-4o-mini', 'anthropic'],
      ['dear', 'dear:openai/gpt-4o-mini', 'openai'],
    ]);
    expect(plan).toMatchObject({ mode: 'provider', decisionReason: 'fixed_model' });
  });

  it('gives a provider configured without a URL its format’s public endpoint', () => {
    const claude = resolver().resolve(chatRequest()).candidates.find((candidate) => candidate.provider.id === 'claude')!;
    expect(claude.provider.baseUrl).toBe('https://api.anthropic.com');
    expect(resolver().providerFor('cheap')!.baseUrl).toBe('http://127.0.0.1:1/v1');
    expect(resolver().providerFor('nope')).toBeUndefined();
  });

  it('tries an endpoint whose breaker is open last', () => {
    const { candidates } = resolver(openBreaker('cheap:openai/gpt-4o-mini')).resolve(chatRequest());
    expect(candidates.map((candidate) => candidate.provider.id)).toEqual(['claude', 'dear', 'cheap']);
  });

  it('leaves out what the caller’s policies forbid, and says why when nothing is left', () => {
    const { candidates, plan } = resolver().resolve(chatRequest(), [policy({ deniedProviders: ['cheap'] })]);
    expect(candidates.map((candidate) => candidate.provider.id)).toEqual(['claude', 'dear']);
    expect(plan.reports.find((report) => report.providerId === 'cheap')!.excluded).toContain('policy');
    expect(() => resolver().resolve(chatRequest(), [policy({ allowedProviders: ['nobody'] })])).toThrow(expect.objectContaining({ status: 400, code: 'no_endpoint_available' }));
  });

  it('serves a text-completion model only through /completions, and only where the format has a completions API', () => {
    expect(() => resolver().resolve(chatRequest({ model: 'acme/base-1' }))).toThrow(expect.objectContaining({ code: 'no_endpoint_available', message: expect.stringContaining('call it through /completions') }));
    expect(() => resolver().resolve(chatRequest({ model: 'acme/base-1' }), [], true)).toThrow(expect.objectContaining({ message: expect.stringContaining('has no native completions API') }));
  });

  describe('embeddings', () => {
    it('offers the active embeddings endpoints whose format can embed, cheapest first, open breakers last', () => {
      expect(resolver().resolveEmbeddings(EMBEDDING).map((candidate) => candidate.provider.id)).toEqual(['dear', 'cheap']);
      expect(resolver(openBreaker('dear:openai/text-embedding-3-small')).resolveEmbeddings(EMBEDDING).map((candidate) => candidate.provider.id)).toEqual(['cheap', 'dear']);
    });

    it('obeys policies', () => {
      expect(resolver().resolveEmbeddings(EMBEDDING, [policy({ deniedProviders: ['dear'] })]).map((candidate) => candidate.provider.id)).toEqual(['cheap']);
    });

    it('answers 404 for an unknown model and 400 with every reason when no endpoint can embed', () => {
      expect(() => resolver().resolveEmbeddings('acme/nothing')).toThrow(expect.objectContaining({ status: 404, code: 'model_not_found' }));
      const error = (() => {
        try {
          resolver().resolveEmbeddings(MODEL);
        } catch (caught) {
          return caught as Error;
        }
      })();
      expect(error).toMatchObject({ status: 400, code: 'no_endpoint_available' });
      expect(error!.message).toContain('cheap:openai/gpt-4o-mini: not an embeddings model');
      expect(() => resolver().resolveEmbeddings(EMBEDDING, [policy({ allowedProviders: ['claude', 'off'] })])).toThrow(
        expect.objectContaining({ message: expect.stringMatching(/claude:openai\/text-embedding-3-small: provider format has no embeddings API.*off:openai\/text-embedding-3-small: endpoint disabled/) }),
      );
    });
  });
});
