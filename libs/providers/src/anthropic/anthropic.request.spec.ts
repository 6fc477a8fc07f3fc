import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { ApiError, chatCompletionRequestSchema } from '@alltokens/contracts';
import { AnthropicAdapter } from './anthropic.adapter';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      {
        id: 'a',
        format: 'anthropic',
        base_url: 'https://api.anthropic.com/',
        api_key: 'sk-ant-test',
        headers: { 'anthropic-beta': 'x' },
        models: [
          { model: 'anthropic/claude-sonnet-4.5', upstream_id: 'claude-sonnet-4-5' },
          { model: 'anthropic/claude-big', upstream_id: 'claude-big', max_output_tokens: 64000 },
        ],
      },
      { id: 'cached', format: 'anthropic', options: { prompt_caching: 'auto' }, models: [{ model: 'anthropic/claude-sonnet-4.5', upstream_id: 'claude-sonnet-4-5' }] },
    ],
  }),
);
const context = { provider: catalog.provider('a')!, endpoint: catalog.endpoint('a:anthropic/claude-sonnet-4.5')! };
const adapter = new AnthropicAdapter();

function body(request: Record<string, unknown>, ctx = context, stream = false): Record<string, any> {
  const parsed = chatCompletionRequestSchema.parse({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'user', content: 'Hi' }], ...request });
  return JSON.parse(adapter.buildChatRequest(parsed, ctx, stream).body);
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

const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

describe('Anthropic request mapping', () => {
  it('posts to /v1/messages with the key, the API version and the provider headers', () => {
    const parsed = chatCompletionRequestSchema.parse({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
    const upstream = adapter.buildChatRequest(parsed, context, false);
    expect(upstream.url).toBe('https://api.anthropic.com/v1/messages');
    expect(upstream.headers).toEqual({
      'x-api-key': 'sk-ant-test',
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
      'anthropic-beta': 'x',
    });
  });

  it('always sends max_tokens: the client value, the catalog limit, or 4096', () => {
    expect(body({})).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
    expect(body({ max_tokens: 300 }).max_tokens).toBe(300);
    expect(body({ max_tokens: 300, max_completion_tokens: 200 }).max_tokens).toBe(200);
    const big = { ...context, endpoint: catalog.endpoint('a:anthropic/claude-big')! };
    expect(body({}, big).max_tokens).toBe(64000);
  });

  it('lifts system and developer messages into the top-level system prompt', () => {
    const sent = body({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(sent.system).toBe('You are terse.\n\nAnswer in French.');
    expect(sent.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
  });

  it("keeps OpenRouter's cache_control breakpoints on system and message text blocks", () => {
    const sent = body({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Long stable prompt', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
        { role: 'user', content: [{ type: 'text', text: 'Context', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Question' }] },
      ],
    });
    expect(sent.system).toEqual([{ type: 'text', text: 'Long stable prompt', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    expect(sent.messages[0].content).toEqual([
      { type: 'text', text: 'Context', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Question' },
    ]);
  });

  it('merges consecutive same-role turns and drops empty ones', () => {
    const sent = body({
      messages: [
        { role: 'user', content: 'One' },
        { role: 'user', content: 'Two' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'Three' },
        { role: 'assistant', content: 'Reply' },
      ],
    });
    expect(sent.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'One' }, { type: 'text', text: 'Two' }, { type: 'text', text: 'Three' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Reply' }] },
    ]);
  });

  it('sends images as base64 or URL image blocks and refuses formats Anthropic does not read', () => {
    const sent = body({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });
    expect(sent.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
    const tiff = rejection({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/tiff;base64,AAAA' } }] }] });
    expect(tiff).toMatchObject({ status: 400, code: 'unsupported_content' });
    const audio = rejection({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] });
    expect(audio.message).toContain('audio');
  });

  it('sends inline PDFs as document blocks', () => {
    const sent = body({ messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } }] }] });
    expect(sent.messages[0].content).toEqual([{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } }]);
  });

  it('maps tools to input_schema and every tool_choice', () => {
    expect(body({ tools: [weather] }).tools).toEqual([
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    ]);
    expect(body({ tools: [weather] }).tool_choice).toBeUndefined();
    expect(body({ tools: [weather], tool_choice: 'auto' }).tool_choice).toEqual({ type: 'auto' });
    expect(body({ tools: [weather], tool_choice: 'none' }).tool_choice).toEqual({ type: 'none' });
    expect(body({ tools: [weather], tool_choice: 'required' }).tool_choice).toEqual({ type: 'any' });
    expect(body({ tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } } }).tool_choice).toEqual({ type: 'tool', name: 'get_weather' });
    expect(body({ tools: [weather], parallel_tool_calls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(body({ tools: [weather], tool_choice: 'required', parallel_tool_calls: false }).tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
  });

  it('sends assistant tool calls as tool_use blocks and tool results in one user turn', () => {
    const sent = body({
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Paris and Oslo?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '{"temp_c":21}' },
        { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: '{"temp_c":9}' }] },
      ],
    });
    expect(sent.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Oslo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"temp_c":21}' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: '{"temp_c":9}' },
        ],
      },
    ]);
  });

  it('maps stop, clamps temperature to 0..1 and never sends temperature with top_p', () => {
    expect(body({ stop: 'END' }).stop_sequences).toEqual(['END']);
    expect(body({ stop: ['a', 'b'] }).stop_sequences).toEqual(['a', 'b']);
    expect(body({ temperature: 1.7 }).temperature).toBe(1);
    expect(body({ temperature: 0.2, top_p: 0.9 })).toMatchObject({ temperature: 0.2 });
    expect(body({ temperature: 0.2, top_p: 0.9 }).top_p).toBeUndefined();
    expect(body({ top_p: 0.9 }).top_p).toBe(0.9);
  });

  it('keeps OpenAI-only and gateway fields at home, and maps user to metadata.user_id', () => {
    const sent = body({ seed: 7, presence_penalty: 1, logprobs: true, user: 'u-1', provider: { order: ['a'] }, metadata: { team: 'x' } });
    expect(Object.keys(sent).sort()).toEqual(['max_tokens', 'messages', 'metadata', 'model']);
    expect(sent.metadata).toEqual({ user_id: 'u-1' });
  });

  it('refuses n > 1', () => {
    expect(rejection({ n: 2 })).toMatchObject({ status: 400, code: 'unsupported_parameter' });
  });

  it('maps a json_schema response format to structured outputs', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    const sent = body({ response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema } } });
    expect(sent.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(sent.tools).toBeUndefined();
  });

  it('serves json_object mode with a forced tool whose input is any object', () => {
    const sent = body({ response_format: { type: 'json_object' } });
    expect(sent.tools).toEqual([{ name: 'json_response', description: expect.any(String), input_schema: { type: 'object' } }]);
    expect(sent.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
    const withTools = body({ response_format: { type: 'json_object' }, tools: [weather] });
    expect(withTools.tools.map((tool: { name: string }) => tool.name)).toEqual(['get_weather', 'json_response']);
    expect(withTools.tool_choice).toBeUndefined();
  });

  it('turns reasoning requests into a thinking budget below max_tokens, without sampling parameters', () => {
    expect(body({ reasoning: { max_tokens: 2000 }, temperature: 0.5 })).toMatchObject({ max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2000 } });
    expect(body({ reasoning: { max_tokens: 2000 }, temperature: 0.5 }).temperature).toBeUndefined();
    expect(body({ reasoning: { effort: 'high' } }).thinking).toEqual({ type: 'enabled', budget_tokens: 3276 });
    expect(body({ reasoning_effort: 'low', max_tokens: 10000 }).thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    expect(body({ reasoning_effort: 'minimal' }).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(body({ reasoning: { max_tokens: 8000 } })).toMatchObject({ max_tokens: 12096, thinking: { budget_tokens: 8000 } });
    expect(body({ reasoning: { effort: 'high', enabled: false } }).thinking).toBeUndefined();
    expect(body({ reasoning: { effort: 'none' } }).thinking).toBeUndefined();
    expect(rejection({ reasoning: { max_tokens: 2000 }, max_tokens: 1500 })).toMatchObject({ status: 400, code: 'invalid_reasoning_budget' });
    expect(rejection({ reasoning_effort: 'high', tools: [weather], tool_choice: 'required' }).code).toBe('unsupported_parameter');
  });

  it('leaves thinking off in a tool loop, whose signed thinking blocks OpenAI history cannot carry', () => {
    const messages = [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
    ];
    expect(body({ messages, tools: [weather], reasoning_effort: 'high' }).thinking).toBeUndefined();
    expect(body({ messages: [...messages, { role: 'assistant', content: 'Sunny.' }, { role: 'user', content: 'Thanks' }], reasoning_effort: 'high' }).thinking).toEqual({ type: 'enabled', budget_tokens: 3276 });
  });

  it('streams on request and turns on automatic prompt caching only when the provider opts in', () => {
    expect(body({}, context, true).stream).toBe(true);
    expect(body({}).cache_control).toBeUndefined();
    const cached = { provider: catalog.provider('cached')!, endpoint: catalog.endpoint('cached:anthropic/claude-sonnet-4.5')! };
    expect(body({}, cached).cache_control).toEqual({ type: 'ephemeral' });
  });
});
