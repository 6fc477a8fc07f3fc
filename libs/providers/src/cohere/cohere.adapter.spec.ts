import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { ApiError, chatCompletionRequestSchema, type ChatCompletionChunk } from '@alltokens/contracts';
import { UpstreamStreamError } from '../core/adapter';
import { readSseEvents } from '../core/sse-framer';
import { CohereAdapter } from './cohere.adapter';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      {
        id: 'c',
        format: 'cohere',
        base_url: 'https://api.cohere.com/',
        api_key: 'co-test',
        models: [
          { model: 'cohere/command-a', upstream_id: 'command-a-03-2025' },
          { model: 'cohere/embed', upstream_id: 'embed-v4.0', type: 'embeddings' },
        ],
      },
    ],
  }),
);
const context = { provider: catalog.provider('c')!, endpoint: catalog.endpoint('c:cohere/command-a')! };
const adapter = new CohereAdapter();
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

function body(request: Record<string, unknown>, stream = false): Record<string, any> {
  const parsed = chatCompletionRequestSchema.parse({ model: 'cohere/command-a', messages: [{ role: 'user', content: 'Hi' }], ...request });
  return JSON.parse(adapter.buildChatRequest(parsed, context, stream).body);
}

async function translate(name: string): Promise<ChatCompletionChunk[]> {
  const translator = adapter.createStreamTranslator(context);
  const chunks: ChatCompletionChunk[] = [];
  async function* bytes() {
    yield Buffer.from(fixture(name));
  }
  for await (const event of readSseEvents(bytes())) chunks.push(...translator.translate(event));
  return chunks;
}

const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true } };

describe('Cohere request mapping', () => {
  it('posts to /v2/chat with a bearer key, the upstream model and an explicit stream flag', () => {
    const parsed = chatCompletionRequestSchema.parse({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
    const upstream = adapter.buildChatRequest(parsed, context, true);
    expect(upstream.url).toBe('https://api.cohere.com/v2/chat');
    expect(upstream.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer co-test' });
    expect(JSON.parse(upstream.body)).toEqual({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }], stream: true });
  });

  it('maps roles, images, tool calls (text before them as the tool plan) and tool results', () => {
    const messages = [
      { role: 'developer', content: 'Be terse.' },
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } }] },
      { role: 'assistant', content: 'I will check the weather.', tool_calls: [{ id: 'get_weather_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'get_weather_1', content: '{"temp_c":3}' },
      { role: 'assistant', content: 'Cold.' },
    ];
    expect(body({ messages }).messages).toEqual([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } }] },
      { role: 'assistant', tool_plan: 'I will check the weather.', tool_calls: [{ id: 'get_weather_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'get_weather_1', content: '{"temp_c":3}' },
      { role: 'assistant', content: 'Cold.' },
    ]);
    const audio = [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }];
    expect(() => body({ messages: audio })).toThrow(ApiError);
  });

  it('sends tools without OpenAI’s strict flag and maps tool_choice to REQUIRED/NONE', () => {
    expect(body({ tools: [weather] }).tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: weather.function.parameters } },
    ]);
    expect(body({ tools: [weather], tool_choice: 'auto' }).tool_choice).toBeUndefined();
    expect(body({ tools: [weather], tool_choice: 'required' }).tool_choice).toBe('REQUIRED');
    expect(body({ tools: [weather], tool_choice: 'none' }).tool_choice).toBe('NONE');
    const now = { type: 'function', function: { name: 'now' } };
    const forced = body({ tools: [weather, now], tool_choice: { type: 'function', function: { name: 'now' } }, parallel_tool_calls: false });
    expect(forced).toMatchObject({ tool_choice: 'REQUIRED', tools: [{ type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } }] });
    expect(forced.parallel_tool_calls).toBeUndefined();
  });

  it('maps sampling into Cohere’s ranges, limits, stops, seed, JSON output and thinking', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    expect(
      body({
        temperature: 1.5,
        top_p: 1,
        max_tokens: 100,
        max_completion_tokens: 60,
        stop: ['END'],
        seed: 42,
        frequency_penalty: 0.5,
        presence_penalty: -1,
        user: 'u',
        n: 1,
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema } },
        reasoning_effort: 'high',
      }),
    ).toEqual({
      model: 'command-a-03-2025',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: false,
      temperature: 1,
      p: 0.99,
      max_tokens: 60,
      stop_sequences: ['END'],
      seed: 42,
      frequency_penalty: 0.5,
      presence_penalty: 0,
      response_format: { type: 'json_object', json_schema: schema },
      thinking: { type: 'enabled', token_budget: 24576 },
    });
    expect(body({ response_format: { type: 'json_object' } }).response_format).toEqual({ type: 'json_object' });
    expect(body({ reasoning: { enabled: false } }).thinking).toEqual({ type: 'disabled' });
    expect(body({ seed: -1 }).seed).toBeUndefined();
  });
});

describe('Cohere responses', () => {
  it('reads a real response: text, finish reason and token usage', () => {
    const completion = adapter.parseChatResponse(JSON.parse(fixture('chat.json')), context);
    expect(completion.id).toBe('c14c80c3-18eb-4519-9460-6c92edd8cfb4');
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: expect.stringMatching(/^LLMs stand for/) } });
    expect(completion.usage).toEqual({ prompt_tokens: 5, completion_tokens: 418, total_tokens: 423 });
  });

  it('reads tool calls with thinking as reasoning', () => {
    const { choices } = adapter.parseChatResponse(JSON.parse(fixture('chat-tools.json')), context);
    expect(choices[0]!.finish_reason).toBe('tool_calls');
    expect(choices[0]!.message.content).toBeNull();
    expect(choices[0]!.message.reasoning).toMatch(/^I will first find/);
    expect(choices[0]!.message.tool_calls).toEqual([
      { id: 'query_daily_sales_report_hgxxmkby3wta', type: 'function', function: { name: 'query_daily_sales_report', arguments: '{"day": "2023-09-29"}' } },
      { id: 'query_product_catalog_rpg0z5h8yyz2', type: 'function', function: { name: 'query_product_catalog', arguments: '{"category": "Electronics"}' } },
    ]);
  });

  it('maps every finish reason and falls back to billed units', () => {
    const finish = (finish_reason: string) =>
      adapter.parseChatResponse({ id: 'x', finish_reason, message: { role: 'assistant', content: [] } }, context).choices[0]!.finish_reason;
    expect(['COMPLETE', 'STOP_SEQUENCE', 'MAX_TOKENS', 'TOOL_CALL', 'ERROR', 'TIMEOUT'].map(finish)).toEqual(['stop', 'stop', 'length', 'tool_calls', 'error', 'error']);
    const billed = adapter.parseChatResponse({ id: 'x', finish_reason: 'COMPLETE', message: { role: 'assistant' }, usage: { billed_units: { input_tokens: 3, output_tokens: 4 }, cached_tokens: 2 } }, context);
    expect(billed.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, prompt_tokens_details: { cached_tokens: 2 } });
  });

  it('streams a real transcript: role, text deltas, finish, usage', async () => {
    const chunks = await translate('stream.sse');
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('LLMs stand for Large Language Models.');
    expect(chunks.at(-2)!.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 26, total_tokens: 31 } });
  });

  it('streams the tool plan as content and tool calls as indexed deltas', async () => {
    const chunks = await translate('stream-tools.sse');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('I will use the tools.');
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toEqual({ index: 0, id: 'query_daily_sales_report_j3f0adww9pmr', type: 'function', function: { name: 'query_daily_sales_report', arguments: '' } });
    const args = (index: number) => calls.filter((call) => call.index === index).map((call) => call.function?.arguments ?? '').join('');
    expect(JSON.parse(args(0))).toEqual({ day: '2023-09-29' });
    expect(JSON.parse(args(1))).toEqual({ category: 'Electronics' });
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('streams thinking as reasoning and raises a failed generation', () => {
    const translator = adapter.createStreamTranslator(context);
    const thinking = { type: 'content-delta', index: 0, delta: { message: { content: { thinking: 'Hmm' } } } };
    expect(translator.translate({ data: thinking })[0]!.choices[0]!.delta).toEqual({ role: 'assistant', reasoning: 'Hmm' });
    const failed = { type: 'message-end', delta: { finish_reason: 'ERROR', error: 'internal server error' } };
    expect(() => translator.translate({ data: failed })).toThrow(UpstreamStreamError);
  });

  it("keeps Cohere's error message", () => {
    expect(adapter.parseError(422, fixture('error-422.json'))).toEqual({
      code: 'unprocessable_entity',
      message: "unknown field: parameter 'strict' is not a valid field. For proper usage, please refer to https://docs.cohere.com/reference/chat",
    });
    expect(adapter.parseError(502, 'Bad gateway')).toEqual({ code: 'upstream_502', message: 'Bad gateway' });
  });
});

describe('Cohere embeddings', () => {
  it('posts texts to /v2/embed asking for floats as search documents', () => {
    const embedContext = { provider: catalog.provider('c')!, endpoint: catalog.endpoint('c:cohere/embed')! };
    const upstream = adapter.embeddings.buildRequest({ model: 'cohere/embed', input: ['hello', 'goodbye'], dimensions: 512 }, ['hello', 'goodbye'], embedContext);
    expect(upstream.url).toBe('https://api.cohere.com/v2/embed');
    expect(JSON.parse(upstream.body)).toEqual({ model: 'embed-v4.0', texts: ['hello', 'goodbye'], input_type: 'search_document', embedding_types: ['float'], output_dimension: 512 });
    const result = adapter.embeddings.parseResponse(JSON.parse(fixture('embed.json')));
    expect(result.vectors).toHaveLength(2);
    expect(result.promptTokens).toBe(2);
  });
});
