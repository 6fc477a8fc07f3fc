import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import type { ChatCompletionChunk } from '@alltokens/contracts';
import { UpstreamStreamError, type AdapterContext } from '../core/adapter';
import { readSseEvents } from '../core/sse-framer';
import { GeminiAdapter } from './gemini.adapter';
import { VERTEX_AI } from './gemini.api';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      { id: 'g', format: 'gemini', base_url: 'https://generativelanguage.googleapis.com', api_key: 'AIza-test', models: [{ model: 'google/embed', upstream_id: 'gemini-embedding-001' }] },
      { id: 'v', format: 'vertex', base_url: 'https://us-central1-aiplatform.googleapis.com', api_key: 'tok', options: { project: 'p', location: 'us-central1' }, models: [{ model: 'google/embed', upstream_id: 'text-embedding-005' }] },
    ],
  }),
);
const contextOf = (id: string): AdapterContext => ({ provider: catalog.provider(id)!, endpoint: catalog.endpoint(`${id}:google/embed`)! });
const context = contextOf('g');
const adapter = new GeminiAdapter();
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

async function translate(name: string): Promise<ChatCompletionChunk[]> {
  const translator = adapter.createStreamTranslator(context);
  const chunks: ChatCompletionChunk[] = [];
  async function* body() {
    yield Buffer.from(fixture(name));
  }
  for await (const event of readSseEvents(body())) chunks.push(...translator.translate(event));
  return chunks;
}

describe('Gemini responses', () => {
  it('reads text, thoughts and usage (thinking counts as completion, cached prompt tokens kept)', () => {
    const completion = adapter.parseChatResponse(JSON.parse(fixture('generate-content.json')), context);
    expect(completion.model).toBe('gemini-2.5-flash');
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { role: 'assistant', content: 'AI learns patterns from data to make predictions or decisions.', reasoning: expect.stringContaining('Explaining AI') },
    });
    expect(completion.usage).toEqual({
      prompt_tokens: 8,
      completion_tokens: 632,
      total_tokens: 640,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 621 },
    });
  });

  it('reads function calls as tool calls with made-up ids and finish_reason tool_calls', () => {
    const { choices } = adapter.parseChatResponse(JSON.parse(fixture('generate-content-tools.json')), context);
    expect(choices[0]!.finish_reason).toBe('tool_calls');
    expect(choices[0]!.message.content).toBeNull();
    const [call] = choices[0]!.message.tool_calls!;
    expect(call!.id).toMatch(/^call_\w{24}$/);
    expect(call!.function.name).toBe('schedule_meeting');
    expect(JSON.parse(call!.function.arguments)).toEqual({ attendees: ['Bob', 'Alice'], date: '2025-03-27', time: '10:00', topic: 'Q3 planning' });
  });

  it('maps Gemini finish reasons and a blocked prompt', () => {
    const finish = (finishReason: string) =>
      adapter.parseChatResponse({ candidates: [{ content: { role: 'model', parts: [{ text: 'x' }] }, finishReason }] }, context).choices[0]!.finish_reason;
    expect(finish('MAX_TOKENS')).toBe('length');
    expect(finish('SAFETY')).toBe('content_filter');
    expect(finish('RECITATION')).toBe('content_filter');
    expect(finish('PROHIBITED_CONTENT')).toBe('content_filter');
    expect(finish('OTHER')).toBe('stop');
    const blocked = adapter.parseChatResponse({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } }, context);
    expect(blocked.choices[0]).toMatchObject({ finish_reason: 'content_filter', message: { content: '' } });
  });

  it('streams text deltas, then the finish chunk, then usage', async () => {
    const chunks = await translate('stream.sse');
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: 'The' });
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('The sky is blue because of Rayleigh scattering: air molecules scatter short blue light more than red light.');
    const finishAt = chunks.findIndex((chunk) => chunk.choices[0]?.finish_reason);
    expect(chunks[finishAt]!.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'stop' });
    expect(chunks.slice(finishAt + 1)).toEqual([expect.objectContaining({ choices: [], usage: expect.objectContaining({ prompt_tokens: 9, completion_tokens: 403, total_tokens: 412 }) })]);
  });

  it('streams whole function calls as one delta each, indexed', async () => {
    const chunks = await translate('stream-tools.sse');
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls).toEqual([
      { index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } },
      { index: 1, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '{"location":"London"}' } },
    ]);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)!.choices[0]!.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 61, completion_tokens: 30 });
  });

  it('raises an error event inside a stream', () => {
    const translator = adapter.createStreamTranslator(context);
    const error = { error: { code: 500, message: 'An internal error has occurred.', status: 'INTERNAL' } };
    expect(() => translator.translate({ data: error })).toThrow(new UpstreamStreamError('INTERNAL', 'An internal error has occurred.'));
  });

  it("keeps Google's error message and status, including the array a non-SSE stream sends", () => {
    const message = "Invalid JSON payload received. Unknown name \"temprature\" at 'generation_config': Cannot find field.";
    expect(adapter.parseError(400, fixture('error-400.json'))).toEqual({ code: 'INVALID_ARGUMENT', message });
    expect(adapter.parseError(429, JSON.stringify([{ error: { code: 429, message: 'Resource exhausted', status: 'RESOURCE_EXHAUSTED' } }]))).toEqual({
      code: 'RESOURCE_EXHAUSTED',
      message: 'Resource exhausted',
    });
    expect(adapter.parseError(502, '<html>Bad gateway</html>')).toEqual({ code: 'upstream_502', message: '<html>Bad gateway</html>' });
  });
});

describe('Gemini embeddings', () => {
  it('AI Studio: batchEmbedContents with one request per text', () => {
    const upstream = adapter.embeddings.buildRequest({ model: 'google/embed', input: ['hello', 'bye'], dimensions: 768 }, ['hello', 'bye'], context);
    expect(upstream.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(JSON.parse(upstream.body)).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello' }] }, outputDimensionality: 768 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'bye' }] }, outputDimensionality: 768 },
      ],
    });
    const result = adapter.embeddings.parseResponse(JSON.parse(fixture('batch-embed-contents.json')), ['hello', 'bye']);
    expect(result.vectors).toHaveLength(2);
    expect(result.vectors[0]![0]).toBeCloseTo(0.013168523);
    expect(result.promptTokens).toBe(3);
  });

  it('Vertex AI: predict with instances, token counts from the statistics', () => {
    const vertex = new GeminiAdapter(VERTEX_AI);
    const upstream = vertex.embeddings.buildRequest({ model: 'google/embed', input: 'hello' }, ['hello'], contextOf('v'));
    expect(upstream.url).toBe('https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/text-embedding-005:predict');
    expect(upstream.headers.authorization).toBe('Bearer tok');
    expect(JSON.parse(upstream.body)).toEqual({ instances: [{ content: 'hello' }] });
    const result = vertex.embeddings.parseResponse(JSON.parse(fixture('vertex-predict.json')), ['a', 'b']);
    expect(result).toEqual({ vectors: [expect.any(Array), expect.any(Array)], promptTokens: 10 });
  });
});
