import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnthropicAdapter } from './anthropic.adapter';
import { toFinishReason } from './anthropic.response';

const adapter = new AnthropicAdapter();
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));

describe('Anthropic response mapping', () => {
  it('reads a documented message: text, stop reason and cache-aware usage', () => {
    const completion = adapter.parseChatResponse(fixture('message.json'));
    expect(completion).toMatchObject({ id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF', object: 'chat.completion', model: 'claude-opus-5' });
    expect(completion.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'Hi! My name is Claude.' }, finish_reason: 'stop', logprobs: null },
    ]);
    expect(completion.usage).toEqual({
      prompt_tokens: 2095 + 2051 + 2051,
      completion_tokens: 503,
      total_tokens: 2095 + 2051 + 2051 + 503,
      prompt_tokens_details: { cached_tokens: 2051 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('reads a documented tool_use message as tool calls with JSON arguments', () => {
    const { choices } = adapter.parseChatResponse(fixture('message-tool-use.json'));
    expect(choices[0]!.finish_reason).toBe('tool_calls');
    expect(choices[0]!.message).toEqual({
      role: 'assistant',
      content: "I'll check the current weather in San Francisco for you.",
      tool_calls: [
        { id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' } },
      ],
    });
  });

  it('puts thinking blocks in message.reasoning', () => {
    const { message } = adapter.parseChatResponse(fixture('message-thinking.json')).choices[0]!;
    expect(message).toEqual({ role: 'assistant', content: 'Based on my analysis...', reasoning: 'Let me analyze this step by step...' });
  });

  it('returns the JSON-mode tool input as the content of a plain answer', () => {
    const { choices } = adapter.parseChatResponse({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'json_response', input: { reply: 'hi' } }],
      stop_reason: 'tool_use',
      usage: { input_tokens: 10, output_tokens: 5 },
    });
    expect(choices[0]).toMatchObject({ message: { content: '{"reply":"hi"}' }, finish_reason: 'stop' });
    expect(choices[0]!.message.tool_calls).toBeUndefined();
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
  ] as const)('maps stop_reason %s to finish_reason %s', (stopReason, finishReason) => {
    expect(toFinishReason(stopReason, 1)).toBe(finishReason);
  });

  it('refuses a body that is not a message', () => {
    expect(() => adapter.parseChatResponse({ error: 'nope' })).toThrow('Anthropic message: content: expected array, received undefined');
  });

  it("keeps Anthropic's error type and message, and copes with a non-JSON body", () => {
    expect(adapter.parseError(404, readFileSync(join(__dirname, 'fixtures', 'error-404.json'), 'utf8'))).toEqual({
      code: 'not_found_error',
      message: 'The requested resource could not be found.',
    });
    expect(adapter.parseError(502, '<html>Bad gateway</html>')).toEqual({ code: 'upstream_502', message: '<html>Bad gateway</html>' });
  });
});
