import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { chatCompletionRequestSchema } from '@alltokens/contracts';
import { OPENAI_COMPATIBLE_PRESETS } from '../openai-compatible/presets';
import { OpenAiAdapter } from './openai.adapter';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [{ id: 'p', base_url: 'https://api.example.com/v1', api_key: 'k', models: [{ model: 'openai/gpt-3.5-turbo-instruct', type: 'completion' }] }],
  }),
);
const context = { provider: catalog.provider('p')!, endpoint: catalog.endpoint('p:openai/gpt-3.5-turbo-instruct')! };
const text = new OpenAiAdapter().textCompletions!;

describe('OpenAI native text completions', () => {
  it('sends the raw prompt with the sampling parameters, asking a stream for usage', () => {
    const request = chatCompletionRequestSchema.parse({ model: 'm', messages: [{ role: 'user', content: 'ignored' }], max_tokens: 5, temperature: 0, stop: ['\n'], stream: true });
    const upstream = text.buildRequest(request, 'def f(', context, true) as { url: string; body: string };
    expect(upstream.url).toBe('https://api.example.com/v1/completions');
    expect(JSON.parse(upstream.body)).toEqual({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'def f(',
      max_tokens: 5,
      temperature: 0,
      stop: ['\n'],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('hands replies and chunks on in chat shape', () => {
    const completion = text.parseResponse({
      id: 'cmpl-1',
      object: 'text_completion',
      created: 1,
      model: 'gpt-3.5-turbo-instruct',
      choices: [{ index: 0, text: ' return 1', logprobs: null, finish_reason: 'length' }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
    expect(completion.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: ' return 1' }, finish_reason: 'length' });
    expect(completion.usage?.total_tokens).toBe(5);
    const [chunk] = text.createStreamTranslator().translate({ data: { id: 'c', created: 1, model: 'm', choices: [{ index: 0, text: ' ret', finish_reason: null }] } });
    expect(chunk!.choices[0]!.delta.content).toBe(' ret');
  });

  it('exists only for providers with a native completions endpoint', () => {
    const deepseek = OPENAI_COMPATIBLE_PRESETS.find((preset) => preset.format === 'deepseek')!;
    expect(new OpenAiAdapter(deepseek).textCompletions).toBeUndefined();
  });
});
