import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { chatCompletionRequestSchema, type ChatCompletion } from '@alltokens/contracts';
import { createAdapterRegistry } from '../registry';
import { OpenAiAdapter } from '../openai/openai.adapter';
import { OPENAI_COMPATIBLE_PRESETS } from './presets';

function contextFor(format: string, provider: Record<string, unknown> = {}) {
  const catalog = new Catalog(
    catalogConfigSchema.parse({
      providers: [{ id: 'p', format, api_key: 'k-123', ...provider, models: [{ model: 'acme/m', upstream_id: 'm-1' }] }],
    }),
  );
  const registry = createAdapterRegistry();
  const adapter = registry.get(format)!;
  const configured = catalog.provider('p')!;
  return { adapter, context: { provider: { ...configured, baseUrl: configured.baseUrl || adapter.defaultBaseUrl || '' }, endpoint: catalog.endpoint('p:acme/m')! } };
}

const request = (extra: Record<string, unknown> = {}) =>
  chatCompletionRequestSchema.parse({ model: 'acme/m', messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('OpenAI-compatible presets', () => {
  it('registers every preset under its own format id', () => {
    const registry = createAdapterRegistry();
    for (const preset of OPENAI_COMPATIBLE_PRESETS) expect(registry.get(preset.format)?.displayName).toBe(preset.displayName);
  });

  it('Azure: deployment URL with api-version, api-key header, no bearer token', async () => {
    const { adapter, context } = contextFor('azure', { base_url: 'https://res.openai.azure.com', options: { api_version: '2025-01-01-preview' } });
    const upstream = await adapter.buildChatRequest(request(), context, false);
    expect(upstream.url).toBe('https://res.openai.azure.com/openai/deployments/m-1/chat/completions?api-version=2025-01-01-preview');
    expect(upstream.headers['api-key']).toBe('k-123');
    expect(upstream.headers.authorization).toBeUndefined();
  });

  it('Azure without base_url is a configuration error, not a request to nowhere', () => {
    const { adapter, context } = contextFor('azure');
    expect(() => adapter.buildChatRequest(request(), context, false)).toThrow(/needs base_url/);
  });

  it("Mistral: renames seed, says 'any' for required tools and never sends stream_options", async () => {
    const { adapter, context } = contextFor('mistral');
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    const upstream = await adapter.buildChatRequest(request({ seed: 7, tool_choice: 'required', tools, logit_bias: { '1': 2 }, stream: true }), context, true);
    expect(upstream.url).toBe('https://api.mistral.ai/v1/chat/completions');
    const body = JSON.parse(upstream.body);
    expect(body).toMatchObject({ random_seed: 7, tool_choice: 'any', stream: true });
    expect(body).not.toHaveProperty('seed');
    expect(body).not.toHaveProperty('logit_bias');
    expect(body).not.toHaveProperty('stream_options');
  });

  it('OpenAI: an OpenRouter-style reasoning object becomes reasoning_effort; OpenRouter gets it as it is', async () => {
    const openai = contextFor('openai');
    expect(JSON.parse((await openai.adapter.buildChatRequest(request({ reasoning: { effort: 'high' } }), openai.context, false)).body)).toMatchObject({
      reasoning_effort: 'high',
    });
    const openrouter = contextFor('openrouter');
    const body = JSON.parse((await openrouter.adapter.buildChatRequest(request({ reasoning: { effort: 'high' } }), openrouter.context, false)).body);
    expect(body.reasoning).toEqual({ effort: 'high' });
    expect(body).not.toHaveProperty('reasoning_effort');
  });

  it.each(['vllm', 'openrouter', 'together', 'fireworks', 'deepinfra'])('%s: top_k and repetition_penalty are sent as they are (a non-number is ignored)', async (format) => {
    const { adapter, context } = contextFor(format, format === 'vllm' ? { base_url: 'http://127.0.0.1:8000/v1' } : {});
    const body = JSON.parse((await adapter.buildChatRequest(request({ top_k: 40, repetition_penalty: 1.1 }), context, false)).body);
    expect(body).toMatchObject({ top_k: 40, repetition_penalty: 1.1 });
    const ignored = JSON.parse((await adapter.buildChatRequest(request({ top_k: '40' }), context, false)).body);
    expect(ignored).not.toHaveProperty('top_k');
  });

  it.each(['openai', 'groq', 'mistral', 'cerebras'])('%s: top_k and repetition_penalty, which its API rejects, are dropped', async (format) => {
    const { adapter, context } = contextFor(format);
    const body = JSON.parse((await adapter.buildChatRequest(request({ top_k: 40, repetition_penalty: 1.1 }), context, false)).body);
    expect(body).not.toHaveProperty('top_k');
    expect(body).not.toHaveProperty('repetition_penalty');
  });

  it("DeepSeek: reasoning_content is reported as OpenRouter's reasoning field", () => {
    const { adapter, context } = contextFor('deepseek');
    const completion = adapter.parseChatResponse(
      {
        id: 'x',
        object: 'chat.completion',
        created: 1,
        model: 'deepseek-reasoner',
        choices: [{ index: 0, message: { role: 'assistant', content: '42', reasoning_content: 'think' }, finish_reason: 'stop' }],
      },
      context,
    ) as ChatCompletion & { choices: Array<{ message: Record<string, unknown> }> };
    expect(completion.choices[0]!.message.reasoning).toBe('think');
    expect(completion.choices[0]!.message).not.toHaveProperty('reasoning_content');
    const [chunk] = adapter.createStreamTranslator(context).translate({
      data: { id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { reasoning_content: 'hm' }, finish_reason: null }] },
    });
    expect(chunk!.choices[0]!.delta.reasoning).toBe('hm');
  });

  it("drops OpenRouter's cache_control from content parts (OpenAI-format APIs reject it)", async () => {
    const { adapter, context } = contextFor('openai');
    const upstream = await adapter.buildChatRequest(
      request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] }] }),
      context,
      false,
    );
    expect(JSON.parse(upstream.body).messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('self-hosted formats have no default URL; hosted ones do', () => {
    expect(new OpenAiAdapter(OPENAI_COMPATIBLE_PRESETS.find((p) => p.format === 'vllm')).defaultBaseUrl).toBeUndefined();
    expect(contextFor('groq').context.provider.baseUrl).toBe('https://api.groq.com/openai/v1');
  });

  it('embeddings: floats requested, vectors returned in input order', async () => {
    const { adapter, context } = contextFor('openai');
    const upstream = await adapter.embeddings!.buildRequest({ model: 'acme/m', input: ['a', 'b'], dimensions: 8 }, ['a', 'b'], context);
    expect(upstream.url).toBe('https://api.openai.com/v1/embeddings');
    expect(JSON.parse(upstream.body)).toEqual({ model: 'm-1', input: ['a', 'b'], encoding_format: 'float', dimensions: 8 });
    const result = adapter.embeddings!.parseResponse({ data: [{ index: 1, embedding: [2] }, { index: 0, embedding: [1] }], usage: { prompt_tokens: 3 } }, ['a', 'b']);
    expect(result).toEqual({ vectors: [[1], [2]], promptTokens: 3 });
  });
});
