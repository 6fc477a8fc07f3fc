import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { ApiError, chatCompletionRequestSchema, type ChatCompletionChunk } from '@alltokens/contracts';
import { UpstreamStreamError } from '../core/adapter';
import { YandexAdapter } from './yandex.adapter';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      {
        id: 'ya',
        format: 'yandex',
        base_url: 'https://llm.example.net/',
        api_key: 'AQVN-key',
        options: { folder_id: 'b1gfolder' },
        models: [
          { model: 'yandex/yandexgpt', upstream_id: 'yandexgpt/latest' },
          { model: 'yandex/text-search-doc', upstream_id: 'text-search-doc/latest', type: 'embeddings' },
        ],
      },
      { id: 'iam', format: 'yandex', api_key: 't1.iam', options: { folder_id: 'b1gother', auth: 'iam' }, models: [{ model: 'yandex/yandexgpt', upstream_id: 'gpt://b1gother/yandexgpt-lite/rc' }] },
    ],
  }),
);
const context = { provider: catalog.provider('ya')!, endpoint: catalog.endpoint('ya:yandex/yandexgpt')! };
const adapter = new YandexAdapter();
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const parse = (body: object) => chatCompletionRequestSchema.parse({ model: 'yandex/yandexgpt', ...body });
const bodyOf = (request: object, stream = false) => JSON.parse(adapter.buildChatRequest(parse(request), context, stream).body);

async function translate(ndjson: string, translator = adapter.createStreamTranslator(context)): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const event of adapter.readEvents(
    (async function* () {
      yield Buffer.from(ndjson);
    })(),
  )) {
    chunks.push(...translator.translate(event));
  }
  return chunks;
}

describe('YandexAdapter requests', () => {
  it('posts to /foundationModels/v1/completion with the API key, the folder and a gpt:// model URI', () => {
    const upstream = adapter.buildChatRequest(parse({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 200, temperature: 0.2 }), context, false);
    expect(upstream.url).toBe('https://llm.example.net/foundationModels/v1/completion');
    expect(upstream.headers).toMatchObject({ authorization: 'Api-Key AQVN-key', 'x-folder-id': 'b1gfolder', 'content-type': 'application/json' });
    expect(JSON.parse(upstream.body)).toEqual({
      modelUri: 'gpt://b1gfolder/yandexgpt/latest',
      completionOptions: { stream: false, temperature: 0.2, maxTokens: '200' },
      messages: [{ role: 'user', text: 'hi' }],
    });
  });

  it('sends an IAM token as Bearer and keeps a model id that already is a URI', () => {
    const iam = { provider: catalog.provider('iam')!, endpoint: catalog.endpoint('iam:yandex/yandexgpt')! };
    const upstream = adapter.buildChatRequest(parse({ messages: [{ role: 'user', content: 'hi' }] }), iam, true);
    expect(upstream.headers.authorization).toBe('Bearer t1.iam');
    expect(JSON.parse(upstream.body)).toMatchObject({ modelUri: 'gpt://b1gother/yandexgpt-lite/rc', completionOptions: { stream: true } });
  });

  it('refuses to build without a folder', () => {
    const noFolder = { ...context, provider: { ...context.provider, options: {} } };
    expect(() => adapter.buildChatRequest(parse({ messages: [{ role: 'user', content: 'hi' }] }), noFolder, false)).toThrow(/folder_id/);
  });

  it('maps roles, tool calls and tool results the way the function-calling guide shows them', () => {
    const body = bodyOf({
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'What is the weather like in ' }, { type: 'text', text: 'Saint Petersburg?' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weatherTool', arguments: '{"city":"Saint Petersburg"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '8°C' },
      ],
      tools: [{ type: 'function', function: { name: 'weatherTool', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: { type: 'function', function: { name: 'weatherTool' } },
      parallel_tool_calls: false,
    });
    expect(body.messages).toEqual([
      { role: 'system', text: 'Be brief.' },
      { role: 'user', text: 'What is the weather like in Saint Petersburg?' },
      { role: 'assistant', toolCallList: { toolCalls: [{ functionCall: { name: 'weatherTool', arguments: { city: 'Saint Petersburg' } } }] } },
      { role: 'user', toolResultList: { toolResults: [{ functionResult: { name: 'weatherTool', content: '8°C' } }] } },
    ]);
    expect(body.tools).toEqual([{ function: { name: 'weatherTool', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }]);
    expect(body.toolChoice).toEqual({ functionName: 'weatherTool' });
    expect(body.parallelToolCalls).toBe(false);
    expect(bodyOf({ messages: [{ role: 'user', content: 'x' }], tools: body.tools.map((tool: object) => ({ type: 'function', ...tool })), tool_choice: 'required' }).toolChoice).toEqual({
      mode: 'REQUIRED',
    });
  });

  it('maps response formats, reasoning, and caps the temperature at 1; drops what YandexGPT has no field for', () => {
    const base = { messages: [{ role: 'user', content: 'json please' }] };
    expect(bodyOf({ ...base, response_format: { type: 'json_object' } }).jsonObject).toBe(true);
    const schema = { type: 'object', properties: { name: { type: 'string' } } };
    expect(bodyOf({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'p', schema } } }).jsonSchema).toEqual({ schema });
    expect(bodyOf({ ...base, reasoning_effort: 'high' }).completionOptions.reasoningOptions).toEqual({ mode: 'ENABLED_HIDDEN' });
    expect(bodyOf({ ...base, reasoning: { enabled: false } }).completionOptions.reasoningOptions).toEqual({ mode: 'DISABLED' });
    const body = bodyOf({ ...base, temperature: 1.7, top_p: 0.5, stop: ['x'], seed: 3, max_completion_tokens: 7 });
    expect(body.completionOptions).toEqual({ stream: false, temperature: 1, maxTokens: '7' });
    expect(Object.keys(body).sort()).toEqual(['completionOptions', 'messages', 'modelUri']);
  });

  it('refuses image content with a clear error', () => {
    const request = { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] }] };
    expect(() => bodyOf(request)).toThrow(ApiError);
    expect(() => bodyOf(request)).toThrow('YandexGPT does not accept images');
  });
});

describe('YandexAdapter responses', () => {
  it('reads the documented non-streamed result', () => {
    const completion = adapter.parseChatResponse(JSON.parse(fixture('completion.json')), context);
    expect(completion.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'To be, or not to be: that is the question.' }, finish_reason: 'stop' });
    expect(completion.usage).toEqual({ prompt_tokens: 28, completion_tokens: 10, total_tokens: 38 });
    expect(completion.model).toBe('yandexgpt/latest');
  });

  it('turns a toolCallList into OpenAI tool calls with ids and string arguments', () => {
    const completion = adapter.parseChatResponse(JSON.parse(fixture('completion-tool-calls.json')), context);
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([{ id: expect.stringMatching(/^call_\w{24}$/), type: 'function', function: { name: 'weatherTool', arguments: '{"city":"Saint Petersburg"}' } }]);
    expect(completion.usage).toEqual({ prompt_tokens: 74, completion_tokens: 14, total_tokens: 88, completion_tokens_details: { reasoning_tokens: 0 } });
  });

  it('maps truncated and filtered statuses', () => {
    const result = (status: string) => ({ result: { alternatives: [{ message: { role: 'assistant', text: 'x' }, status }] } });
    expect(adapter.parseChatResponse(result('ALTERNATIVE_STATUS_TRUNCATED_FINAL'), context).choices[0]!.finish_reason).toBe('length');
    expect(adapter.parseChatResponse(result('ALTERNATIVE_STATUS_CONTENT_FILTER'), context).choices[0]!.finish_reason).toBe('content_filter');
    expect(() => adapter.parseChatResponse({ alternatives: [] }, context)).toThrow(/result/);
  });

  it('keeps the provider message of an error body', () => {
    expect(adapter.parseError(400, fixture('error-400.json'))).toEqual({
      code: 'invalid_argument',
      message: 'Error in session internal_id=5a4b1c2d: number of input tokens must be no more than 8192, got 10342',
    });
    expect(adapter.parseError(502, 'Bad gateway')).toEqual({ code: 'upstream_502', message: 'Bad gateway' });
  });
});

describe('YandexAdapter streams', () => {
  it('relays only the new suffix of each cumulative result, then the finish and usage chunks', async () => {
    const chunks = await translate(fixture('stream.ndjson'));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([{ role: 'assistant', content: 'E' }, { content: 'rrors will not correct themselves.' }, {}, undefined]);
    expect(chunks[2]!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks[3]).toMatchObject({ choices: [], usage: { prompt_tokens: 29, completion_tokens: 9, total_tokens: 38 } });
  });

  it('streams a final tool call as an opening delta and an arguments delta', async () => {
    const line = JSON.stringify(JSON.parse(fixture('completion-tool-calls.json')));
    const chunks = await translate(`${line}\n`);
    const [opening, args, finish, usage] = chunks;
    expect(opening!.choices[0]!.delta).toEqual({
      role: 'assistant',
      tool_calls: [{ index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'weatherTool', arguments: '' } }],
    });
    expect(args!.choices[0]!.delta).toEqual({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Saint Petersburg"}' } }] });
    expect(finish!.choices[0]!.finish_reason).toBe('tool_calls');
    expect(usage!.usage).toMatchObject({ prompt_tokens: 74 });
  });

  it('sends a role chunk even when the final result adds no text', async () => {
    const line = (text: string, status: string) => JSON.stringify({ result: { alternatives: [{ message: { role: 'assistant', text }, status }] } });
    const chunks = await translate(`${line('', 'ALTERNATIVE_STATUS_PARTIAL')}\n${line('', 'ALTERNATIVE_STATUS_FINAL')}\n`);
    expect(chunks.map((chunk) => chunk.choices[0])).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null },
      { index: 0, delta: {}, finish_reason: 'stop' },
    ]);
  });

  it('raises an error line as an UpstreamStreamError', async () => {
    const error = `${fixture('error-400.json').trim()}\n`;
    await expect(translate(error)).rejects.toThrow(UpstreamStreamError);
    await expect(translate(error)).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});

describe('YandexAdapter embeddings', () => {
  const embeddingContext = { provider: context.provider, endpoint: catalog.endpoint('ya:yandex/text-search-doc')! };

  it('embeds one text per call with an emb:// model URI', () => {
    const upstream = adapter.embeddings.buildRequest({ model: 'yandex/text-search-doc', input: 'hello' }, ['hello'], embeddingContext);
    expect(upstream.url).toBe('https://llm.example.net/foundationModels/v1/textEmbedding');
    expect(JSON.parse(upstream.body)).toEqual({ modelUri: 'emb://b1gfolder/text-search-doc/latest', text: 'hello' });
    expect(() => adapter.embeddings.buildRequest({ model: 'm', input: ['a', 'b'] }, ['a', 'b'], embeddingContext)).toThrow(/one text per call/);
  });

  it('reads the documented response', () => {
    expect(adapter.embeddings.parseResponse(JSON.parse(fixture('embedding.json')))).toEqual({
      vectors: [[-0.033233642578125, 0.0173187255859375, 0.0210113525390625, -0.0430908203125]],
      promptTokens: 6,
    });
  });
});
