import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { chatCompletionRequestSchema } from '@alltokens/contracts';
import type { ProviderAdapter } from './core/adapter';
import { createAdapterRegistry } from './registry';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      { id: 'claude', format: 'anthropic', models: [{ model: 'anthropic/claude-sonnet-4', upstream_id: 'claude-sonnet-4-20250514' }, { model: 'anthropic/claude-opus-4.6', upstream_id: 'claude-opus-4-6' }] },
      { id: 'claude-off', format: 'anthropic', options: { continuation: 'off' }, models: [{ model: 'anthropic/claude-sonnet-4', upstream_id: 'claude-sonnet-4-20250514' }] },
      { id: 'openai', format: 'openai', models: [{ model: 'openai/gpt-4o-mini' }] },
      { id: 'llamacpp', format: 'openai', base_url: 'http://127.0.0.1:8080/v1', options: { continuation: 'prefill' }, models: [{ model: 'openai/gpt-4o-mini' }] },
      { id: 'typo', format: 'openai', base_url: 'http://127.0.0.1:8081/v1', options: { continuation: 'prefil' }, models: [{ model: 'openai/gpt-4o-mini' }] },
      { id: 'mistral', format: 'mistral', models: [{ model: 'mistralai/mistral-small', upstream_id: 'mistral-small-latest' }] },
      { id: 'vllm', format: 'vllm', base_url: 'http://127.0.0.1:8000/v1', models: [{ model: 'meta-llama/llama-3.1-8b-instruct' }] },
      { id: 'gemini', format: 'gemini', models: [{ model: 'google/gemini-2.5-flash' }] },
    ],
  }),
);
const adapters = createAdapterRegistry();
const at = (endpointId: string) => {
  const endpoint = catalog.endpoint(endpointId)!;
  const provider = { ...catalog.provider(endpoint.providerId)!, baseUrl: catalog.provider(endpoint.providerId)!.baseUrl || 'https://upstream.example' };
  return { adapter: adapters.get(provider.format)! as ProviderAdapter, context: { provider, endpoint } };
};
const request = (extra: Record<string, unknown> = {}) =>
  chatCompletionRequestSchema.parse({ model: 'x/y', messages: [{ role: 'user', content: 'Tell me' }], stream: true, ...extra });

function continued(endpointId: string, produced: string, extra: Record<string, unknown> = {}) {
  const { adapter, context } = at(endpointId);
  const support = adapter.continuation!;
  expect(support.refusal(request(extra), context)).toBeNull();
  const prefill = support.prefillOf(produced);
  return { prefill, body: JSON.parse((support.buildRequest(request(extra), prefill, context, true) as { body: string }).body) };
}

describe('stream continuation support', () => {
  it('Anthropic: the produced text as a final assistant turn, trailing whitespace trimmed', () => {
    const { prefill, body } = continued('claude:anthropic/claude-sonnet-4', 'Once upon a time ');
    expect(prefill).toBe('Once upon a time');
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Tell me' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Once upon a time' }] },
    ]);
    expect(body.stream).toBe(true);
  });

  it('Anthropic: refuses with extended thinking, on Claude 4.6 and later, and when turned off', () => {
    const { adapter, context } = at('claude:anthropic/claude-sonnet-4');
    expect(adapter.continuation!.refusal(request({ reasoning_effort: 'high', max_tokens: 8000 }), context)).toMatch(/extended thinking/);
    const opus = at('claude:anthropic/claude-opus-4.6');
    expect(opus.adapter.continuation!.refusal(request(), opus.context)).toMatch(/claude-opus-4-6 does not continue/);
    const off = at('claude-off:anthropic/claude-sonnet-4');
    expect(off.adapter.continuation!.refusal(request(), off.context)).toMatch(/off/);
  });

  it('OpenAI itself does not continue; a provider saying options.continuation: prefill does', () => {
    const { adapter, context } = at('openai:openai/gpt-4o-mini');
    expect(adapter.continuation!.refusal(request(), context)).toMatch(/OpenAI does not continue/);
    const typo = at('typo:openai/gpt-4o-mini');
    expect(typo.adapter.continuation!.refusal(request(), typo.context)).toBe("options.continuation 'prefil' is not one of prefill, prefix, vllm, off");
    const { prefill, body } = continued('llamacpp:openai/gpt-4o-mini', 'Once upon ');
    expect(prefill).toBe('Once upon ');
    expect(body.messages.at(-1)).toEqual({ role: 'assistant', content: 'Once upon ' });
  });

  it('Mistral flags the prefix; vLLM continues the final message of its chat template', () => {
    expect(continued('mistral:mistralai/mistral-small', 'Once').body.messages.at(-1)).toEqual({ role: 'assistant', content: 'Once', prefix: true });
    const vllm = continued('vllm:meta-llama/llama-3.1-8b-instruct', 'Once').body;
    expect(vllm).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
    expect(vllm.messages.at(-1)).toEqual({ role: 'assistant', content: 'Once' });
  });

  it('extends a prefill the client sent itself instead of adding a second assistant turn', () => {
    const { body } = continued('llamacpp:openai/gpt-4o-mini', ' upon a time', { messages: [{ role: 'user', content: 'Tell me' }, { role: 'assistant', content: 'Once' }] });
    expect(body.messages).toEqual([{ role: 'user', content: 'Tell me' }, { role: 'assistant', content: 'Once upon a time' }]);
  });

  it('is absent where the wire format has no way to continue', () => {
    expect(at('gemini:google/gemini-2.5-flash').adapter.continuation).toBeUndefined();
  });
});
