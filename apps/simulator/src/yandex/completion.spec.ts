import { loremText } from '../content';
import { startSimulator, type Simulator } from '../server';
import { send } from '../testing/sim-client';
import { yandexPersonality } from '.';

describe('Yandex Foundation Models personality', () => {
  let sim: Simulator;
  const auth = { authorization: 'Api-Key sim-key', 'x-folder-id': 'b1gfolder' };
  const complete = (json: object, headers: Record<string, string> = auth) =>
    send(`${sim.url}/foundationModels/v1/completion`, { json: { modelUri: 'gpt://b1gfolder/yandexgpt/latest', ...json }, headers });
  const user = (text: string) => [{ role: 'user', text }];
  const lines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line));
  const weather = { function: { name: 'weatherTool', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sim-key', personalities: [yandexPersonality] });
  });
  afterAll(() => sim.close());

  it('answers with the documented result shape, int64 usage as strings', async () => {
    const res = await complete({ completionOptions: { stream: false, temperature: 0.1, maxTokens: '1000' }, messages: [{ role: 'system', text: 'Be brief' }, ...user('Hi')] });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body).toEqual({
      result: {
        alternatives: [{ message: { role: 'assistant', text: loremText(120) }, status: 'ALTERNATIVE_STATUS_FINAL' }],
        usage: { inputTextTokens: expect.stringMatching(/^\d+$/), completionTokens: expect.stringMatching(/^\d+$/), totalTokens: expect.stringMatching(/^\d+$/), completionTokensDetails: { reasoningTokens: '0' } },
        modelVersion: expect.any(String),
      },
    });
    const { usage } = body.result;
    expect(Number(usage.totalTokens)).toBe(Number(usage.inputTextTokens) + Number(usage.completionTokens));
  });

  it('streams newline-delimited cumulative results ending in the whole text', async () => {
    const res = await complete({ completionOptions: { stream: true }, messages: user('Stream it') });
    expect(res.headers.get('content-type')).toBe('application/json');
    const results = lines(res.text).map((line) => line.result);
    expect(results.length).toBeGreaterThan(3);
    const texts = results.map((result) => result.alternatives[0].message.text);
    texts.slice(1).forEach((text: string, i: number) => expect(text.startsWith(texts[i]!)).toBe(true));
    expect(results.at(-1).alternatives[0]).toEqual({ message: { role: 'assistant', text: loremText(120) }, status: 'ALTERNATIVE_STATUS_FINAL' });
    expect(results.slice(0, -1).every((result) => result.alternatives[0].status === 'ALTERNATIVE_STATUS_PARTIAL')).toBe(true);
  });

  it('truncates at maxTokens (string or number) with TRUNCATED_FINAL', async () => {
    for (const maxTokens of ['3', 3]) {
      const body = JSON.parse((await complete({ completionOptions: { maxTokens }, messages: user('Go on') })).text);
      expect(body.result.alternatives[0].status).toBe('ALTERNATIVE_STATUS_TRUNCATED_FINAL');
      expect(body.result.usage.completionTokens).toBe('3');
    }
  });

  it('calls a tool with object arguments, then answers from the toolResultList', async () => {
    const first = JSON.parse((await complete({ tools: [weather], messages: user('Weather in Paris?') })).text).result.alternatives[0];
    expect(first.status).toBe('ALTERNATIVE_STATUS_TOOL_CALLS');
    expect(first.message.toolCallList.toolCalls).toEqual([{ functionCall: { name: 'weatherTool', arguments: { city: 'sample city' } } }]);
    const second = await complete({
      tools: [weather],
      messages: [...user('Weather in Paris?'), first.message, { role: 'user', toolResultList: { toolResults: [{ functionResult: { name: 'weatherTool', content: '{"temp_c":21}' } }] } }],
    });
    const answer = JSON.parse(second.text).result.alternatives[0];
    expect(answer.status).toBe('ALTERNATIVE_STATUS_FINAL');
    expect(answer.message.text).toContain('{"temp_c":21}');
  });

  it('follows toolChoice and a JSON schema', async () => {
    const none = JSON.parse((await complete({ tools: [weather], toolChoice: { mode: 'NONE' }, messages: user('x') })).text);
    expect(none.result.alternatives[0].status).toBe('ALTERNATIVE_STATUS_FINAL');
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'] };
    const json = JSON.parse((await complete({ jsonSchema: { schema }, messages: user('A person') })).text);
    expect(JSON.parse(json.result.alternatives[0].message.text)).toEqual({ name: expect.any(String), age: expect.any(Number) });
  });

  it('reports hidden reasoning tokens when reasoning is on', async () => {
    const body = JSON.parse((await complete({ completionOptions: { reasoningOptions: { mode: 'ENABLED_HIDDEN' } }, messages: user('think') })).text);
    expect(Number(body.result.usage.completionTokensDetails.reasoningTokens)).toBeGreaterThan(0);
  });

  it.each([
    ['an unknown field', { seed: 1, messages: user('x') }, 'unknown field "seed"'],
    ['an unknown option', { completionOptions: { topP: 0.5 }, messages: user('x') }, 'unknown field "topP" in completionOptions'],
    ['a temperature above 1', { completionOptions: { temperature: 1.5 }, messages: user('x') }, 'completionOptions.temperature must be between 0 and 1'],
    ['a non-integer maxTokens', { completionOptions: { maxTokens: 'ten' }, messages: user('x') }, 'completionOptions.maxTokens'],
    ['a model URI without gpt://', { modelUri: 'yandexgpt/latest', messages: user('x') }, 'invalid modelUri'],
    ['no messages', { messages: [] }, 'messages must not be empty'],
    ['an unknown role', { messages: [{ role: 'tool', text: 'x' }] }, 'messages[0].role'],
    ['two message contents', { messages: [{ role: 'user', text: 'x', toolResultList: { toolResults: [] } }] }, 'only one of text, toolCallList, toolResultList'],
    ['both response formats', { jsonObject: true, jsonSchema: { schema: {} }, messages: user('x') }, 'only one of jsonObject, jsonSchema'],
  ])('refuses %s with INVALID_ARGUMENT', async (_name, json, message) => {
    const res = await complete(json);
    expect(res.status).toBe(400);
    const { error } = JSON.parse(res.text);
    expect(error).toMatchObject({ grpcCode: 3, httpCode: 400, httpStatus: 'Bad Request', details: [] });
    expect(error.message).toContain(message);
  });

  it('checks the key and that x-folder-id names the model URI folder', async () => {
    expect((await complete({ messages: user('x') }, {})).status).toBe(401);
    expect(JSON.parse((await complete({ messages: user('x') }, { authorization: 'Api-Key wrong' })).text).error).toMatchObject({ grpcCode: 16, httpCode: 401 });
    expect((await complete({ messages: user('x') }, { authorization: 'Bearer sim-key' })).status).toBe(200);
    const other = await complete({ messages: user('x') }, { ...auth, 'x-folder-id': 'b1gother' });
    expect(other.status).toBe(403);
    expect(JSON.parse(other.text).error.grpcCode).toBe(7);
  });

  it('answers injected failures and mid-stream errors in its own shape', async () => {
    const res = await complete({ messages: user('Fail [sim:status=429]') });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(JSON.parse(res.text).error).toMatchObject({ grpcCode: 8, httpCode: 429, httpStatus: 'Too Many Requests' });
    const stream = await complete({ completionOptions: { stream: true }, messages: user('[sim:error_after=2]') });
    const last = lines(stream.text).at(-1);
    expect(last.error).toMatchObject({ grpcCode: 13, httpCode: 500 });
  });

  it('embeds one text into a 256-dimension vector', async () => {
    const res = await send(`${sim.url}/foundationModels/v1/textEmbedding`, { json: { modelUri: 'emb://b1gfolder/text-search-doc/latest', text: 'hello world' }, headers: auth });
    const body = JSON.parse(res.text);
    expect(body.embedding).toHaveLength(256);
    expect(body.numTokens).toBe('2');
    const bad = await send(`${sim.url}/foundationModels/v1/textEmbedding`, { json: { modelUri: 'emb://b1gfolder/text-search-doc/latest', texts: ['a'] }, headers: auth });
    expect(bad.status).toBe(400);
  });
});
