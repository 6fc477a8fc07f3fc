import { randomUUID } from 'node:crypto';
import { loremText } from '../content';
import { startSimulator, type Simulator } from '../server';
import { send, sseData, sseJson } from '../testing/sim-client';
import { createGigachatPersonality } from '.';

describe('GigaChat personality', () => {
  let sim: Simulator;
  let token: string;
  const oauth = (headers: Record<string, string>, body = 'scope=GIGACHAT_API_PERS') =>
    send(`${sim.url}/api/v2/oauth`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers }, body });
  const validOauth = () => oauth({ authorization: 'Basic sim-key', rquid: randomUUID() });
  const chat = (json: object, bearer = token) =>
    send(`${sim.url}/api/v1/chat/completions`, { json: { model: 'GigaChat-2-Max', ...json }, headers: { authorization: `Bearer ${bearer}` } });
  const user = (content: string) => [{ role: 'user', content }];
  const weather = { name: 'weather_forecast', description: 'Forecast', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } };

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sim-key', personalities: [createGigachatPersonality()] });
  });
  beforeEach(async () => {
    token = JSON.parse((await validOauth()).text).access_token;
  });
  afterAll(() => sim.close());

  describe('POST /api/v2/oauth', () => {
    it('exchanges the authorization key for an access token with expires_at in milliseconds', async () => {
      const res = await validOauth();
      expect(res.status).toBe(200);
      const body = JSON.parse(res.text);
      expect(body).toEqual({ access_token: expect.any(String), expires_at: expect.any(Number) });
      expect(body.expires_at - Date.now()).toBeGreaterThan(29 * 60_000);
      expect(body.expires_at - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    });

    it.each([
      ['a wrong key', { authorization: 'Basic other', rquid: randomUUID() }, undefined, 401, { code: 6, message: "credentials doesn't match db data" }],
      ['no Basic auth', { rquid: randomUUID() }, undefined, 401, { code: 4 }],
      ['no RqUID', { authorization: 'Basic sim-key' }, undefined, 400, { code: 3 }],
      ['a RqUID that is not a uuid4', { authorization: 'Basic sim-key', rquid: 'abc' }, undefined, 400, { code: 3 }],
      ['no scope', { authorization: 'Basic sim-key', rquid: randomUUID() }, '', 400, { code: 5, message: 'scope is empty' }],
      ['an unknown scope', { authorization: 'Basic sim-key', rquid: randomUUID() }, 'scope=GIGACHAT_API_FREE', 400, { code: 7 }],
    ])('refuses %s', async (_name, headers, body, status, error) => {
      const res = await oauth(headers as Record<string, string>, body);
      expect(res.status).toBe(status);
      expect(JSON.parse(res.text)).toMatchObject(error);
    });
  });

  describe('POST /api/v1/chat/completions', () => {
    it('needs a valid access token', async () => {
      expect(JSON.parse((await chat({ messages: user('hi') }, 'forged.token')).text)).toEqual({ status: 401, message: 'Unauthorized' });
      expect((await send(`${sim.url}/api/v1/chat/completions`, { json: { model: 'GigaChat', messages: user('hi') } })).status).toBe(401);
    });

    it('refuses a token once it has expired (the lifetime is configurable)', async () => {
      const shortLived = await startSimulator({ apiKey: 'sim-key', personalities: [createGigachatPersonality({ tokenTtlMs: 100 })] });
      const headers = { authorization: 'Basic sim-key', rquid: randomUUID(), 'content-type': 'application/x-www-form-urlencoded' };
      const issued = JSON.parse((await send(`${shortLived.url}/api/v2/oauth`, { method: 'POST', headers, body: 'scope=GIGACHAT_API_B2B' })).text);
      const ask = () => send(`${shortLived.url}/api/v1/chat/completions`, { json: { model: 'GigaChat', messages: user('hi') }, headers: { authorization: `Bearer ${issued.access_token}` } });
      expect((await ask()).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const expired = await ask();
      await shortLived.close();
      expect(expired.status).toBe(401);
      expect(JSON.parse(expired.text)).toEqual({ status: 401, message: 'Token has expired' });
    });

    it('answers in the documented shape', async () => {
      const res = await chat({ messages: [{ role: 'system', content: 'Be brief' }, ...user('hi')], temperature: 0.7, max_tokens: 512, repetition_penalty: 1, update_interval: 0, n: 1 });
      expect(res.status).toBe(200);
      const body = JSON.parse(res.text);
      expect(body).toEqual({
        choices: [{ message: { role: 'assistant', content: loremText(120) }, index: 0, finish_reason: 'stop' }],
        created: expect.any(Number),
        model: 'GigaChat-2-Max',
        usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number), precached_prompt_tokens: 0 },
        object: 'chat.completion',
      });
      expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    });

    it('truncates at max_tokens with finish_reason length', async () => {
      expect(JSON.parse((await chat({ messages: user('go'), max_tokens: 3 })).text).choices[0].finish_reason).toBe('length');
    });

    it('streams SSE chunks, then a finish chunk with usage, then [DONE]', async () => {
      const res = await chat({ messages: user('Stream it'), stream: true });
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(sseData(res.text).at(-1)).toBe('[DONE]');
      const chunks = sseJson(res.text);
      expect(chunks[0].choices[0].delta.role).toBe('assistant');
      expect(chunks.map((chunk) => chunk.choices[0].delta.content).join('')).toBe(loremText(120));
      expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop' }], object: 'chat.completion', usage: { precached_prompt_tokens: 0 } });
    });

    it('calls a function with object arguments, then answers from the function result', async () => {
      const first = JSON.parse((await chat({ messages: user('Weather in Moscow?'), functions: [weather], function_call: 'auto' })).text).choices[0];
      expect(first.finish_reason).toBe('function_call');
      expect(first.message).toEqual({
        role: 'assistant',
        content: '',
        function_call: { name: 'weather_forecast', arguments: { location: 'sample location' } },
        functions_state_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      const second = await chat({
        functions: [weather],
        messages: [...user('Weather in Moscow?'), first.message, { role: 'function', name: 'weather_forecast', content: '{"temp_c":-5}' }],
      });
      const answer = JSON.parse(second.text).choices[0];
      expect(answer.finish_reason).toBe('stop');
      expect(answer.message.content).toContain('{"temp_c":-5}');
    });

    it('streams a forced function call as one chunk', async () => {
      const res = await chat({ messages: user('Weather?'), functions: [weather], function_call: { name: 'weather_forecast' }, stream: true });
      const [chunk] = sseJson(res.text);
      expect(chunk.choices[0]).toMatchObject({ delta: { role: 'assistant', function_call: { name: 'weather_forecast', arguments: { location: 'sample location' } } }, finish_reason: 'function_call' });
      expect(chunk.usage.completion_tokens).toBeGreaterThan(0);
    });

    it.each([
      ['an unknown field', { tools: [], messages: user('x') }, 'unknown field tools'],
      ['a zero temperature', { temperature: 0, messages: user('x') }, 'temperature must be in range (0, +inf)'],
      ['string function arguments', { messages: [{ role: 'assistant', content: '', function_call: { name: 'f', arguments: '{}' } }] }, 'function_call.arguments must be an object'],
      ['a function result that is not JSON', { messages: [{ role: 'function', name: 'f', content: 'sunny' }] }, 'valid JSON object'],
      ['a function result without a name', { messages: [{ role: 'function', content: '{}' }] }, 'messages[0].name is required'],
      ['a forced function that is not described', { messages: user('x'), function_call: { name: 'f' } }, 'not described in functions'],
      ['an unknown role', { messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].role must be one of'],
      ['OpenAI tool_calls on a message', { messages: [{ role: 'assistant', content: '', tool_calls: [] }] }, 'unknown field messages[0].tool_calls'],
    ])('refuses %s with 422', async (_name, json, message) => {
      const res = await chat(json);
      expect(res.status).toBe(422);
      const body = JSON.parse(res.text);
      expect(body.status).toBe(422);
      expect(body.message).toContain(message);
    });

    it('answers injected failures in its own shape', async () => {
      const res = await chat({ messages: user('Fail [sim:status=400]') });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toEqual({ status: 400, message: expect.any(String) });
    });
  });

  it('embeds every input with a per-item token count', async () => {
    const res = await send(`${sim.url}/api/v1/embeddings`, { json: { model: 'Embeddings', input: ['hello world', 'bye'] }, headers: { authorization: `Bearer ${token}` } });
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ object: 'list', model: 'Embeddings' });
    expect(body.data.map((item: { index: number; usage: object }) => [item.index, item.usage])).toEqual([
      [0, { prompt_tokens: 2 }],
      [1, { prompt_tokens: 1 }],
    ]);
    expect(body.data[0].embedding).toHaveLength(1024);
  });

  it('lists models behind the token', async () => {
    const res = await send(`${sim.url}/api/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    expect(JSON.parse(res.text).data).toContainEqual({ id: 'GigaChat-2-Max', object: 'model', owned_by: 'salutedevices', type: 'chat' });
    expect((await send(`${sim.url}/api/v1/models`)).status).toBe(401);
  });
});
