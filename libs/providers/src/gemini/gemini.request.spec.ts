import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { ApiError, chatCompletionRequestSchema } from '@alltokens/contracts';
import type { AdapterContext } from '../core/adapter';
import { GeminiAdapter } from './gemini.adapter';
import { VERTEX_AI } from './gemini.api';

const models = [{ model: 'google/gemini-2.5-flash', upstream_id: 'gemini-2.5-flash' }];
const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      { id: 'g', format: 'gemini', api_key: 'AIza-test', headers: { 'x-extra': '1' }, models },
      { id: 'v', format: 'vertex', api_key: 'ya29.token', options: { project: 'demo', location: 'us-central1' }, models },
      { id: 'vg', format: 'vertex', api_key: 'ya29.token', options: { project: 'demo', location: 'global' }, models },
      { id: 'vb', format: 'vertex', base_url: 'http://127.0.0.1:4010/', api_key: 'ya29.token', options: { project: 'demo', location: 'europe-west4' }, models },
      { id: 'vx', format: 'vertex', api_key: 'ya29.token', models },
    ],
  }),
);
const gemini = new GeminiAdapter();
const vertex = new GeminiAdapter(VERTEX_AI);

/** The provider as the router resolves it: the format's default base URL when none is configured. */
function contextOf(id: string, adapter = gemini): AdapterContext {
  const provider = catalog.provider(id)!;
  return { provider: { ...provider, baseUrl: provider.baseUrl || adapter.defaultBaseUrl }, endpoint: catalog.endpoint(`${id}:google/gemini-2.5-flash`)! };
}

function body(request: Record<string, unknown>): Record<string, any> {
  const parsed = chatCompletionRequestSchema.parse({ model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], ...request });
  return JSON.parse(gemini.buildChatRequest(parsed, contextOf('g'), false).body);
}

function rejection(request: Record<string, unknown>): ApiError {
  try {
    body(request);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } } };
const hi = chatCompletionRequestSchema.parse({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });

describe('Gemini request mapping', () => {
  it('calls AI Studio with x-goog-api-key, SSE only when streaming', () => {
    const upstream = gemini.buildChatRequest(hi, contextOf('g'), false);
    expect(upstream.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent');
    expect(upstream.headers).toEqual({ 'content-type': 'application/json', 'x-extra': '1', 'x-goog-api-key': 'AIza-test' });
    expect(gemini.buildChatRequest(hi, contextOf('g'), true).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
  });

  it('calls Vertex AI on the location’s host with a bearer token', () => {
    const upstream = vertex.buildChatRequest(hi, contextOf('v', vertex), true);
    expect(upstream.url).toBe(
      'https://us-central1-aiplatform.googleapis.com/v1/projects/demo/locations/us-central1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    expect(upstream.headers.authorization).toBe('Bearer ya29.token');
    expect(vertex.buildChatRequest(hi, contextOf('vg', vertex), false).url).toBe(
      'https://aiplatform.googleapis.com/v1/projects/demo/locations/global/publishers/google/models/gemini-2.5-flash:generateContent',
    );
    expect(vertex.buildChatRequest(hi, contextOf('vb', vertex), false).url).toBe(
      'http://127.0.0.1:4010/v1/projects/demo/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent',
    );
    expect(() => vertex.buildChatRequest(hi, contextOf('vx', vertex), false)).toThrow(/options.project/);
  });

  it('sends system messages as systemInstruction and merges turns into user/model contents', () => {
    expect(
      body({
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'developer', content: [{ type: 'text', text: 'No emoji.' }] },
          { role: 'user', content: 'Hi' },
          { role: 'user', content: 'Still there?' },
          { role: 'assistant', content: 'Hello.' },
          { role: 'user', content: 'Bye' },
        ],
      }),
    ).toEqual({
      systemInstruction: { parts: [{ text: 'Be terse.' }, { text: 'No emoji.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }, { text: 'Still there?' }] },
        { role: 'model', parts: [{ text: 'Hello.' }] },
        { role: 'user', parts: [{ text: 'Bye' }] },
      ],
    });
  });

  it('leaves out empty text, which Google refuses', () => {
    const messages = [
      { role: 'system', content: '' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: '' },
      { role: 'user', content: 'Again' },
    ];
    expect(body({ messages })).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }, { text: 'Again' }] }] });
  });

  it('sends data: images inline and https images as fileData', () => {
    const content = [
      { type: 'text', text: 'Compare' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.webp?size=2' } },
    ];
    expect(body({ messages: [{ role: 'user', content }] }).contents[0].parts).toEqual([
      { text: 'Compare' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp?size=2' } },
    ]);
    const ftp = [{ type: 'image_url', image_url: { url: 'ftp://example.com/cat.png' } }];
    expect(rejection({ messages: [{ role: 'user', content: ftp }] })).toMatchObject({ status: 400, code: 'unsupported_content' });
  });

  it('declares tools as JSON Schema and maps every tool_choice', () => {
    const request = body({ tools: [weather] });
    expect(request.tools).toEqual([{ functionDeclarations: [{ name: 'get_weather', description: 'Weather', parametersJsonSchema: weather.function.parameters }] }]);
    expect(request.toolConfig).toBeUndefined();
    expect(body({ tools: [weather], tool_choice: 'auto' }).toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(body({ tools: [weather], tool_choice: 'none' }).toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(body({ tools: [weather], tool_choice: 'required' }).toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(body({ tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } }, parallel_tool_calls: false }).toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    });
    expect(body({ tools: [{ type: 'function', function: { name: 'now' } }] }).tools[0].functionDeclarations[0]).toEqual({ name: 'now', description: '' });
  });

  it('replays tool calls as functionCall parts and answers them with named functionResponse parts', () => {
    const request = body({
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Paris and Oslo?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":21}' },
        { role: 'tool', tool_call_id: 'call_2', content: 'cold' },
      ],
    });
    expect(request.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Oslo?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'skip_thought_signature_validator' },
          { functionCall: { name: 'get_weather', args: { city: 'Oslo' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { temp_c: 21 } } },
          { functionResponse: { name: 'get_weather', response: { output: 'cold' } } },
        ],
      },
    ]);
    expect(rejection({ messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'nope', content: '1' }] })).toMatchObject({ status: 400 });
  });

  it('maps sampling, limits, stops, seed and JSON output into generationConfig, dropping what Gemini lacks', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    expect(
      body({
        temperature: 0.2,
        top_p: 0.9,
        max_tokens: 100,
        max_completion_tokens: 50,
        stop: 'END',
        seed: 7,
        presence_penalty: 1,
        user: 'u1',
        response_format: { type: 'json_schema', json_schema: { name: 'person', schema } },
      }).generationConfig,
    ).toEqual({ temperature: 0.2, topP: 0.9, maxOutputTokens: 50, stopSequences: ['END'], seed: 7, responseMimeType: 'application/json', responseJsonSchema: schema });
    expect(body({ response_format: { type: 'json_object' } }).generationConfig).toEqual({ responseMimeType: 'application/json' });
    expect(body({}).generationConfig).toBeUndefined();
  });

  it('turns reasoning requests into a thinking budget with thoughts included', () => {
    expect(body({ reasoning_effort: 'low' }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } });
    expect(body({ reasoning: { max_tokens: 2000 } }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 2000, includeThoughts: true } });
    expect(body({ reasoning: { effort: 'none' } }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
  });
});
