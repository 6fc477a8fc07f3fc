import { chatCompletionRequestSchema } from '@alltokens/contracts';
import { JSON_RESPONSE_TOOL, toConverseRequest } from './converse-request';

const CLAUDE = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const NOVA = 'amazon.nova-pro-v1:0';
const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

const convert = (request: Record<string, unknown>, model = NOVA) =>
  toConverseRequest(chatCompletionRequestSchema.parse({ model: 'm', ...request }), model);

describe('toConverseRequest', () => {
  it('maps system prompts, turns and inference settings', () => {
    const body = convert({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in English.' }] },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Say something' },
      ],
      max_tokens: 200,
      temperature: 1.5,
      top_p: 0.9,
      stop: 'END',
      seed: 7,
      user: 'u-1',
      provider: { order: ['aws'] },
    });
    expect(body).toEqual({
      system: [{ text: 'You are terse.' }, { text: 'Answer in English.' }],
      messages: [
        { role: 'user', content: [{ text: 'Hi' }] },
        { role: 'assistant', content: [{ text: 'Hello.' }] },
        { role: 'user', content: [{ text: 'Say something' }] },
      ],
      inferenceConfig: { maxTokens: 200, temperature: 1, topP: 0.9, stopSequences: ['END'] },
    });
  });

  it("turns OpenRouter's cache_control breakpoints into cache points after the marked text", () => {
    const body = convert({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Long stable prompt', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'text', text: 'Context', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Question' }] },
      ],
    });
    expect(body.system).toEqual([{ text: 'Long stable prompt' }, { cachePoint: { type: 'default' } }]);
    expect(body.messages[0]!.content).toEqual([{ text: 'Context' }, { cachePoint: { type: 'default' } }, { text: 'Question' }]);
  });

  it('prefers max_completion_tokens and merges consecutive turns of one role', () => {
    const body = convert({
      messages: [
        { role: 'user', content: 'One' },
        { role: 'user', content: [{ type: 'text', text: 'Two' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}` } }] },
      ],
      max_tokens: 10,
      max_completion_tokens: 20,
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ text: 'One' }, { text: 'Two' }, { image: { format: 'png', source: { bytes: PIXEL } } }] },
    ]);
    expect(body.inferenceConfig).toEqual({ maxTokens: 20 });
  });

  it('refuses image URLs, other image types and n > 1 with a clear error', () => {
    const image = (url: string) => ({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] });
    expect(() => convert(image('https://example.com/cat.png'))).toThrow(
      expect.objectContaining({ status: 400, code: 'unsupported_content', message: 'AWS Bedrock Converse does not accept image URLs; send the image as a data: URL' }),
    );
    expect(() => convert(image('data:image/bmp;base64,Qk0='))).toThrow(expect.objectContaining({ status: 400, code: 'unsupported_content' }));
    expect(() => convert({ messages: [{ role: 'user', content: 'x' }], n: 2 })).toThrow(expect.objectContaining({ status: 400, param: 'n' }));
  });

  it('maps tools, tool calls and tool results (grouped into one user turn)', () => {
    const body = convert({
      messages: [
        { role: 'user', content: 'Weather in Paris and Oslo?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'tooluse_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'tooluse_1', content: '{"temp_c":21}' },
        { role: 'tool', tool_call_id: 'tooluse_2', content: [{ type: 'text', text: '{"temp_c":4}' }] },
        { role: 'user', content: 'Which is warmer?' },
      ],
      tools: [weather],
      tool_choice: 'auto',
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ text: 'Weather in Paris and Oslo?' }] },
      {
        role: 'assistant',
        content: [
          { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } },
          { toolUse: { toolUseId: 'tooluse_2', name: 'get_weather', input: { city: 'Oslo' } } },
        ],
      },
      {
        role: 'user',
        content: [
          { toolResult: { toolUseId: 'tooluse_1', content: [{ text: '{"temp_c":21}' }] } },
          { toolResult: { toolUseId: 'tooluse_2', content: [{ text: '{"temp_c":4}' }] } },
          { text: 'Which is warmer?' },
        ],
      },
    ]);
    expect(body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: weather.function.parameters } } }],
      toolChoice: { auto: {} },
    });
  });

  it.each([
    ['required', { any: {} }],
    [{ type: 'function', function: { name: 'get_weather' } }, { tool: { name: 'get_weather' } }],
  ])('maps tool_choice %j', (choice, expected) => {
    expect(convert({ messages: [{ role: 'user', content: 'x' }], tools: [weather], tool_choice: choice }).toolConfig?.toolChoice).toEqual(expected);
  });

  it('leaves tools out for tool_choice "none", unless the history holds tool blocks', () => {
    expect(convert({ messages: [{ role: 'user', content: 'x' }], tools: [weather], tool_choice: 'none' }).toolConfig).toBeUndefined();
    const withHistory = convert({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', tool_calls: [{ id: 't1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 't1', content: 'sunny' },
      ],
      tools: [weather],
      tool_choice: 'none',
    });
    expect(withHistory.toolConfig).toEqual({ tools: [expect.objectContaining({ toolSpec: expect.objectContaining({ name: 'get_weather' }) })] });
  });

  it('forces a JSON schema response through the JSON response tool', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const body = convert({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'person', schema } } });
    expect(body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: JSON_RESPONSE_TOOL, description: 'Respond with a JSON person object', inputSchema: { json: schema } } }],
      toolChoice: { tool: { name: JSON_RESPONSE_TOOL } },
    });
    const withTools = convert({ messages: [{ role: 'user', content: 'x' }], tools: [weather], response_format: { type: 'json_object' } });
    expect(withTools.toolConfig?.tools.map((tool) => tool.toolSpec.name)).toEqual(['get_weather', JSON_RESPONSE_TOOL]);
    expect(withTools.toolConfig?.toolChoice).toEqual({ any: {} });
  });

  it('turns reasoning into a Claude thinking budget, without sampling settings Claude refuses while thinking', () => {
    const body = convert({ messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'medium', temperature: 0.3, max_tokens: 1000 }, CLAUDE);
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 4096 } });
    expect(body.inferenceConfig).toEqual({ maxTokens: 5096 });
    const explicit = convert({ messages: [{ role: 'user', content: 'x' }], reasoning: { max_tokens: 2000 }, max_completion_tokens: 8000 }, `us.${CLAUDE}`);
    expect(explicit.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2000 } });
    expect(explicit.inferenceConfig).toEqual({ maxTokens: 8000 });
    expect(convert({ messages: [{ role: 'user', content: 'x' }], reasoning: { effort: 'high' } }, NOVA).additionalModelRequestFields).toBeUndefined();
  });
});
