import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { ApiError, chatCompletionRequestSchema, type ChatCompletionChunk } from '@alltokens/contracts';
import { UpstreamStreamError } from '../core/adapter';
import { readSseEvents } from '../core/sse-framer';
import { GigaChatAdapter } from './gigachat.adapter';
import { TokenCache, type TokenRequest } from './token-cache';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      {
        id: 'giga',
        format: 'gigachat',
        base_url: 'https://giga.example.ru/api/v1',
        api_key: 'YXV0aC1rZXk=',
        options: { auth_url: 'https://auth.example.ru/api/v2/oauth', scope: 'GIGACHAT_API_CORP' },
        models: [
          { model: 'sber/gigachat-2-max', upstream_id: 'GigaChat-2-Max' },
          { model: 'sber/embeddings', upstream_id: 'Embeddings', type: 'embeddings' },
        ],
      },
    ],
  }),
);
const context = { provider: catalog.provider('giga')!, endpoint: catalog.endpoint('giga:sber/gigachat-2-max')! };
const exchanges: TokenRequest[] = [];
let issued = 0;
const adapter = new GigaChatAdapter(
  new TokenCache(async (request) => {
    exchanges.push(request);
    issued += 1;
    return { token: `tok-${issued}`, expiresAt: Date.now() + 30 * 60_000 };
  }),
);
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const parse = (body: object) => chatCompletionRequestSchema.parse({ model: 'sber/gigachat-2-max', ...body });
const bodyOf = async (request: object, stream = false) => JSON.parse((await adapter.buildChatRequest(parse(request), context, stream)).body);

async function translate(sse: string): Promise<ChatCompletionChunk[]> {
  const translator = adapter.createStreamTranslator(context);
  const chunks: ChatCompletionChunk[] = [];
  for await (const event of readSseEvents(
    (async function* () {
      yield Buffer.from(sse);
    })(),
  )) {
    chunks.push(...translator.translate(event));
  }
  return chunks;
}

const weather = { type: 'function', function: { name: 'weather_forecast', description: 'Forecast', parameters: { type: 'object', properties: { location: { type: 'string' } } } } };

describe('GigaChatAdapter requests', () => {
  it('exchanges the authorization key once and sends the access token as Bearer', async () => {
    const first = await adapter.buildChatRequest(parse({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 200, temperature: 0.2 }), context, false);
    const second = await adapter.buildChatRequest(parse({ messages: [{ role: 'user', content: 'again' }] }), context, true);
    expect(exchanges).toEqual([{ authUrl: 'https://auth.example.ru/api/v2/oauth', authorizationKey: 'YXV0aC1rZXk=', scope: 'GIGACHAT_API_CORP', timeoutMs: 30_000 }]);
    expect(first.url).toBe('https://giga.example.ru/api/v1/chat/completions');
    expect(first.headers).toMatchObject({ authorization: 'Bearer tok-1', 'content-type': 'application/json' });
    expect(second.headers.authorization).toBe('Bearer tok-1');
    expect(JSON.parse(first.body)).toEqual({ model: 'GigaChat-2-Max', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, max_tokens: 200 });
    expect(JSON.parse(second.body)).toEqual({ model: 'GigaChat-2-Max', messages: [{ role: 'user', content: 'again' }], stream: true });
  });

  it('drops every token after a 401, so the next request exchanges again', async () => {
    adapter.parseError(401, '{"status":401,"message":"Token has expired"}');
    const upstream = await adapter.buildChatRequest(parse({ messages: [{ role: 'user', content: 'hi' }] }), context, false);
    expect(upstream.headers.authorization).toBe(`Bearer tok-${issued}`);
    expect(exchanges).toHaveLength(2);
  });

  it('hoists system prompts, pairs each call with its result and sends results as JSON objects', async () => {
    const body = await bodyOf({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Moscow and Oslo?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_giga_77d3fb14-457a-46ba-937e-8d856156d003', type: 'function', function: { name: 'weather_forecast', arguments: '{"location":"Москва"}' } },
            { id: 'call_2', type: 'function', function: { name: 'weather_forecast', arguments: '{"location":"Oslo"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_giga_77d3fb14-457a-46ba-937e-8d856156d003', content: '{"temp":-5}' },
        { role: 'tool', tool_call_id: 'call_2', content: 'sunny' },
        { role: 'developer', content: 'Answer in Russian.' },
      ],
      tools: [weather],
    });
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.\n\nAnswer in Russian.' },
      { role: 'user', content: 'Weather in Moscow and Oslo?' },
      { role: 'assistant', content: '', function_call: { name: 'weather_forecast', arguments: { location: 'Москва' } }, functions_state_id: '77d3fb14-457a-46ba-937e-8d856156d003' },
      { role: 'function', name: 'weather_forecast', content: '{"temp":-5}' },
      { role: 'assistant', content: '', function_call: { name: 'weather_forecast', arguments: { location: 'Oslo' } } },
      { role: 'function', name: 'weather_forecast', content: '{"result":"sunny"}' },
    ]);
    expect(body.functions).toEqual([{ name: 'weather_forecast', description: 'Forecast', parameters: weather.function.parameters }]);
    expect(body.function_call).toBe('auto');
  });

  it('maps tool_choice to function_call', async () => {
    const messages = [{ role: 'user', content: 'x' }];
    expect((await bodyOf({ messages, tools: [weather], tool_choice: 'none' })).function_call).toBe('none');
    expect((await bodyOf({ messages, tools: [weather], tool_choice: 'required' })).function_call).toEqual({ name: 'weather_forecast' });
    expect((await bodyOf({ messages, tools: [weather], tool_choice: { type: 'function', function: { name: 'weather_forecast' } } })).function_call).toEqual({
      name: 'weather_forecast',
    });
  });

  it('turns temperature 0 into top_p 0, passes n, repetition_penalty and reasoning, drops what GigaChat lacks', async () => {
    const body = await bodyOf({
      messages: [{ role: 'user', content: 'x' }],
      temperature: 0,
      stop: ['x'],
      seed: 1,
      frequency_penalty: 1,
      response_format: { type: 'json_object' },
      repetition_penalty: 1.1,
      reasoning_effort: 'minimal',
      max_completion_tokens: 9,
      n: 2,
    });
    expect(body).toEqual({ model: 'GigaChat-2-Max', messages: [{ role: 'user', content: 'x' }], top_p: 0, max_tokens: 9, n: 2, repetition_penalty: 1.1, reasoning_effort: 'low' });
  });

  it('refuses inline images with a clear error', async () => {
    const request = { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] };
    await expect(bodyOf(request)).rejects.toBeInstanceOf(ApiError);
    await expect(bodyOf(request)).rejects.toThrow('GigaChat does not accept images');
  });
});

describe('GigaChatAdapter responses', () => {
  it('reads the documented response', () => {
    const completion = adapter.parseChatResponse(JSON.parse(fixture('completion.json')), context);
    expect(completion.choices[0]!.message.content).toMatch(/^Здравствуйте!/);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toEqual({ prompt_tokens: 18, completion_tokens: 68, total_tokens: 86, prompt_tokens_details: { cached_tokens: 0 } });
  });

  it('turns a function call (object arguments) into a tool call whose id carries the functions_state_id', () => {
    const completion = adapter.parseChatResponse(JSON.parse(fixture('completion-function-call.json')), context);
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      {
        id: 'call_giga_77d3fb14-457a-46ba-937e-8d856156d003',
        type: 'function',
        function: { name: 'weather_forecast', arguments: '{"location":"Москва","format":"celsius","num_days":1}' },
      },
    ]);
    // Cached prompt tokens are reported apart by GigaChat and inside prompt_tokens by OpenAI.
    expect(completion.usage).toEqual({ prompt_tokens: 190, completion_tokens: 33, total_tokens: 223, prompt_tokens_details: { cached_tokens: 40 } });
  });

  it('maps blacklist to content_filter', () => {
    const json = { choices: [{ message: { role: 'assistant', content: 'Не люблю менять тему разговора...' }, index: 0, finish_reason: 'blacklist' }] };
    expect(adapter.parseChatResponse(json, context).choices[0]!.finish_reason).toBe('content_filter');
  });

  it('keeps the provider message of an error body', () => {
    expect(adapter.parseError(404, fixture('error-404.json'))).toEqual({ code: 'upstream_404', message: 'No such model' });
    expect(adapter.parseError(500, '')).toEqual({ code: 'upstream_500', message: 'Upstream answered HTTP 500' });
  });
});

describe('GigaChatAdapter streams', () => {
  it('translates the documented stream, then splits the last chunk into finish and usage', async () => {
    const chunks = await translate(fixture('stream.sse'));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content).slice(0, 4).join('')).toBe('GigaСhat спешит на помощь');
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.at(-2)!.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 15, completion_tokens: 4, total_tokens: 19 } });
  });

  it('streams a whole function call as an opening delta and an arguments delta', async () => {
    const chunks = await translate(fixture('stream-function-call.sse'));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: 'assistant', tool_calls: [{ index: 0, id: 'call_giga_77d3fb14-457a-46ba-937e-8d856156d003', type: 'function', function: { name: 'weather_forecast', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"location":"Москва","format":"celsius"}' } }] },
      {},
      undefined,
    ]);
    expect(chunks[2]!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('raises an error event as an UpstreamStreamError', async () => {
    await expect(translate('data: {"status":500,"message":"Internal Server Error"}\n\n')).rejects.toThrow(UpstreamStreamError);
  });
});

describe('GigaChatAdapter embeddings', () => {
  const embeddingContext = { provider: context.provider, endpoint: catalog.endpoint('giga:sber/embeddings')! };

  it('sends all inputs in one call with a token', async () => {
    const upstream = await adapter.embeddings.buildRequest({ model: 'sber/embeddings', input: ['a', 'b'] }, ['a', 'b'], embeddingContext);
    expect(upstream.url).toBe('https://giga.example.ru/api/v1/embeddings');
    expect(upstream.headers.authorization).toMatch(/^Bearer tok-/);
    expect(JSON.parse(upstream.body)).toEqual({ model: 'Embeddings', input: ['a', 'b'] });
  });

  it('reads vectors in order and sums the per-item token counts', () => {
    const result = adapter.embeddings.parseResponse(JSON.parse(fixture('embeddings.json')));
    expect(result.vectors).toEqual([
      [0.0023064255, -0.009327292, 0.015797347],
      [-0.0053920746, 0.0053920746, 0.0100345612],
    ]);
    expect(result.promptTokens).toBe(10);
  });
});
