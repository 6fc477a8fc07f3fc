import type { ChatCompletionRequest } from '@alltokens/contracts';
import { countTokens } from '@alltokens/platform';
import { estimateEmbeddingsTokens, estimatePromptTokens, roughPromptTokens } from './token-estimate';

const chat = (messages: unknown[], extra: Record<string, unknown> = {}) => ({ model: 'm/x', messages, ...extra }) as ChatCompletionRequest;

describe('token estimate', () => {
  it('counts each message with its framing, plus the reply priming', () => {
    const text = 'The quick brown fox jumps over the lazy dog.';
    expect(estimatePromptTokens(chat([{ role: 'user', content: text }]))).toBe(3 + 3 + countTokens(text));
    const two = chat([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: text }]);
    expect(estimatePromptTokens(two)).toBe(3 + 3 + countTokens('Be brief.') + 3 + countTokens(text));
  });

  it('counts text parts, tool calls, tool definitions and a fixed allowance per image', () => {
    const parts = chat([{ role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(40_000)}` } }] }]);
    expect(estimatePromptTokens(parts)).toBe(3 + 3 + countTokens('look') + 765);
    const call = { id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } };
    const calls = chat([{ role: 'user', content: 'hi' }, { role: 'assistant', content: null, tool_calls: [call] }]);
    expect(estimatePromptTokens(calls)).toBe(3 + 3 + countTokens('hi') + 3 + countTokens('weather') + countTokens('{"city":"Oslo"}'));
    const tools = [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }];
    expect(estimatePromptTokens(chat([{ role: 'user', content: 'hi' }], { tools }))).toBe(3 + 3 + countTokens('hi') + countTokens(JSON.stringify(tools)));
  });

  it('approximates the same count at four characters per token without the tokenizer', () => {
    const request = chat([{ role: 'user', content: 'x'.repeat(400) }, { role: 'assistant', content: 'y'.repeat(41) }]);
    expect(roughPromptTokens(request)).toBe(3 + 3 + 100 + 3 + 11);
    const image = chat([{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(1_000_000)}` } }] }]);
    expect(roughPromptTokens(image)).toBe(3 + 3 + 765);
  });

  it('counts embeddings texts by the tokenizer and token arrays by length', () => {
    expect(estimateEmbeddingsTokens('hello world')).toBe(countTokens('hello world'));
    expect(estimateEmbeddingsTokens(['a b', 'c d e'])).toBe(countTokens('a b') + countTokens('c d e'));
    expect(estimateEmbeddingsTokens([1, 2, 3])).toBe(3);
    expect(estimateEmbeddingsTokens([[1, 2], [3, 4, 5]])).toBe(5);
  });
});
