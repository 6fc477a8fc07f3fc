import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { chatCompletionRequestSchema } from '@alltokens/contracts';
import { UpstreamStreamError } from '../core/adapter';
import { readSseEvents } from '../core/sse-framer';
import { OpenAiAdapter } from './openai.adapter';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [{ id: 'p', base_url: 'https://api.example.com/v1/', api_key: 'sk-test', headers: { 'x-extra': '1' }, models: [{ model: 'openai/gpt-4o-mini', upstream_id: 'gpt-4o-mini-2024-07-18' }] }],
  }),
);
const context = { provider: catalog.provider('p')!, endpoint: catalog.endpoint('p:openai/gpt-4o-mini')! };
const adapter = new OpenAiAdapter();
async function* once(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('OpenAiAdapter', () => {
  it('sends only OpenAI parameters, the upstream model id and the provider key', () => {
    const request = chatCompletionRequestSchema.parse({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0.2,
      provider: { order: ['p'] },
      models: ['x/y'],
      objective: 'cheapest',
      metadata: { team: 'a' },
    });
    const upstream = adapter.buildChatRequest(request, context, false);
    expect(upstream.url).toBe('https://api.example.com/v1/chat/completions');
    expect(upstream.headers).toMatchObject({ authorization: 'Bearer sk-test', 'x-extra': '1', 'content-type': 'application/json' });
    expect(JSON.parse(upstream.body)).toEqual({ model: 'gpt-4o-mini-2024-07-18', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2 });
  });

  it('always asks a stream for usage', () => {
    const request = chatCompletionRequestSchema.parse({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(JSON.parse(adapter.buildChatRequest(request, context, true).body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('reads a real non-streamed response', () => {
    const completion = adapter.parseChatResponse(JSON.parse(fixture('chat-completion.json')));
    expect(completion.choices[0]!.message.content).toBe('Hello! How can I help you today?');
    expect(completion.usage).toMatchObject({ prompt_tokens: 19, completion_tokens: 10, prompt_tokens_details: { cached_tokens: 0 } });
  });

  it('translates a real stream transcript, tool-call deltas included', async () => {
    const translator = adapter.createStreamTranslator();
    const chunks = [];
    for await (const event of readSseEvents(once(fixture('chat-stream-tools.sse')))) chunks.push(...translator.translate(event));
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const args = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).map((call) => call.function?.arguments ?? '').join('');
    expect(JSON.parse(args)).toEqual({ location: 'Paris, France' });
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)!.choices[0]!.finish_reason).toBe('tool_calls');
    expect(chunks[chunks.length - 1]!.usage).toMatchObject({ prompt_tokens: 82, completion_tokens: 17 });
  });

  it('raises an error event inside a stream', () => {
    const translator = adapter.createStreamTranslator();
    expect(() => translator.translate({ data: { error: { message: 'overloaded', type: 'server_error', code: null } } })).toThrow(UpstreamStreamError);
  });

  it('keeps the provider message of an error body, and copes with a non-JSON one', () => {
    expect(adapter.parseError(400, fixture('error-400.json'))).toEqual({
      code: 'invalid_value',
      message: "Invalid value: 'robot'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
    });
    expect(adapter.parseError(502, '<html>Bad gateway</html>')).toEqual({ code: 'upstream_502', message: '<html>Bad gateway</html>' });
  });
});
