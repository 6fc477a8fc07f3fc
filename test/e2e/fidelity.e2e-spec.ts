import type OpenAI from 'openai';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

// `sloppy` is the cheaper endpoint; its simulator (the first) breaks every tool call it makes.
const catalog = ([a, b]: number[]) => `providers:
  - id: sloppy
    base_url: http://127.0.0.1:${a}/v1
    api_key: sim-key
    models:
      - { model: openai/gpt-4o-mini, pricing: { prompt: 0.15, completion: 0.6 } }
  - id: careful
    base_url: http://127.0.0.1:${b}/v1
    api_key: sim-key
    models:
      - { model: openai/gpt-4o-mini, pricing: { prompt: 0.3, completion: 1.2 } }
`;

const weather = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'], additionalProperties: false };
const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'forecast', parameters: weather } }];

const argumentsOf = (completion: OpenAI.ChatCompletion) => (completion.choices[0]!.message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall).function.arguments;

function wellFormed(args: string): boolean {
  try {
    const value = JSON.parse(args) as Record<string, unknown>;
    return typeof value.city === 'string' && Number.isInteger(value.days) && Object.keys(value).length === 2;
  } catch {
    return false;
  }
}

describe('routing on measured provider fidelity', () => {
  let e2e: E2eStack;
  let key: string;
  let client: OpenAI;

  beforeAll(async () => {
    e2e = await startE2eStack('fidelity', { catalog, env: { ROUTER_FIDELITY_MIN_SAMPLES: '5' } });
    key = (await e2e.createKey({ name: 'fidelity' })).key;
    client = e2e.client(key);
    await fetch(`${e2e.simulatorUrls[0]!.replace(/\/v1$/, '')}/_sim/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ brokenToolRate: 1 }) });
  });
  afterAll(async () => e2e?.stop());

  const ask = (stream = false) =>
    client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools, stream } as never).withResponse() as unknown as Promise<{
      data: OpenAI.ChatCompletion;
      response: Response;
    }>;

  it('measures broken tool calls from real traffic, then routes tool requests away from the endpoint that makes them', async () => {
    for (let i = 0; i < 5; i += 1) {
      const { data, response } = await ask();
      expect(response.headers.get('x-alltokens-chosen-provider')).toBe('sloppy');
      expect(wellFormed(argumentsOf(data))).toBe(false);
    }
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Weather?' }], tools, stream: true });
    for await (const _chunk of stream) void _chunk;
    // Counters are flushed every 200 ms and routers reread fidelity every 5 s.
    const moved = await eventually(async () => {
      const { data, response } = await ask();
      return response.headers.get('x-alltokens-chosen-provider') === 'careful' ? data : undefined;
    }, 15_000, 250);
    expect(wellFormed(argumentsOf(moved))).toBe(true);
    const plain = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Just chat' }] }).withResponse();
    expect(plain.response.headers.get('x-alltokens-chosen-provider')).toBe('sloppy');

    const explain = await eventually(async () => {
      const res = await fetch(`${e2e.gatewayUrl}/api/v1/route/explain?generation_id=${moved.id}`, { headers: { authorization: `Bearer ${key}` } });
      return res.status === 200 ? ((await res.json()) as { data: { candidates: Array<Record<string, unknown>> } }).data : undefined;
    });
    expect(explain.candidates.find((candidate) => candidate.providerId === 'sloppy')).toMatchObject({
      excluded: expect.stringMatching(/^measured tool-call adherence 0\.0 % < 90\.0 % \(\d+ calls\)$/),
      demotedByFidelity: true,
      fidelity: 0,
    });

    const endpoints = await eventually(async () => {
      const body = (await (await fetch(`${e2e.gatewayUrl}/api/v1/models/openai/gpt-4o-mini/endpoints`)).json()) as { data: { endpoints: Array<Record<string, any>> } };
      const byProvider = Object.fromEntries(body.data.endpoints.map((endpoint) => [endpoint.provider_name, endpoint.fidelity_last_60m]));
      return byProvider.careful.tool_calls > 0 ? byProvider : undefined;
    });
    expect(endpoints.sloppy).toMatchObject({ tool_call_adherence: 0, streams: 1, answers: expect.any(Number) });
    expect(endpoints.sloppy.tool_calls).toBeGreaterThanOrEqual(6);
    expect(endpoints.careful.tool_call_adherence).toBe(100);
  });

  it('counts a stream that broke mid-answer as a mid-stream failure of its endpoint', async () => {
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Go [sim:on=simulator cut_after=3]' }] });
    await expect((async () => {
      for await (const _chunk of stream) void _chunk;
    })()).rejects.toThrow();
    const broke = await eventually(async () => {
      const body = (await (await fetch(`${e2e.gatewayUrl}/api/v1/models/openai/gpt-4o-mini/endpoints`)).json()) as { data: { endpoints: Array<Record<string, any>> } };
      const sloppy = body.data.endpoints.find((endpoint) => endpoint.provider_name === 'sloppy')!;
      return sloppy.fidelity_last_60m.mid_stream_failures > 0 ? sloppy.fidelity_last_60m : undefined;
    });
    expect(broke.streams).toBeGreaterThanOrEqual(2);
  });
});
