import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { UpstreamStreamError, type ProviderAdapter } from './core/adapter';
import { UpstreamInvalidResponse } from './core/upstream-json';
import { readNdjsonEvents } from './core/ndjson-decoder';
import { readSseEvents } from './core/sse-framer';
import { ADAPTERS } from './registry';

/** Bodies of the wrong shape for every format: what a broken proxy, a truncated write or a changed API might send. */
const MALFORMED: unknown[] = [
  null,
  42,
  'text',
  [],
  { choices: 'x' },
  { choices: [null] },
  { choices: [{ message: 5, delta: 5 }] },
  { choices: [{ message: { content: 7, tool_calls: [{ id: 1 }] }, delta: { content: 7, tool_calls: [{ index: 'a' }] } }] },
  { id: 'x', created: 1, model: 'm', choices: [{ index: 0, text: 5 }] },
  { content: 'x', type: 'content_block_delta', index: 0, delta: null },
  { content: [{ type: 'text', text: 5 }], type: 'message_start' },
  { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 5 } },
  { type: 'message_delta', usage: { output_tokens: 'many' } },
  { output: { message: { content: [{ text: 1 }] } }, usage: { inputTokens: '1' } },
  { candidates: [{ content: { parts: [{ text: 1 }] } }], usageMetadata: { promptTokenCount: 'x' } },
  { candidates: 'x', error: 'x' },
  { result: { alternatives: 'x' } },
  { result: { alternatives: [{ message: { toolCallList: { toolCalls: [{}] } } }] } },
  { message: { content: [{ type: 'text', text: 1 }] }, type: 'content-delta', delta: { message: { content: { text: 1 } } } },
  { type: 'message-end', delta: { usage: { billed_units: { input_tokens: 'x' } } } },
  { type: 7 },
  { data: [{ index: 0, embedding: 'x' }], embeddings: [['x']], embedding: ['x', {}], predictions: [{ embeddings: { values: 'x' } }] },
];

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: ADAPTERS.map((adapter) => ({
      id: adapter.format,
      format: adapter.format,
      base_url: 'https://upstream.example.com',
      api_key: 'k',
      options: { folder_id: 'f', project: 'p', region: 'us-east-1' },
      models: [{ model: 'a/m', upstream_id: 'anthropic.claude-x' }],
    })),
  }),
);
const contextOf = (adapter: ProviderAdapter) => ({ provider: catalog.provider(adapter.format)!, endpoint: catalog.endpoint(`${adapter.format}:a/m`)! });

/** Nothing, for an answer of the right shape or an upstream error; the error otherwise (a TypeError is a bug). */
function unexpected(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    return error instanceof UpstreamStreamError ? [] : [String(error)];
  }
}

const STREAM_EVENT_NAMES = [undefined, 'contentBlockStart', 'contentBlockDelta', 'messageStop', 'metadata'];

describe.each(ADAPTERS.map((adapter) => [adapter.format, adapter] as const))('%s with a malformed provider body', (_format, adapter) => {
  const context = contextOf(adapter);

  it.each(MALFORMED.map((body) => [JSON.stringify(body), body]))('reads %s as an answer or refuses it as an upstream_invalid_response', (_text, body) => {
    const bugs = [
      ...unexpected(() => {
        const completion = adapter.parseChatResponse(body, context);
        expect(Array.isArray(completion.choices)).toBe(true);
      }),
      ...STREAM_EVENT_NAMES.flatMap((event) =>
        unexpected(() => {
          for (const chunk of adapter.createStreamTranslator(context).translate({ event, data: body })) expect(Array.isArray(chunk.choices)).toBe(true);
        }),
      ),
      ...unexpected(() => {
        if (!adapter.embeddings) return;
        const result = adapter.embeddings.parseResponse(body, ['a']);
        expect(result.vectors.every((vector) => vector.every((value) => typeof value === 'number'))).toBe(true);
      }),
      ...unexpected(() => adapter.textCompletions?.parseResponse(body)),
      ...unexpected(() => adapter.textCompletions?.createStreamTranslator().translate({ data: body })),
    ];
    expect(bugs).toEqual([]);
  });

  it('keeps an error body it cannot read as text, never throwing', () => {
    for (const body of MALFORMED.map((value) => JSON.stringify(value) ?? '')) {
      const error = adapter.parseError(502, body, {});
      expect(typeof error.code).toBe('string');
      expect(typeof error.message).toBe('string');
    }
  });
});

describe('a malformed body names what is wrong', () => {
  const refusal = (run: () => unknown): UpstreamInvalidResponse => {
    try {
      run();
    } catch (error) {
      if (error instanceof UpstreamInvalidResponse) return error;
      throw error;
    }
    throw new Error('expected the body to be refused');
  };
  const adapter = (format: string) => ADAPTERS.find((candidate) => candidate.format === format)!;

  it.each([
    ['openai', { choices: [{ message: { content: 7 } }] }, 'OpenAI chat completion: choices[0].message.content: expected string, received number'],
    ['anthropic', { content: [{ type: 'text', text: 5 }] }, 'Anthropic message content[0] text: text: expected string, received number'],
    ['bedrock', { output: {} }, 'Converse response: output.message: expected object, received undefined'],
    ['gemini', { candidates: [{ content: { parts: [{ text: 1 }] } }] }, 'Gemini GenerateContentResponse: candidates[0].content.parts[0].text: expected string, received number'],
    ['cohere', { message: 'hi' }, 'Cohere chat response: message: expected object, received string'],
    ['yandex', { result: {} }, 'YandexGPT completion: result.alternatives: expected array, received undefined'],
    ['gigachat', { choices: {} }, 'GigaChat completion: choices: expected array, received object'],
  ])('%s: %j', (format, body, message) => {
    const error = refusal(() => adapter(format).parseChatResponse(body, contextOf(adapter(format))));
    expect(error).toMatchObject({ code: 'upstream_invalid_response', message });
  });

  it('a stream event of the wrong shape ends the stream as upstream_invalid_response, naming the field', () => {
    const translator = adapter('anthropic').createStreamTranslator(contextOf(adapter('anthropic')));
    expect(refusal(() => translator.translate({ data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 3 } } })).message).toBe(
      'Anthropic stream event content_block_delta: delta.text: expected string, received number',
    );
    expect(translator.translate({ data: { type: 'added_in_2030', anything: true } })).toEqual([]);
  });

  it('stream data that is not JSON ends the stream as upstream_invalid_response', async () => {
    async function* bytes(text: string) {
      yield Buffer.from(text);
    }
    const drain = async (events: AsyncIterable<unknown>) => {
      for await (const _event of events);
    };
    await expect(drain(readSseEvents(bytes('data: {"choices":[]}\n\ndata: {"cho\n\n')))).rejects.toBeInstanceOf(UpstreamInvalidResponse);
    await expect(drain(readNdjsonEvents(bytes('{"result":{}}\nnot json\n')))).rejects.toThrow('A stream line is not JSON: not json');
  });
});
