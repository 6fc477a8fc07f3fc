import OpenAI from 'openai';
import { createAdapterRegistry } from '@alltokens/providers';
import { CONFORMANCE_TARGETS, type ConformanceTarget } from '../conformance/targets';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

const registry = createAdapterRegistry();
const modelOf = (target: ConformanceTarget) => `conf/${target.format}`;
const providerOf = (target: ConformanceTarget) => `conf-${target.format}`;

function catalog([simulatorPort]: number[]): string {
  const simulator = `http://127.0.0.1:${simulatorPort}`;
  const providers = CONFORMANCE_TARGETS.map(
    (target) => `  - id: ${providerOf(target)}
    ${target.provider(simulator)}
    models:
      - model: ${modelOf(target)}
        upstream_id: ${target.upstreamModel}
        modalities: [text, image]
        pricing: { prompt: 1, completion: 2 }`,
  );
  return `providers:\n${providers.join('\n')}\n`;
}

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

// A 1×1 transparent PNG.
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * The same checks for every wire format: the `openai` SDK → gateway → router → adapter →
 * simulator speaking that provider's API. What an adapter declares it supports must work; what it
 * declares it lacks must be refused with a clear error, never silently dropped.
 */
describe('provider conformance through the whole stack', () => {
  let e2e: E2eStack;
  let client: OpenAI;

  beforeAll(async () => {
    e2e = await startE2eStack('providers', { catalog });
    client = e2e.client((await e2e.createKey({ name: 'conformance' })).key);
  });
  afterAll(async () => e2e?.stop());

  describe.each(CONFORMANCE_TARGETS.map((target) => [target.format, target] as const))('%s', (format, target) => {
    const adapter = registry.get(format);
    const capabilities = adapter!.capabilities;
    const model = modelOf(target);

    it('has an adapter for its wire format', () => expect(adapter?.format).toBe(format));

    it('answers text with usage and route proof', async () => {
      const { data, response } = await client.chat.completions
        .create({
          model,
          messages: [
            { role: 'system', content: 'You are terse.' },
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: 'Hello.' },
            { role: 'user', content: 'Say something' },
          ],
          temperature: 0.2,
          max_tokens: 200,
        })
        .withResponse();
      expect(response.headers.get('x-alltokens-chosen-provider')).toBe(providerOf(target));
      expect(data.object).toBe('chat.completion');
      expect(data.model).toBe(model);
      expect(data.choices[0]!.message.content!.length).toBeGreaterThan(0);
      expect(data.choices[0]!.finish_reason).toBe('stop');
      expect(data.usage!.prompt_tokens).toBeGreaterThan(0);
      expect(data.usage!.completion_tokens).toBeGreaterThan(0);
      expect(data.usage!.total_tokens).toBe(data.usage!.prompt_tokens + data.usage!.completion_tokens);
    });

    it("accepts OpenRouter's cache_control breakpoints (kept for Anthropic, dropped where the API has none)", async () => {
      const data = await client.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'A long, stable system prompt.', cache_control: { type: 'ephemeral' } } as OpenAI.ChatCompletionContentPartText] },
          { role: 'user', content: [{ type: 'text', text: 'Question', cache_control: { type: 'ephemeral' } } as OpenAI.ChatCompletionContentPartText] },
        ],
      });
      expect(data.choices[0]!.message.content!.length).toBeGreaterThan(0);
    });

    it('maps a length stop to finish_reason "length"', async () => {
      const data = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Go on' }], max_tokens: 3 });
      expect(data.choices[0]!.finish_reason).toBe('length');
    });

    it('streams the same text as the non-streamed answer, then usage', async () => {
      expect(capabilities.stream).toBe(true); // nothing falls back to a non-streamed call: every adapter streams
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Stream it' }];
      const whole = await client.chat.completions.create({ model, messages });
      const stream = await client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } });
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.length).toBeGreaterThan(2);
      const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
      expect(text).toBe(whole.choices[0]!.message.content);
      expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toBe(true);
      const usage = chunks.at(-1)!.usage!;
      expect(usage.completion_tokens).toBeGreaterThan(0);
      expect(usage.prompt_tokens).toBeGreaterThan(0);
    });

    it('calls a tool and answers from its result (a full round trip)', async () => {
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
      if (!capabilities.tools) {
        await expect(client.chat.completions.create({ model, messages, tools: [weatherTool] })).rejects.toMatchObject({
          message: expect.stringContaining('tools'),
        });
        return;
      }
      const first = await client.chat.completions.create({ model, messages, tools: [weatherTool] });
      const choice = first.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      const call = choice.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
      expect(call.function.name).toBe('get_weather');
      expect(JSON.parse(call.function.arguments)).toEqual({ city: expect.any(String) });
      const second = await client.chat.completions.create({
        model,
        tools: [weatherTool],
        messages: [...messages, choice.message, { role: 'tool', tool_call_id: call.id, content: '{"temp_c":21}' }],
      });
      expect(second.choices[0]!.finish_reason).toBe('stop');
      expect(second.choices[0]!.message.content).toContain('temp_c');
    });

    it('streams tool-call deltas that assemble into valid arguments', async () => {
      const request = {
        model,
        messages: [{ role: 'user' as const, content: 'Weather in Oslo?' }],
        tools: [weatherTool],
        tool_choice: { type: 'function' as const, function: { name: 'get_weather' } },
        stream: true as const,
      };
      if (!capabilities.tools) {
        await expect(client.chat.completions.create(request)).rejects.toMatchObject({ message: expect.stringContaining('tools') });
        return;
      }
      const stream = await client.chat.completions.create(request);
      let name = '';
      let args = '';
      let finish: string | null = null;
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta.tool_calls?.[0];
        name += delta?.function?.name ?? '';
        args += delta?.function?.arguments ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      expect(name).toBe('get_weather');
      expect(JSON.parse(args)).toEqual({ city: expect.any(String) });
      expect(finish).toBe('tool_calls');
    });

    it('returns JSON matching a json_schema response format', async () => {
      const response_format: OpenAI.ResponseFormatJSONSchema = {
        type: 'json_schema',
        json_schema: {
          name: 'person',
          strict: true,
          schema: {
            type: 'object',
            properties: { name: { type: 'string' }, age: { type: 'integer' } },
            required: ['name', 'age'],
            additionalProperties: false,
          },
        },
      };
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'A person, please' }];
      if (!capabilities.jsonSchema) {
        await expect(client.chat.completions.create({ model, messages, response_format })).rejects.toMatchObject({
          message: expect.stringContaining('JSON schema'),
        });
        return;
      }
      const data = await client.chat.completions.create({ model, messages, response_format });
      expect(JSON.parse(data.choices[0]!.message.content!)).toEqual({ name: expect.any(String), age: expect.any(Number) });
    });

    it('accepts an image', async () => {
      const messages: OpenAI.ChatCompletionMessageParam[] = [
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: PIXEL } }] },
      ];
      if (!capabilities.vision) {
        await expect(client.chat.completions.create({ model, messages })).rejects.toMatchObject({ message: expect.stringContaining('images') });
        return;
      }
      const data = await client.chat.completions.create({ model, messages });
      expect(data.choices[0]!.message.content!.length).toBeGreaterThan(0);
    });

    it("passes the provider's own rejection through in OpenAI's error shape", async () => {
      const failing = client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Fail [sim:status=400]' }] });
      await expect(failing).rejects.toBeInstanceOf(OpenAI.BadRequestError);
      const error = (await failing.catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.BadRequestError>;
      expect(error.message.length).toBeGreaterThan(10);
      expect(error.error).toMatchObject({ message: expect.any(String) });
    });
  });

  it("answers an adapter's own refusal as its 400, not as a provider failure", async () => {
    const failing = client.chat.completions.create({
      model: 'conf/bedrock',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
    });
    await expect(failing).rejects.toMatchObject({ status: 400, code: 'unsupported_content', message: expect.stringContaining('data: URL') });
  });
});
