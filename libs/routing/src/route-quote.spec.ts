import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { ApiError, routingPolicySchema, type ChatCompletionRequest, type EmbeddingsApiRequest } from '@alltokens/contracts';
import { policyExclusion } from './policy-filter';
import { RoutePlanner } from './route-planner';
import { RouteQuoter } from './route-quote';
import { estimateEmbeddingsTokens, estimatePromptTokens } from './token-estimate';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      {
        id: 'cheap',
        base_url: 'http://a/v1',
        region: 'us',
        trains_on_data: true,
        models: [
          { model: 'openai/gpt-4o-mini', pricing: { prompt: 0.1, completion: 0.4 }, max_output_tokens: 1000 },
          { model: 'meta-llama/llama-3.1-8b-instruct', pricing: { prompt: 0, completion: 0 }, context_length: 8000 },
          { model: 'openai/text-embedding-3-small', type: 'embeddings', pricing: { prompt: 0.02, completion: 0 } },
        ],
      },
      {
        id: 'pricey',
        base_url: 'http://b/v1',
        region: 'eu',
        models: [
          { model: 'openai/gpt-4o-mini', pricing: { prompt: 0.3, completion: 1.2, request: 0.001 } },
          { model: 'openai/gpt-4o', pricing: { prompt: 2.5, completion: 10 } },
          { model: 'openai/text-embedding-3-small', type: 'embeddings', pricing: { prompt: 0.05, completion: 0 } },
        ],
      },
      // The catalog says this endpoint takes no tools; Anthropic's wire format has no embeddings, which only the router (holding the adapters) knows.
      { id: 'sonar', base_url: 'http://c', models: [{ model: 'perplexity/sonar', pricing: { prompt: 1, completion: 1 }, supported_parameters: ['max_tokens'] }] },
      { id: 'claude', format: 'anthropic', base_url: 'http://d', models: [{ model: 'openai/text-embedding-3-small', type: 'embeddings', pricing: { prompt: 9, completion: 0 } }] },
    ],
  }),
);
const quoter = new RouteQuoter(catalog);
const planner = new RoutePlanner(catalog);
const PER_MILLION = 1e-6;

const chat = (fields: Record<string, unknown> = {}) =>
  ({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there, how are you?' }], ...fields }) as ChatCompletionRequest;
const policy = (fields: Record<string, unknown>) => routingPolicySchema.parse({ id: 'p', name: 'eu-only', scope: 'organization', ...fields });
const thrown = (run: () => unknown): ApiError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
};
/** The prompt tokens a reservation prices: our count plus a 10 % margin. */
const reserved = (request: ChatCompletionRequest) => Math.ceil(estimatePromptTokens(request) * 1.1);

describe('RouteQuoter.chat', () => {
  it('refuses an unknown model (and accepts one a `models` fallback serves) at once', () => {
    const missing = thrown(() => quoter.chat(chat({ model: 'nope/nothing:nitro' }), []));
    expect(missing).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    expect(missing.message).toBe("Model 'nope/nothing:nitro' does not exist or is not served here");
    expect(() => quoter.chat(chat({ model: 'nope/nothing', models: ['openai/gpt-4o'] }), [])).not.toThrow();
  });

  it('validates the routing fields like the planner', () => {
    expect(thrown(() => quoter.chat(chat({ provider: { sort: 'vibes' } }), []))).toMatchObject({ status: 400, param: 'provider.sort' });
    expect(thrown(() => quoter.chat(chat({ objective: 'luck' }), []))).toMatchObject({ status: 400, param: 'objective' });
    expect(thrown(() => quoter.chat(chat({ models: 'openai/gpt-4o' }), []))).toMatchObject({ status: 400, param: 'models' });
  });

  it('prices the worst case over the endpoints that may serve: fallbacks in, excluded providers out', () => {
    const request = chat({ max_tokens: 200 });
    const p = reserved(request);
    expect(quoter.chat(request, []).maxCostUsd()).toBeCloseTo(p * 0.3 * PER_MILLION + 200 * 1.2 * PER_MILLION + 0.001, 12);
    expect(quoter.chat(chat({ max_tokens: 200, provider: { ignore: ['pricey'] } }), []).maxCostUsd()).toBeCloseTo(p * 0.1 * PER_MILLION + 200 * 0.4 * PER_MILLION, 12);
    const withFallback = chat({ max_tokens: 200, models: ['openai/gpt-4o'] });
    expect(quoter.chat(withFallback, []).maxCostUsd()).toBeCloseTo(p * 2.5 * PER_MILLION + 200 * 10 * PER_MILLION, 12);
    const pinned = chat({ max_tokens: 200, provider: { order: ['cheap'], allow_fallbacks: false } });
    expect(quoter.chat(pinned, []).maxCostUsd()).toBeCloseTo(p * 0.1 * PER_MILLION + 200 * 0.4 * PER_MILLION, 12);
  });

  it('assumes the endpoint output cap, else 4096 tokens, when the request sets none', () => {
    const request = chat({ provider: { only: ['cheap'] } });
    expect(quoter.chat(request, []).maxCostUsd()).toBeCloseTo(reserved(request) * 0.1 * PER_MILLION + 1000 * 0.4 * PER_MILLION, 12);
    const uncapped = chat({ provider: { only: ['pricey'] } });
    expect(quoter.chat(uncapped, []).maxCostUsd()).toBeCloseTo(reserved(uncapped) * 0.3 * PER_MILLION + 4096 * 1.2 * PER_MILLION + 0.001, 12);
  });

  it('prices `router` over every model that qualifies, within max_cost_per_1k_tokens', () => {
    const request = chat({ model: 'router', max_tokens: 100 });
    const p = reserved(request);
    const costs = [
      p * 0.1 * PER_MILLION + 100 * 0.4 * PER_MILLION,
      p * 0.3 * PER_MILLION + 100 * 1.2 * PER_MILLION + 0.001,
      p * 2.5 * PER_MILLION + 100 * 10 * PER_MILLION,
      (p + 100) * PER_MILLION,
    ];
    expect(quoter.chat(request, []).maxCostUsd()).toBeCloseTo(Math.max(...costs), 12);
    // At most $0.0005 per 1k tokens: only the cheap gpt-4o-mini endpoint and the free model remain.
    const capped = chat({ model: 'router', max_tokens: 100, max_cost_per_1k_tokens: 0.0005 });
    expect(quoter.chat(capped, []).maxCostUsd()).toBeCloseTo(costs[0]!, 12);
    expect(quoter.chat(chat({ model: 'free' }), []).maxCostUsd()).toBe(0);
  });

  it('leaves out endpoints the catalog says lack a capability the request needs', () => {
    const tools = [{ type: 'function', function: { name: 'f' } }];
    const noTools = thrown(() => quoter.chat(chat({ model: 'perplexity/sonar', tools }), []).maxCostUsd());
    expect(noTools).toMatchObject({ status: 400, code: 'no_endpoint_available' });
    expect(noTools.message).toContain('does not support tools');
  });

  it('answers 403 naming the policy when only policies stand in the way, and 400 when nothing could serve anyway', () => {
    const euOnly = [policy({ allowedRegions: ['eu'] })];
    const denied = thrown(() => quoter.chat(chat({ model: 'meta-llama/llama-3.1-8b-instruct' }), euOnly));
    expect(denied).toMatchObject({ status: 403, code: 'policy_denied', param: 'model', metadata: { policies: ['eu-only'] } });
    expect(denied.message).toBe('No endpoint for this request satisfies your policies: policy "eu-only" (organization): region us is not allowed');
    expect(() => quoter.chat(chat(), euOnly)).not.toThrow();
    const impossible = thrown(() => quoter.chat(chat({ provider: { only: ['nobody'] } }), euOnly));
    expect(impossible).toMatchObject({ status: 400, code: 'no_endpoint_available' });
  });

  it('prices only what the policies allow', () => {
    const request = chat({ max_tokens: 10 });
    const cheapOnly = [policy({ allowedProviders: ['cheap'] })];
    expect(quoter.chat(request, cheapOnly).maxCostUsd()).toBeCloseTo(reserved(request) * 0.1 * PER_MILLION + 10 * 0.4 * PER_MILLION, 12);
  });

  it('does not scan the catalog for a request without policies until its price is asked', () => {
    const models = jest.spyOn(catalog, 'models');
    const quote = quoter.chat(chat({ model: 'router' }), []);
    expect(models).not.toHaveBeenCalled();
    quote.maxCostUsd();
    quote.maxCostUsd();
    expect(models).toHaveBeenCalledTimes(1);
    models.mockRestore();
  });

  it('counts prompt tokens with the shared estimator and adds the requested output cap for rate limits', () => {
    const request = chat({ max_completion_tokens: 77 });
    const quote = quoter.chat(request, []);
    expect(quote.promptTokens()).toBe(estimatePromptTokens(request));
    expect(quote.outputTokens).toBe(77);
    expect(quoter.chat(chat(), []).outputTokens).toBe(0);
  });

  it.each<[string, Record<string, unknown>, ReturnType<typeof policy>[]]>([
    ['a served model', {}, []],
    ['an unsatisfiable provider filter', { provider: { only: ['nobody'] } }, []],
    ['a context window too small', { model: 'meta-llama/llama-3.1-8b-instruct', messages: [{ role: 'user', content: 'word '.repeat(9000) }] }, []],
    ['a price cap', { max_cost_per_1k_tokens: 0.0001 }, []],
    ['pinned providers', { provider: { order: ['nobody'], allow_fallbacks: false } }, []],
    ['a model policy', { model: 'router' }, [policy({ allowedModels: ['openai/gpt-4o'] })]],
  ])('agrees with the planner on %s', (_name, fields, policies) => {
    const request = chat(fields);
    const exclude = policyExclusion(policies);
    let planned: ApiError | null = null;
    try {
      planner.plan({ request, health: new Map(), adapterExclusion: () => null, exclude });
    } catch (error) {
      planned = error as ApiError;
    }
    let quoted: ApiError | null = null;
    try {
      quoter.chat(request, policies).maxCostUsd();
    } catch (error) {
      quoted = error as ApiError;
    }
    expect(quoted?.status ?? null).toBe(planned?.status ?? null);
    if (planned && planned.code === 'no_endpoint_available') expect(quoted!.message).toBe(planned.message);
  });
});

describe('RouteQuoter.embeddings', () => {
  const embed = (fields: Partial<EmbeddingsApiRequest> = {}) => ({ model: 'openai/text-embedding-3-small', input: 'hello world', ...fields }) as EmbeddingsApiRequest;

  it('refuses an unknown model at once', () => {
    expect(thrown(() => quoter.embeddings(embed({ model: 'nope/x' }), []))).toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('prices the dearest embeddings endpoint, with no output', () => {
    const tokens = Math.ceil(estimateEmbeddingsTokens('hello world') * 1.1);
    const quote = quoter.embeddings(embed(), []);
    expect(quote.outputTokens).toBe(0);
    expect(quote.promptTokens()).toBe(estimateEmbeddingsTokens('hello world'));
    // `claude` ($9) counts although the router will skip it (its format cannot embed): the quote errs high, never low.
    expect(quote.maxCostUsd()).toBeCloseTo(tokens * 9 * PER_MILLION, 12);
    expect(quoter.embeddings(embed(), [policy({ allowedProviders: ['cheap', 'pricey'] })]).maxCostUsd()).toBeCloseTo(tokens * 0.05 * PER_MILLION, 12);
  });

  it('refuses a chat model or a policy that leaves nothing, as the router would', () => {
    expect(thrown(() => quoter.embeddings(embed({ model: 'openai/gpt-4o' }), []).maxCostUsd())).toMatchObject({ status: 400, code: 'no_endpoint_available' });
    const refused = thrown(() => quoter.embeddings(embed(), [policy({ allowedRegions: ['ru'] })]));
    expect(refused.message).toContain('cheap:openai/text-embedding-3-small: policy "eu-only" (organization): region us is not allowed');
  });
});
