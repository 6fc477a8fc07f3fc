import OpenAI from 'openai';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

const catalog = ([a, b]: number[]) => `
providers:
  - id: alpha
    base_url: http://127.0.0.1:${a}/v1
    api_key: sim-key
    region: us
    trains_on_data: true
    first_byte_timeout_ms: 1500
    models:
      - { model: openai/gpt-4o-mini, pricing: { prompt: 0.15, completion: 0.6 } }
      - { model: openai/gpt-4o, pricing: { prompt: 2.5, completion: 10 }, modalities: [text, image] }
      - { model: meta-llama/llama-3.1-8b-instruct, pricing: { prompt: 0, completion: 0 }, supported_parameters: [max_tokens, temperature] }
  - id: beta
    base_url: http://127.0.0.1:${b}/v1
    api_key: sim-key
    region: eu
    zero_data_retention: true
    models:
      - { model: openai/gpt-4o-mini, pricing: { prompt: 0.2, completion: 0.8 } }
`;

describe('routing: router/auto/free, provider preferences, route proof and explain', () => {
  let e2e: E2eStack;
  let key: string;
  let client: OpenAI;

  const create = (body: Record<string, unknown>) =>
    client.chat.completions.create({ messages: [{ role: 'user', content: 'route me' }], ...body } as never).withResponse() as unknown as Promise<{
      data: OpenAI.ChatCompletion & { alltokens_route: { trace_id: string; candidates: { count: number }; decision_reason: string } };
      response: Response;
    }>;

  beforeAll(async () => {
    e2e = await startE2eStack('routing', { catalog });
    key = (await e2e.createKey({ name: 'routing' })).key;
    client = e2e.client(key);
  });
  afterAll(async () => e2e?.stop());

  it('routes a concrete model to its cheapest endpoint and proves it', async () => {
    const { data, response } = await create({ model: 'openai/gpt-4o-mini' });
    expect(response.headers.get('x-alltokens-route-mode')).toBe('provider');
    expect(response.headers.get('x-alltokens-chosen-provider')).toBe('alpha');
    expect(data.alltokens_route).toEqual({ trace_id: response.headers.get('x-alltokens-trace-id'), candidates: { count: 2 }, decision_reason: 'fixed_model' });
  });

  it('obeys provider.order, provider.ignore and data_collection: deny', async () => {
    expect((await create({ model: 'openai/gpt-4o-mini', provider: { order: ['beta'] } })).response.headers.get('x-alltokens-chosen-provider')).toBe('beta');
    expect((await create({ model: 'openai/gpt-4o-mini', provider: { ignore: ['alpha'] } })).response.headers.get('x-alltokens-chosen-provider')).toBe('beta');
    const denied = await create({ model: 'openai/gpt-4o-mini', provider: { data_collection: 'deny' } });
    expect(denied.response.headers.get('x-alltokens-chosen-provider')).toBe('beta');
    expect(denied.data.alltokens_route.candidates.count).toBe(1);
  });

  it('answers 400 naming the reasons when no endpoint qualifies', async () => {
    await expect(create({ model: 'openai/gpt-4o', provider: { zdr: true } })).rejects.toMatchObject({ status: 400, code: 'no_endpoint_available' });
  });

  it('lets router pick by objective, free pick only zero-price endpoints, and filters by needs', async () => {
    const cheapest = await create({ model: 'router', objective: 'cheapest' } as never);
    expect(cheapest.response.headers.get('x-alltokens-route-mode')).toBe('model');
    expect(cheapest.data.model).toBe('meta-llama/llama-3.1-8b-instruct');
    expect(cheapest.data.alltokens_route.decision_reason).toBe('cheapest_under_budget');
    const best = await create({ model: 'router:quality' });
    expect(best.data.model).toBe('openai/gpt-4o');
    expect(best.data.alltokens_route.decision_reason).toBe('router_auto');
    const free = await create({ model: 'free' });
    expect(free.data.model).toBe('meta-llama/llama-3.1-8b-instruct');
    expect((free.data.usage as unknown as { cost: number }).cost).toBe(0);
    const withTools = await create({
      model: 'auto',
      objective: 'cheapest',
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
    } as never);
    expect(withTools.data.model).toBe('openai/gpt-4o-mini');
  });

  it('falls back to the next model of `models` and counts the failover', async () => {
    const { data, response } = await create({ model: 'openai/gpt-4o', models: ['openai/gpt-4o-mini'], messages: [{ role: 'user', content: 'x' }] });
    expect(data.model).toBe('openai/gpt-4o');
    await fetch(`${e2e.simulatorUrls[0]!.replace(/\/v1$/, '')}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: [{ type: 'status', status: 503, count: 1, model: 'gpt-4o' }] }),
    });
    const fallback = await create({ model: 'openai/gpt-4o', models: ['openai/gpt-4o-mini'] });
    expect(fallback.data.model).toBe('openai/gpt-4o-mini');
    expect(fallback.response.headers.get('x-alltokens-failover-count')).toBe('1');
    expect(fallback.data.alltokens_route.decision_reason).toBe('provider_fallback');
    expect(response.headers.get('x-alltokens-failover-count')).toBe('0');
  });

  it('puts route proof in the final chunks of a stream', async () => {
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const chunks: Array<Record<string, unknown>> = [];
    for await (const chunk of stream) chunks.push(chunk as unknown as Record<string, unknown>);
    const proof = chunks.find((chunk) => chunk.alltokens_route)?.alltokens_route as { decision_reason: string };
    expect(proof.decision_reason).toBe('fixed_model');
  });

  it('edits an endpoint’s price and status through the management API, for every service at once', async () => {
    const patch = async (provider: string, body: Record<string, unknown>) => {
      const res = await e2e.admin(`/api/v1/models/openai/gpt-4o-mini/endpoints/${provider}`, { method: 'PATCH', body: JSON.stringify(body) });
      await new Promise((resolve) => setTimeout(resolve, 150)); // routers and analytics reload on a pub/sub message
      return res;
    };
    const repriced = await patch('alpha', { pricing: { prompt: 5, completion: 5 } });
    expect(repriced.status).toBe(200);
    const routed = await create({ model: 'openai/gpt-4o-mini' });
    expect(routed.response.headers.get('x-alltokens-chosen-provider')).toBe('beta');
    await patch('beta', { status: 'disabled' });
    const expensive = await create({ model: 'openai/gpt-4o-mini' });
    expect(expensive.response.headers.get('x-alltokens-chosen-provider')).toBe('alpha');
    const usage = expensive.data.usage as unknown as { prompt_tokens: number; completion_tokens: number; cost: number };
    expect(usage.cost).toBeCloseTo((usage.prompt_tokens + usage.completion_tokens) * 5e-6, 12);
    const listed = (await (await fetch(`${e2e.gatewayUrl}/api/v1/models/openai/gpt-4o-mini/endpoints`)).json()) as { data: { endpoints: Array<Record<string, any>> } };
    expect(listed.data.endpoints.find((e) => e.provider_name === 'alpha')!.pricing.prompt).toBe('0.000005');
    expect(listed.data.endpoints.find((e) => e.provider_name === 'beta')!.status).toBe(-2);
    const management = (await e2e.createKey({ name: 'mgmt-catalog', kind: 'management' })).key;
    const refused = await fetch(`${e2e.gatewayUrl}/api/v1/models/openai/gpt-4o-mini/endpoints/alpha`, {
      method: 'PATCH', headers: { authorization: `Bearer ${management}`, 'content-type': 'application/json' }, body: '{"status":"disabled"}',
    });
    expect(refused.status).toBe(403);
    await patch('alpha', { pricing: null });
    await patch('beta', { status: 'active' });
    expect((await create({ model: 'openai/gpt-4o-mini' })).response.headers.get('x-alltokens-chosen-provider')).toBe('alpha');
  });

  it('explains a decision and reports live endpoint health', async () => {
    const { data } = await create({ model: 'openai/gpt-4o-mini', provider: { ignore: ['beta'] } });
    const explained = await eventually(async () => {
      const res = await fetch(`${e2e.gatewayUrl}/api/v1/route/explain?generation_id=${data.id}`, { headers: { authorization: `Bearer ${key}` } });
      return res.status === 200 ? ((await res.json()) as { data: Record<string, any> }).data : undefined;
    });
    expect(explained).toMatchObject({ mode: 'provider', decisionReason: 'fixed_model', chosen: { model: 'openai/gpt-4o-mini', provider: 'alpha' } });
    const beta = explained.candidates.find((c: { providerId: string }) => c.providerId === 'beta');
    expect(beta.excluded).toBe('provider in provider.ignore');
    expect(explained.attempts[0]).toMatchObject({ providerId: 'alpha', outcome: 'success' });
    expect(explained.attempts[0].costUsd).toBeGreaterThan(0);
    const endpoints = await fetch(`${e2e.gatewayUrl}/api/v1/models/openai/gpt-4o-mini/endpoints`);
    const body = (await endpoints.json()) as { data: { endpoints: Array<Record<string, any>> } };
    const alpha = body.data.endpoints.find((e) => e.provider_name === 'alpha')!;
    expect(alpha.requests_last_30m).toBeGreaterThan(0);
    expect(alpha.uptime_last_30m).toBeGreaterThan(0);
    expect(alpha.latency_last_30m.p50).toBeGreaterThan(0);
    expect(body.data.endpoints.find((e) => e.provider_name === 'beta')!.data_policy.zero_data_retention).toBe(true);
  });
});
