import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, embed, generateObject, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { AIMessageChunk } from '@langchain/core/messages';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

const catalog = ([primary]: number[]) => `providers:
  - id: primary
    base_url: http://127.0.0.1:${primary}/v1
    api_key: sim-key
    models:
      - model: openai/gpt-4o-mini
        pricing: { prompt: 0.15, completion: 0.6 }
      - model: openai/text-embedding-3-small
        type: embeddings
        pricing: { prompt: 0.02, completion: 0 }
models:
  - { id: openai/gpt-4o-mini, name: "OpenAI: GPT-4o-mini", context_length: 128000 }
`;

const MODEL = 'openai/gpt-4o-mini';
const weatherParameters = {
  type: 'object' as const,
  properties: { city: { type: 'string' as const } },
  required: ['city'],
  additionalProperties: false,
};

describe('third-party OpenAI clients through the whole stack', () => {
  let e2e: E2eStack;
  let key: string;
  let baseURL: string;

  beforeAll(async () => {
    e2e = await startE2eStack('clients', { catalog });
    key = (await e2e.createKey({ name: 'clients' })).key;
    baseURL = `${e2e.gatewayUrl}/api/v1`;
  });
  afterAll(async () => e2e?.stop());

  describe('Vercel AI SDK (@ai-sdk/openai)', () => {
    const provider = () => createOpenAI({ baseURL, apiKey: key });

    it('generates text over chat completions, with usage', async () => {
      const result = await generateText({ model: provider().chat(MODEL), prompt: 'Say hello', maxRetries: 0 });
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.finishReason).toBe('stop');
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
      expect(result.response.headers?.['x-alltokens-chosen-provider']).toBe('primary');
    });

    it('streams text over chat completions, ending with usage', async () => {
      const result = streamText({ model: provider().chat(MODEL), prompt: 'Stream a few words [sim:chunks=6]', maxRetries: 0 });
      const deltas: string[] = [];
      for await (const delta of result.textStream) deltas.push(delta);
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join('')).toBe(await result.text);
      expect(await result.finishReason).toBe('stop');
      expect((await result.usage).outputTokens).toBeGreaterThan(0);
    });

    it('generates text over the Responses API (the provider default)', async () => {
      const result = await generateText({ model: provider()(MODEL), prompt: 'Say hello', maxRetries: 0 });
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.usage.inputTokens).toBeGreaterThan(0);
    });

    it('streams text over the Responses API', async () => {
      const result = streamText({ model: provider().responses(MODEL), prompt: 'Stream a few words [sim:chunks=6]', maxRetries: 0 });
      const deltas: string[] = [];
      for await (const delta of result.textStream) deltas.push(delta);
      expect(deltas.length).toBeGreaterThan(1);
      expect(await result.finishReason).toBe('stop');
      expect((await result.usage).outputTokens).toBeGreaterThan(0);
    });

    it.each([
      ['chat completions', 'chat'],
      ['the Responses API', 'responses'],
    ] as const)('generates a JSON object matching a schema over %s', async (_label, api) => {
      const { object } = await generateObject({ model: provider()[api](MODEL), schema: jsonSchema<{ city: string }>(weatherParameters), prompt: 'A city', maxRetries: 0 });
      expect(typeof object.city).toBe('string');
    });

    it('runs a tool round trip', async () => {
      const execute = jest.fn(async ({ city }: { city: string }) => ({ city, celsius: 21 }));
      const result = await generateText({
        model: provider().chat(MODEL),
        prompt: 'What is the weather in Paris?',
        tools: { get_weather: tool({ description: 'Current weather', inputSchema: jsonSchema<{ city: string }>(weatherParameters), execute }) },
        stopWhen: stepCountIs(2),
        maxRetries: 0,
      });
      expect(execute).toHaveBeenCalledTimes(1);
      expect(result.steps[0]!.finishReason).toBe('tool-calls');
      expect(result.steps[0]!.toolCalls[0]!.toolName).toBe('get_weather');
      expect(result.text).toContain('The tool returned');
    });

    it('streams tool calls', async () => {
      const result = streamText({
        model: provider().chat(MODEL),
        prompt: 'Weather in Oslo?',
        tools: { get_weather: tool({ inputSchema: jsonSchema<{ city: string }>(weatherParameters) }) },
        maxRetries: 0,
      });
      const calls = await result.toolCalls;
      expect(calls).toHaveLength(1);
      expect(calls[0]!.toolName).toBe('get_weather');
      expect(typeof (calls[0]!.input as { city: unknown }).city).toBe('string');
      expect(await result.finishReason).toBe('tool-calls');
    });

    it('embeds text', async () => {
      const { embedding, usage } = await embed({ model: provider().embedding('openai/text-embedding-3-small'), value: 'hello', maxRetries: 0 });
      expect(embedding.length).toBeGreaterThan(0);
      expect(usage.tokens).toBeGreaterThan(0);
    });

    it('surfaces a bad key as an APICallError with status 401 and the OpenAI error message', async () => {
      const bad = createOpenAI({ baseURL, apiKey: 'at-not-a-real-key' });
      const error = await generateText({ model: bad.chat(MODEL), prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);
      expect(APICallError.isInstance(error)).toBe(true);
      expect((error as APICallError).statusCode).toBe(401);
      expect((error as APICallError).message).toBe('Invalid API key');
    });
  });

  describe('LangChain (@langchain/openai)', () => {
    const chat = (extra: Record<string, unknown> = {}) =>
      new ChatOpenAI({ model: MODEL, apiKey: key, configuration: { baseURL }, maxRetries: 0, ...extra });

    it('invokes a chat model, with usage metadata', async () => {
      const reply = await chat().invoke('Say hello');
      expect(typeof reply.content).toBe('string');
      expect((reply.content as string).length).toBeGreaterThan(0);
      expect(reply.usage_metadata?.input_tokens).toBeGreaterThan(0);
      expect(reply.usage_metadata?.total_tokens).toBe(reply.usage_metadata!.input_tokens + reply.usage_metadata!.output_tokens);
    });

    it('streams chunks that concatenate to the reply, with usage at the end', async () => {
      let merged: AIMessageChunk | undefined;
      let count = 0;
      for await (const chunk of await chat().stream('Stream a few words [sim:chunks=6]')) {
        merged = merged ? merged.concat(chunk) : chunk;
        count += 1;
      }
      expect(count).toBeGreaterThan(2);
      expect((merged!.content as string).length).toBeGreaterThan(0);
      expect(merged!.usage_metadata?.output_tokens).toBeGreaterThan(0);
    });

    it('binds tools and returns parsed tool calls', async () => {
      const model = chat().bindTools([{ type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters: weatherParameters } }]);
      const reply = await model.invoke('Weather in Rome?');
      expect(reply.tool_calls).toHaveLength(1);
      expect(reply.tool_calls![0]!.name).toBe('get_weather');
      expect(typeof reply.tool_calls![0]!.args.city).toBe('string');
    });

    it.each(['jsonSchema', 'functionCalling'] as const)('returns structured output (method %s)', async (method) => {
      const cityOf = chat().withStructuredOutput<{ city: string }>(weatherParameters, { name: 'city', method });
      const answer = await cityOf.invoke('Name a city');
      expect(typeof answer.city).toBe('string');
    });

    it('embeds documents and queries', async () => {
      const embeddings = new OpenAIEmbeddings({ model: 'openai/text-embedding-3-small', apiKey: key, configuration: { baseURL }, maxRetries: 0 });
      const [docs, query] = await Promise.all([embeddings.embedDocuments(['one', 'two']), embeddings.embedQuery('three')]);
      expect(docs).toHaveLength(2);
      expect(docs[0]!.length).toBeGreaterThan(0);
      expect(query.length).toBe(docs[0]!.length);
    });

    it('rejects a bad key with status 401', async () => {
      const error = await new ChatOpenAI({ model: MODEL, apiKey: 'at-not-a-real-key', configuration: { baseURL }, maxRetries: 0 })
        .invoke('hi')
        .catch((e: unknown) => e as { status?: number });
      expect(error).toMatchObject({ status: 401 });
    });
  });
});
