import { request as httpRequest } from 'node:http';
import Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

// Two simulators (named `simulator` and `simulator-2`) serve each model; directives with `on=simulator`
// break the stream on the first only, so the second must continue it.
const catalog = ([a, b]: number[]) => `providers:
  - id: primary
    base_url: http://127.0.0.1:${a}/v1
    api_key: sim-key
    options: { continuation: prefill }
    stream_idle_timeout_ms: 400
    models:
      - { model: openai/gpt-4o-mini, pricing: { prompt: 0.15, completion: 0.6 } }
  - id: backup
    base_url: http://127.0.0.1:${b}/v1
    api_key: sim-key
    options: { continuation: prefill }
    models:
      - { model: openai/gpt-4o-mini, pricing: { prompt: 0.3, completion: 1.2 } }
  - id: claude-primary
    format: anthropic
    base_url: http://127.0.0.1:${a}
    api_key: sim-key
    models:
      - { model: anthropic/claude-sonnet-4, upstream_id: claude-sonnet-4, pricing: { prompt: 3, completion: 15 } }
  - id: claude-backup
    format: anthropic
    base_url: http://127.0.0.1:${b}
    api_key: sim-key
    models:
      - { model: anthropic/claude-sonnet-4, upstream_id: claude-sonnet-4, pricing: { prompt: 3.5, completion: 16 } }
`;

/** The simulator's reply of 120 characters: what an unbroken stream concatenates to. */
const FULL = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliq';
// 20 deltas of 6 characters: after three the client has "Lorem ipsum dolor " (ending in a space).
const CUT = '[sim:chunks=20] [sim:on=simulator cut_after=4]';

type Proof = { continued?: boolean; failover_count?: number; decision_reason: string };

describe('stream continuation failover', () => {
  let e2e: E2eStack;
  let key: string;
  let client: OpenAI;

  beforeAll(async () => {
    e2e = await startE2eStack('continuation', { catalog });
    key = (await e2e.createKey({ name: 'continuation' })).key;
    client = e2e.client(key);
  });
  afterAll(async () => e2e?.stop());

  const generation = (id: string) =>
    eventually(async () => {
      const res = await fetch(`${e2e.gatewayUrl}/api/v1/generation?id=${id}`, { headers: { authorization: `Bearer ${key}` } });
      return res.status === 200 ? ((await res.json()) as { data: Record<string, any> }).data : undefined;
    });

  async function chatStream(content: string, extra: Record<string, unknown> = {}) {
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content }],
      ...extra,
    } as OpenAI.ChatCompletionCreateParamsStreaming);
    const chunks: Array<OpenAI.ChatCompletionChunk & { provider?: string; alltokens_route?: Proof; usage?: OpenAI.CompletionUsage & { cost: number } }> = [];
    for await (const chunk of stream) chunks.push(chunk as never);
    return { chunks, text: chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('') };
  }

  it('continues a cut chat stream on the other endpoint: one uninterrupted answer, billed for both attempts', async () => {
    const { chunks, text } = await chatStream(`Tell me ${CUT}`);
    expect(text).toBe(FULL);
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta?.role)).toHaveLength(1);
    expect(new Set(chunks.map((chunk) => `${chunk.id} ${chunk.model} ${chunk.provider}`))).toEqual(new Set([`${chunks[0]!.id} openai/gpt-4o-mini primary`]));
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason)!;
    expect(finish.alltokens_route).toMatchObject({ continued: true, failover_count: 1, decision_reason: 'fixed_model' });
    const usage = chunks.at(-1)!.usage!;
    const record = await generation(chunks[0]!.id);
    expect(record.attempts).toEqual([
      expect.objectContaining({ providerId: 'primary', outcome: 'interrupted', usage: expect.objectContaining({ completionTokens: expect.any(Number) }) }),
      expect.objectContaining({ providerId: 'backup', outcome: 'success', continuation: true }),
    ]);
    const [cut, continued] = record.attempts as Array<{ costUsd: number; usage: { promptTokens: number; completionTokens: number } }>;
    expect(usage.prompt_tokens).toBe(cut!.usage.promptTokens + continued!.usage.promptTokens);
    expect(usage.completion_tokens).toBe(cut!.usage.completionTokens + continued!.usage.completionTokens);
    expect(record.total_cost).toBeCloseTo(cut!.costUsd + continued!.costUsd, 12);
    expect(usage.cost).toBeCloseTo(record.total_cost, 12);
    expect(record).toMatchObject({ status: 'success', provider_name: 'backup', tokens_completion: usage.completion_tokens });
    const explain = await eventually(async () => {
      const res = await fetch(`${e2e.gatewayUrl}/api/v1/route/explain?generation_id=${chunks[0]!.id}`, { headers: { authorization: `Bearer ${key}` } });
      return res.status === 200 ? ((await res.json()) as { data: Record<string, any> }).data : undefined;
    });
    expect(explain.attempts.map((attempt: { providerId: string; outcome: string }) => [attempt.providerId, attempt.outcome])).toEqual([
      ['primary', 'interrupted'],
      ['backup', 'success'],
    ]);
  });

  it('continues a stream that stalled past the provider’s stream idle timeout', async () => {
    const started = Date.now();
    const { text, chunks } = await chatStream('Stall [sim:chunks=20] [sim:on=simulator stall_after=4]');
    expect(text).toBe(FULL);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(chunks.find((chunk) => chunk.alltokens_route)!.alltokens_route).toMatchObject({ continued: true, failover_count: 1 });
  });

  it('ends with the error event as before when the request turns continuation off', async () => {
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `No ${CUT}` }], stream_continuation: false } as never);
    const read = async () => {
      for await (const _chunk of stream as unknown as AsyncIterable<unknown>) void _chunk;
    };
    await expect(read()).rejects.toThrow(/stream failed/);
  });

  it('says so in the HTTP trailers of the stream: the final failover count and continued', async () => {
    const { headers, trailers, body } = await new Promise<{ headers: Record<string, unknown>; trailers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = httpRequest(`${e2e.gatewayUrl}/api/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ headers: res.headers, trailers: res.trailers, body: text }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `Trailers ${CUT}` }] }));
    });
    expect(headers['x-alltokens-failover-count']).toBe('0');
    expect(headers.trailer).toContain('x-alltokens-continued');
    expect(trailers).toMatchObject({ 'x-alltokens-failover-count': '1', 'x-alltokens-continued': 'true' });
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('ends with the error event for a key whose stream continuation is off, a setting the admin API changes', async () => {
    const created = await e2e.createKey({ name: 'no-continuation', stream_continuation: false });
    expect(created.data.stream_continuation).toBe(false);
    const strict = e2e.client(created.key);
    const read = async () => {
      const stream = await strict.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `Strict ${CUT}` }] });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      return text;
    };
    await expect(read()).rejects.toThrow(/stream failed/);
    const patched = await e2e.admin(`/api/v1/keys/${created.data.id as string}`, { method: 'PATCH', body: JSON.stringify({ stream_continuation: true }) });
    expect(((await patched.json()) as { data: Record<string, unknown> }).data.stream_continuation).toBe(true);
    expect(await read()).toBe(FULL);
  });

  it('continues an Anthropic Messages stream (the Anthropic SDK), the trimmed prefill’s space not repeated', async () => {
    const claude = new Anthropic({ apiKey: key, baseURL: `${e2e.gatewayUrl}/api`, maxRetries: 0 });
    const events: string[] = [];
    const stream = claude.messages.stream({ model: 'anthropic/claude-sonnet-4', max_tokens: 256, messages: [{ role: 'user', content: `Tell me [sim:chunks=20] [sim:on=simulator cut_after=6]` }] });
    stream.on('streamEvent', (event) => events.push(event.type));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: FULL, citations: null }].map(({ citations: _c, ...block }) => expect.objectContaining(block)));
    expect(events.filter((type) => type === 'message_start')).toHaveLength(1);
    expect(events.at(-1)).toBe('message_stop');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const record = await generation(`gen-${message.id.replace(/^msg_/, '')}`);
    expect(record.attempts.map((attempt: { providerId: string; outcome: string }) => [attempt.providerId, attempt.outcome])).toEqual([
      ['claude-primary', 'interrupted'],
      ['claude-backup', 'success'],
    ]);
  });

  it('continues a Responses API stream', async () => {
    const stream = client.responses.stream({ model: 'openai/gpt-4o-mini', input: `Tell me ${CUT}` });
    const types: string[] = [];
    stream.on('event', (event) => types.push(event.type));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(FULL);
    expect(types.filter((type) => type === 'response.created')).toHaveLength(1);
    expect(types.at(-1)).toBe('response.completed');
  });
});
