import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { describeFidelity, emptySample, type EndpointHealth } from '@alltokens/routing';
import { endpointEditSchema, toEndpointView } from './routing.dto';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [{ id: 'alpha', name: 'Alpha Cloud', base_url: 'http://a/v1', region: 'eu', models: [{ model: 'openai/gpt-4o-mini', upstream_id: 'gpt-4o-mini-2024', pricing: { prompt: 0.15, completion: 0.6, request: 0.001 } }] }],
  }),
);
const endpoint = catalog.endpoint('alpha:openai/gpt-4o-mini')!;
const unmeasured = describeFidelity(emptySample());
const quiet: EndpointHealth = { requests: 0, errors: 0, uptime: null, latencyP50: null, latencyP95: null, ttftAvg: null, ttftP50: null, ttftP95: null, tokensPerSecond: null, breakerOpen: false, openUntil: 0 };

describe('toEndpointView', () => {
  it('shows an endpoint in OpenRouter’s shape with its prices as decimal strings', () => {
    expect(toEndpointView(catalog, endpoint, quiet, unmeasured)).toMatchObject({
      name: 'Alpha Cloud | gpt-4o-mini-2024',
      provider_name: 'alpha',
      region: 'eu',
      pricing: { prompt: '0.00000015', completion: '0.0000006', request: '0.001' },
      status: 0,
      uptime_last_30m: null,
      ttft_last_30m: null,
      throughput_last_30m: null,
      requests_last_30m: 0,
      fidelity_last_60m: { answers: 0, tool_calls: 0, tool_call_adherence: null, json_schema_adherence: null, empty_answers: null, mid_stream_failures: null },
    });
  });

  it('shows measured fidelity in percent', () => {
    const measured = describeFidelity({ ...emptySample(), answers: 40, toolCalls: 50, brokenToolCalls: 1, streams: 20, midStreamFailures: 1, empty: 2 });
    expect(toEndpointView(catalog, endpoint, quiet, measured).fidelity_last_60m).toEqual({
      answers: 40,
      tool_calls: 50,
      json_answers: 0,
      streams: 20,
      tool_call_adherence: 98,
      json_schema_adherence: null,
      empty_answers: 5,
      truncations: 0,
      mid_stream_failures: 5,
    });
  });

  it('rounds live stats and marks an open breaker -1 and a disabled endpoint -2', () => {
    const busy = { ...quiet, requests: 7, uptime: 6 / 7, latencyP50: 200, latencyP95: 800, ttftAvg: 41.6, ttftP50: 50, ttftP95: 100, tokensPerSecond: 123.456, breakerOpen: true };
    expect(toEndpointView(catalog, endpoint, busy, unmeasured)).toMatchObject({
      status: -1,
      uptime_last_30m: 85.71,
      latency_last_30m: { p50: 200, p95: 800 },
      ttft_last_30m: { avg: 42, p50: 50, p95: 100 },
      throughput_last_30m: 123.5,
    });
    expect(toEndpointView(catalog, { ...endpoint, status: 'disabled' }, busy, unmeasured).status).toBe(-2);
  });
});

describe('endpointEditSchema', () => {
  it('takes a status, a price (USD per million) or null to restore the configured price', () => {
    expect(endpointEditSchema.parse({ pricing: null })).toEqual({ pricing: null });
    expect(endpointEditSchema.parse({ status: 'disabled', pricing: { prompt: 1, completion: 2 } })).toEqual({ status: 'disabled', pricing: { prompt: 1, completion: 2, request: 0 } });
    expect(endpointEditSchema.safeParse({ status: 'paused' }).success).toBe(false);
    expect(endpointEditSchema.safeParse({ pricing: { prompt: -1, completion: 0 } }).success).toBe(false);
  });
});
