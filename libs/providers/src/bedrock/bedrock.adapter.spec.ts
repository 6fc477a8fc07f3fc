import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { chatCompletionRequestSchema, type ChatCompletionChunk } from '@alltokens/contracts';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { BedrockAdapter } from './bedrock.adapter';
import { JSON_RESPONSE_TOOL } from './converse-request';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      {
        id: 'aws',
        format: 'bedrock',
        options: { region: 'us-west-2', access_key_id: 'AKIDEXAMPLE', secret_access_key: 'secret' },
        models: [{ model: 'anthropic/claude-3.5-haiku', upstream_id: 'anthropic.claude-3-5-haiku-20241022-v1:0' }],
      },
    ],
  }),
);
const adapter = new BedrockAdapter();
const provider = { ...catalog.provider('aws')!, baseUrl: adapter.defaultBaseUrl };
const context = { provider, endpoint: catalog.endpoint('aws:anthropic/claude-3.5-haiku')! };
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const header = (value: string) => ({ type: 'string' as const, value });

/** A recorded stream (event type + payload) as the bytes Bedrock sends, in uneven network chunks. */
async function* eventStream(name: string): AsyncGenerator<Uint8Array> {
  const events = fixture(name) as Array<{ event: string; payload: unknown }>;
  const frames = events.map(({ event, payload }) =>
    codec.encode({
      headers: { ':event-type': header(event), ':content-type': header('application/json'), ':message-type': header('event') },
      body: fromUtf8(JSON.stringify(payload)),
    }),
  );
  const bytes = Buffer.concat(frames);
  for (let offset = 0; offset < bytes.length; offset += 37) yield bytes.subarray(offset, offset + 37);
}

async function translate(name: string): Promise<ChatCompletionChunk[]> {
  const translator = adapter.createStreamTranslator(context);
  const chunks: ChatCompletionChunk[] = [];
  for await (const event of adapter.readEvents(eventStream(name))) chunks.push(...translator.translate(event));
  return chunks;
}

const deltas = (chunks: ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]?.delta ?? {});

describe('BedrockAdapter', () => {
  it('declares its format, a regional default URL and its capabilities', () => {
    expect(adapter.format).toBe('bedrock');
    expect(adapter.defaultBaseUrl).toBe('https://bedrock-runtime.{region}.amazonaws.com');
    expect(adapter.capabilities).toMatchObject({ chat: true, stream: true, tools: true, vision: true, jsonSchema: true });
    expect(adapter.embeddings).toBeDefined();
    expect(adapter).not.toHaveProperty('textCompletions');
  });

  it('builds a signed Converse request, streaming to converse-stream', async () => {
    const request = chatCompletionRequestSchema.parse({ model: 'anthropic/claude-3.5-haiku', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const upstream = await adapter.buildChatRequest(request, context, true);
    expect(upstream.url).toBe('https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream');
    expect(upstream.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-west-2\/bedrock\/aws4_request, /);
    expect(JSON.parse(upstream.body)).toEqual({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }] });
  });

  it('reads a text response with usage', () => {
    const completion = adapter.parseChatResponse(fixture('converse-text.json'), context);
    expect(completion).toMatchObject({ object: 'chat.completion', model: 'anthropic.claude-3-5-haiku-20241022-v1:0' });
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: expect.stringContaining('"Wannabe" by Spice Girls') } });
    expect(completion.usage).toEqual({ prompt_tokens: 125, completion_tokens: 60, total_tokens: 185, prompt_tokens_details: { cached_tokens: 0 } });
  });

  it('reads a tool call', () => {
    const { choices } = adapter.parseChatResponse(fixture('converse-tool-use.json'), context);
    expect(choices[0]!.finish_reason).toBe('tool_calls');
    expect(choices[0]!.message).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', type: 'function', function: { name: 'top_song', arguments: '{"sign":"WZPZ"}' } }],
    });
  });

  it('reads reasoning and counts cache reads as cached prompt tokens', () => {
    const completion = adapter.parseChatResponse(fixture('converse-reasoning-cached.json'), context);
    expect(completion.choices[0]!.message).toEqual({
      role: 'assistant',
      content: 'The capital of France is Paris.',
      reasoning: 'The user wants the capital of France. That is Paris.',
    });
    expect(completion.usage).toEqual({ prompt_tokens: 2060, completion_tokens: 58, total_tokens: 2118, prompt_tokens_details: { cached_tokens: 2048 } });
  });

  it('returns the JSON response tool input as content, with a plain stop', () => {
    const response = {
      output: { message: { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: JSON_RESPONSE_TOOL, input: { name: 'Ada', age: 36 } } }] } },
      stopReason: 'tool_use',
      usage: { inputTokens: 30, outputTokens: 12, totalTokens: 42 },
    };
    const { choices } = adapter.parseChatResponse(response, context);
    expect(choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: '{"name":"Ada","age":36}' } });
    expect(choices[0]!.message.tool_calls).toBeUndefined();
  });

  it.each([
    ['max_tokens', 'length'],
    ['stop_sequence', 'stop'],
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
  ])('maps stopReason %s to %s', (stopReason, finish) => {
    const response = { output: { message: { role: 'assistant', content: [{ text: 'x' }] } }, stopReason };
    expect(adapter.parseChatResponse(response, context).choices[0]!.finish_reason).toBe(finish);
  });

  it('streams text: role chunk, deltas, finish chunk, usage chunk', async () => {
    const chunks = await translate('converse-stream-text.json');
    expect(deltas(chunks)[0]).toEqual({ role: 'assistant', content: '' });
    expect(deltas(chunks).map((delta) => delta.content ?? '').join('')).toBe('Here is a pop song: "Wannabe".');
    const finish = chunks.findIndex((chunk) => chunk.choices[0]?.finish_reason);
    expect(chunks[finish]!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 125, completion_tokens: 12, total_tokens: 137 } });
    expect(finish).toBe(chunks.length - 2);
  });

  it('streams tool-call deltas in OpenAI order: id, type and name first, then argument fragments', async () => {
    const chunks = await translate('converse-stream-tool-use.json');
    const calls = deltas(chunks).flatMap((delta) => delta.tool_calls ?? []);
    expect(calls[0]).toEqual({ index: 0, id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', type: 'function', function: { name: 'top_song', arguments: '' } });
    expect(calls.slice(1).every((call) => Object.keys(call).join() === 'index,function' && call.index === 0)).toBe(true);
    expect(JSON.parse(calls.map((call) => call.function?.arguments ?? '').join(''))).toEqual({ sign: 'WZPZ' });
    expect(deltas(chunks).map((delta) => delta.content ?? '').join('')).toBe('Let me look that up.');
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('streams reasoning as delta.reasoning and a max_tokens stop as length', async () => {
    const chunks = await translate('converse-stream-reasoning.json');
    expect(deltas(chunks).map((delta) => delta.reasoning ?? '').join('')).toBe('The user wants the capital of France.');
    expect(deltas(chunks).map((delta) => delta.content ?? '').join('')).toBe('Paris.');
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)!.choices[0]!.finish_reason).toBe('length');
  });

  it('streams the JSON response tool input as content', () => {
    const translator = adapter.createStreamTranslator(context);
    const events = [
      { event: 'messageStart', data: { role: 'assistant' } },
      { event: 'contentBlockStart', data: { contentBlockIndex: 0, start: { toolUse: { toolUseId: 't', name: JSON_RESPONSE_TOOL } } } },
      { event: 'contentBlockDelta', data: { contentBlockIndex: 0, delta: { toolUse: { input: '{"name":' } } } },
      { event: 'contentBlockDelta', data: { contentBlockIndex: 0, delta: { toolUse: { input: '"Ada"}' } } } },
      { event: 'messageStop', data: { stopReason: 'tool_use' } },
    ];
    const chunks = events.flatMap((event) => translator.translate(event));
    expect(deltas(chunks).some((delta) => delta.tool_calls)).toBe(false);
    expect(deltas(chunks).map((delta) => delta.content ?? '').join('')).toBe('{"name":"Ada"}');
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
  });

  it('keeps the message of an AWS error body and names its type', () => {
    expect(adapter.parseError(400, JSON.stringify(fixture('error-validation.json')))).toEqual({
      code: 'ValidationException',
      message: expect.stringContaining('must alternate between user and assistant roles'),
    });
    expect(adapter.parseError(403, '{"Message":"User: arn:aws:iam::123456789012:user/x is not authorized to perform: bedrock:InvokeModel"}')).toEqual({
      code: 'AccessDeniedException',
      message: expect.stringContaining('not authorized'),
    });
    expect(adapter.parseError(429, '{"message":"Too many requests, please wait before trying again."}').code).toBe('ThrottlingException');
    expect(adapter.parseError(429, '{"message":"Model is not ready"}', { 'x-amzn-errortype': 'ModelNotReadyException:http://internal.amazon.com/coral/com.amazon.bedrock/' }).code).toBe(
      'ModelNotReadyException',
    );
    expect(adapter.parseError(400, '{"__type":"com.amazon.coral.service#SerializationException","message":"Bad JSON"}').code).toBe('SerializationException');
    expect(adapter.parseError(502, '<html>Bad Gateway</html>')).toEqual({ code: 'upstream_502', message: '<html>Bad Gateway</html>' });
  });
});
