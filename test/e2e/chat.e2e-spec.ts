import OpenAI from 'openai';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

describe('chat completions through the whole stack (openai SDK)', () => {
  let e2e: E2eStack;
  let key: string;
  let client: OpenAI;

  beforeAll(async () => {
    e2e = await startE2eStack('chat');
    key = (await e2e.createKey({ name: 'chat' })).key;
    client = e2e.client(key);
  });
  afterAll(async () => e2e?.stop());

  it('answers a non-streaming request in OpenAI shape with cost and route proof', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] })
      .withResponse();
    expect(data.id).toMatch(/^gen-/);
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('openai/gpt-4o-mini');
    expect(data.choices[0]!.message.role).toBe('assistant');
    expect(data.choices[0]!.message.content!.length).toBeGreaterThan(0);
    expect(data.choices[0]!.finish_reason).toBe('stop');
    const usage = data.usage as OpenAI.CompletionUsage & { cost: number };
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.cost).toBeCloseTo(usage.prompt_tokens * 0.15e-6 + usage.completion_tokens * 0.6e-6, 12);
    expect(response.headers.get('x-request-id')).toBe(data.id);
    expect(response.headers.get('x-alltokens-request-id')).toBe(data.id);
    expect(response.headers.get('x-alltokens-chosen-provider')).toBe('primary');
    expect(response.headers.get('x-alltokens-chosen-model')).toBe('openai/gpt-4o-mini');
    expect(response.headers.get('x-alltokens-failover-count')).toBe('0');
  });

  it("names the caller's trace when the request carries a W3C traceparent (no exporter configured)", async () => {
    const res = await fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'part of a trace' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-alltokens-trace-id')).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('streams chunks ending with usage and [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text.length).toBeGreaterThan(0);
    const last = chunks[chunks.length - 1]!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.completion_tokens).toBeGreaterThan(0);
    expect((last.usage as { cost?: number }).cost).toBeGreaterThan(0);
  });

  it('ends the raw SSE body with data: [DONE]', async () => {
    const res = await fetch(`${e2e.gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const body = await res.text();
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(body).not.toContain('"usage":{'); // not asked for: the gateway's own usage chunk stays hidden
  });

  it('serves the same API under /v1 for OpenAI-style base URLs', async () => {
    const reply = await e2e.client(key, '/v1').chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'alias' }],
    });
    expect(reply.object).toBe('chat.completion');
  });

  it('records the generation with tokens, cost, latency and attempts', async () => {
    const started = performance.now();
    const { data: reply, response } = await client.chat.completions
      .create({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'Record me' }],
      })
      .withResponse();
    const elapsedMs = performance.now() - started;
    const generation = await eventually(async () => {
      const res = await fetch(`${e2e.gatewayUrl}/api/v1/generation?id=${reply.id}`, { headers: { authorization: `Bearer ${key}` } });
      return res.status === 200 ? ((await res.json()) as { data: Record<string, any> }).data : undefined;
    });
    expect(generation).toMatchObject({
      id: reply.id,
      model: 'openai/gpt-4o-mini',
      provider_name: 'primary',
      status: 'success',
      tokens_prompt: reply.usage!.prompt_tokens,
      tokens_completion: reply.usage!.completion_tokens,
      native_tokens_cached: 0,
      native_tokens_reasoning: 0,
      streamed: false,
    });
    // Without an exporter configured, spans record nothing but the trace id still links reply and log.
    const traceId = (reply as unknown as { alltokens_route: { trace_id: string } }).alltokens_route.trace_id;
    expect(traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    expect(generation!.trace_id).toBe(traceId);
    expect(generation.total_cost).toBeCloseTo((reply.usage as unknown as { cost: number }).cost, 10);
    // Whole milliseconds, measured inside the request the client timed around it.
    expect(Number.isInteger(generation.latency)).toBe(true);
    expect(generation.latency).toBeLessThanOrEqual(Math.ceil(elapsedMs));
    // The ledger's latency is the one the response's headers reported.
    expect(generation.latency).toBe(Number(response.headers.get('x-alltokens-total-latency-ms')));
    expect(generation.attempts).toHaveLength(1);
    const keyInfo = await eventually(async () => {
      const res = await fetch(`${e2e.gatewayUrl}/api/v1/key`, { headers: { authorization: `Bearer ${key}` } });
      const body = (await res.json()) as { data: { usage: number } };
      return body.data.usage > 0 ? body.data : undefined;
    });
    expect(keyInfo.usage).toBeGreaterThan(0);
  });

  it('fails over to the next provider when the first one answers 503 before the first byte', async () => {
    const res = await fetch(`${e2e.simulatorUrls[0]!.replace(/\/v1$/, '')}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: [{ type: 'status', status: 503, count: 1 }] }),
    });
    expect(res.ok).toBe(true);
    const { data, response } = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'fail over' }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toMatch(/^Lorem ipsum dolor sit amet/); // the backup's answer, relayed whole
    expect(response.headers.get('x-alltokens-chosen-provider')).toBe('backup');
    expect(response.headers.get('x-alltokens-failover-count')).toBe('1');
  });

  it('turns a mid-stream cut into a final SSE error event', async () => {
    const stream = await client.chat.completions.create({
      model: 'acme/solo',
      messages: [{ role: 'user', content: 'cut me [sim:cut_after=3]' }],
      stream: true,
    });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow();
    expect(received.length).toBeGreaterThan(0);
  });
});
