import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatCompletionChunk } from '@alltokens/contracts';
import { UpstreamStreamError, type StreamEvent } from '../core/adapter';
import { readSseEvents } from '../core/sse-framer';
import { AnthropicAdapter } from './anthropic.adapter';

const adapter = new AnthropicAdapter();

async function* once(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}

async function translate(source: string | StreamEvent[]): Promise<ChatCompletionChunk[]> {
  const translator = adapter.createStreamTranslator();
  const chunks: ChatCompletionChunk[] = [];
  if (Array.isArray(source)) {
    for (const event of source) chunks.push(...translator.translate(event));
    return chunks;
  }
  const text = readFileSync(join(__dirname, 'fixtures', source), 'utf8');
  for await (const event of readSseEvents(once(text))) chunks.push(...translator.translate(event));
  return chunks;
}

const deltas = (chunks: ChatCompletionChunk[]) => chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));

describe('Anthropic stream translation', () => {
  it('translates the documented tool-use stream: role first, text, one tool call, finish, usage', async () => {
    const chunks = await translate('stream-tool-use.sse');
    expect(chunks[0]).toMatchObject({ id: 'msg_014p7gG3wDgGV9EUtLvnow3U', object: 'chat.completion.chunk', model: 'claude-opus-4-6' });
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    expect(deltas(chunks).filter((delta) => delta.role).length).toBe(1);
    expect(deltas(chunks).map((delta) => delta.content ?? '').join('')).toBe("Okay, let's check the weather for San Francisco, CA:");

    const calls = deltas(chunks).flatMap((delta) => delta.tool_calls ?? []);
    expect(calls[0]).toEqual({ index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(calls.slice(1).every((call) => call.index === 0 && call.id === undefined && call.function?.name === undefined)).toBe(true);
    const args = calls.map((call) => call.function?.arguments ?? '').join('');
    expect(JSON.parse(args)).toEqual({ location: 'San Francisco, CA', unit: 'fahrenheit' });

    const [finish, usage] = chunks.slice(-2);
    expect(finish!.choices).toEqual([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]);
    expect(usage!.choices).toEqual([]);
    expect(usage!.usage).toEqual({ prompt_tokens: 472, completion_tokens: 89, total_tokens: 561, prompt_tokens_details: { cached_tokens: 0 } });
  });

  it('translates the documented thinking stream into reasoning deltas', async () => {
    const chunks = await translate('stream-thinking.sse');
    const reasoning = deltas(chunks).map((delta) => delta.reasoning ?? '').join('');
    expect(reasoning).toContain('GCD(1071, 462) = 21.');
    expect(deltas(chunks).map((delta) => delta.content ?? '').join('')).toBe('The greatest common divisor of 1071 and 462 is **21**.');
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)!.choices[0]!.finish_reason).toBe('stop');
  });

  it('numbers parallel tool calls by their order, not by content block index', async () => {
    const start = (index: number, id: string) => ({ data: { type: 'content_block_start', index, content_block: { type: 'tool_use', id, name: 'f', input: {} } } });
    const part = (index: number, partial_json: string) => ({ data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } } });
    const chunks = await translate([
      { data: { type: 'message_start', message: { id: 'msg_1', model: 'm', content: [], usage: { input_tokens: 5, output_tokens: 1 } } } },
      { data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
      { data: { type: 'content_block_stop', index: 0 } },
      start(1, 'toolu_a'),
      part(1, '{}'),
      start(2, 'toolu_b'),
      part(2, '{"x":1}'),
      { data: { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 30 } } },
      { data: { type: 'message_stop' } },
    ]);
    const calls = deltas(chunks).flatMap((delta) => delta.tool_calls ?? []);
    expect(calls.map((call) => [call.index, call.id ?? call.function?.arguments])).toEqual([
      [0, 'toolu_a'],
      [0, '{}'],
      [1, 'toolu_b'],
      [1, '{"x":1}'],
    ]);
  });

  it('streams the JSON-mode tool input as content, and cache usage into prompt tokens', async () => {
    const chunks = await translate([
      { data: { type: 'message_start', message: { id: 'msg_1', model: 'm', content: [], usage: { input_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, output_tokens: 1 } } } },
      { data: { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'json_response', input: {} } } },
      { data: { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"reply":' } } },
      { data: { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '"hi"}' } } },
      { data: { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 12 } } },
      { data: { type: 'message_stop' } },
    ]);
    expect(deltas(chunks).map((delta) => delta.content ?? '').join('')).toBe('{"reply":"hi"}');
    expect(deltas(chunks).some((delta) => delta.tool_calls)).toBe(false);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 125, completion_tokens: 12, prompt_tokens_details: { cached_tokens: 100 } });
  });

  it('maps a max_tokens stop to "length"', async () => {
    const chunks = await translate([
      { data: { type: 'message_start', message: { id: 'msg_1', model: 'm', content: [], usage: { input_tokens: 5, output_tokens: 1 } } } },
      { data: { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 3 } } },
      { data: { type: 'message_stop' } },
    ]);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('length');
  });

  it('raises the documented error event', async () => {
    await expect(translate('stream-error.sse')).rejects.toEqual(new UpstreamStreamError('overloaded_error', 'Overloaded'));
  });
});
