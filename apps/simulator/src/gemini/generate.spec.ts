import { loremText } from '../content';
import { startSimulator, type Simulator } from '../server';
import { send } from '../testing/sim-client';

const KEY = { 'x-goog-api-key': 'sim-key' };
const weather = { name: 'get_weather', description: 'Weather', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const user = (text: string) => ({ role: 'user', parts: [{ text }] });

/** The JSON of each `data:` event of a Gemini SSE body (events end with CRLF CRLF). */
const sseJson = (text: string): any[] =>
  text
    .split('\r\n\r\n')
    .filter(Boolean)
    .map((event) => JSON.parse(event.slice('data: '.length)));

describe('Gemini generateContent (AI Studio and Vertex AI)', () => {
  let sim: Simulator;
  const studio = (method: string, json: object, headers: Record<string, string> = KEY, query = '') =>
    send(`${sim.url}/v1beta/models/gemini-2.5-flash:${method}${query}`, { json, headers });
  const generate = (json: object, headers?: Record<string, string>) => studio('generateContent', json, headers);

  beforeAll(async () => {
    sim = await startSimulator({ name: 'gem', apiKey: 'sim-key' });
  });
  afterAll(() => sim.close());

  it('answers a GenerateContentResponse with usage', async () => {
    const res = await generate({ contents: [user('Hi')] });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({
      candidates: [{ content: { parts: [{ text: loremText(120) }], role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: expect.any(Number),
        candidatesTokenCount: expect.any(Number),
        totalTokenCount: expect.any(Number),
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: expect.any(Number) }],
      },
      modelVersion: 'gemini-2.5-flash',
      responseId: expect.any(String),
    });
  });

  it('checks the key: header or ?key=, 403 without one, 400 API_KEY_INVALID for a wrong one', async () => {
    expect((await studio('generateContent', { contents: [user('Hi')] }, {}, '?key=sim-key')).status).toBe(200);
    const missing = await generate({ contents: [user('Hi')] }, {});
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.text).error.status).toBe('PERMISSION_DENIED');
    const wrong = JSON.parse((await generate({ contents: [user('Hi')] }, { 'x-goog-api-key': 'nope' })).text);
    expect(wrong.error).toMatchObject({ code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT' });
  });

  it('rejects what Google rejects: unknown fields, bad roles, empty contents, wrong types', async () => {
    const error = async (json: object) => JSON.parse((await generate(json)).text).error;
    expect(await error({ contents: [user('Hi')], generationConfig: { temprature: 1 } })).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: 'Invalid JSON payload received. Unknown name "temprature" at \'generation_config\': Cannot find field.',
    });
    expect((await error({ contents: [user('Hi')], messages: [] })).message).toBe('Invalid JSON payload received. Unknown name "messages": Cannot find field.');
    expect((await error({ contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] })).message).toBe('Please use a valid role: user, model.');
    expect((await error({ contents: [] })).message).toBe('* GenerateContentRequest.contents: contents is not specified\n');
    expect((await error({ contents: [user('Hi')], generationConfig: { temperature: 'hot' } })).message).toBe(
      "Invalid value at 'generation_config.temperature' (TYPE_FLOAT), \"hot\"",
    );
    expect((await error({ contents: [{ role: 'user', parts: [{ text: 'a', inlineData: { mimeType: 'image/png', data: 'AA==' } }] }] })).message).toMatch(/Oneof field 'data' is already set/);
  });

  it('accepts snake_case field names, as Google does', async () => {
    const res = await generate({ contents: [user('Hi')], system_instruction: { parts: [{ text: 'Be brief' }] }, generation_config: { max_output_tokens: 3 } });
    expect(JSON.parse(res.text).candidates[0].finishReason).toBe('MAX_TOKENS');
  });

  it('calls the first tool, then answers from the function response', async () => {
    const tools = [{ functionDeclarations: [weather] }];
    const first = JSON.parse((await generate({ contents: [user('Weather?')], tools })).text);
    const call = first.candidates[0].content.parts[0].functionCall;
    expect(call).toEqual({ name: 'get_weather', args: { city: expect.any(String) } });
    expect(first.candidates[0].finishReason).toBe('STOP');
    const contents = [
      user('Weather?'),
      { role: 'model', parts: [{ functionCall: call, thoughtSignature: 'c2tpcA==' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp_c: 21 } } }] },
    ];
    const second = JSON.parse((await generate({ contents, tools })).text);
    expect(second.candidates[0].content.parts[0].text).toContain('temp_c');
  });

  it('honours functionCallingConfig: NONE answers text, ANY with allowed names forces that call', async () => {
    const tools = [{ functionDeclarations: [weather, { name: 'now', description: 'Time' }] }];
    const none = JSON.parse((await generate({ contents: [user('Hi')], tools, toolConfig: { functionCallingConfig: { mode: 'NONE' } } })).text);
    expect(none.candidates[0].content.parts).toEqual([{ text: expect.stringMatching(/^Lorem ipsum dolor sit amet/) }]);
    const forced = { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['now'] } };
    const any = JSON.parse((await generate({ contents: [user('Hi')], tools, toolConfig: forced })).text);
    expect(any.candidates[0].content.parts).toEqual([{ functionCall: { name: 'now', args: {} } }]);
    const misplaced = await generate({ contents: [user('Hi')], tools, toolConfig: { functionCallingConfig: { mode: 'AUTO', allowedFunctionNames: ['now'] } } });
    expect(misplaced.status).toBe(400);
  });

  it('answers JSON for a response schema, and requires the JSON mime type with it', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const json = JSON.parse((await generate({ contents: [user('A person')], generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema } })).text);
    expect(JSON.parse(json.candidates[0].content.parts[0].text)).toEqual({ name: expect.any(String) });
    expect((await generate({ contents: [user('A person')], generationConfig: { responseJsonSchema: schema } })).status).toBe(400);
  });

  it('streams SSE with alt=sse: text pieces, then finishReason with the full usage', async () => {
    const res = await studio('streamGenerateContent', { contents: [user('Hi')] }, KEY, '?alt=sse');
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = sseJson(res.text);
    expect(events.map((event) => event.candidates[0].content.parts[0].text).join('')).toBe(loremText(120));
    expect(events.at(-1).candidates[0].finishReason).toBe('STOP');
    expect(events.at(-1).usageMetadata.candidatesTokenCount).toBeGreaterThan(0);
    expect(events.slice(0, -1).every((event) => !event.candidates[0].finishReason)).toBe(true);
  });

  it('streams a JSON array without alt=sse', async () => {
    const res = await studio('streamGenerateContent', { contents: [user('Hi')] });
    expect(res.headers.get('content-type')).toBe('application/json');
    const responses = JSON.parse(res.text);
    expect(Array.isArray(responses)).toBe(true);
    expect(responses.at(-1).candidates[0].finishReason).toBe('STOP');
  });

  it('answers injected failures and mid-stream errors in Google’s error shape', async () => {
    const failed = await generate({ contents: [user('Hi [sim:status=429 retry_after=2]')] });
    expect(failed.status).toBe(429);
    expect(failed.headers.get('retry-after')).toBe('2');
    expect(JSON.parse(failed.text).error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    const stream = await studio('streamGenerateContent', { contents: [user('Hi [sim:error_after=1]')] }, KEY, '?alt=sse');
    expect(sseJson(stream.text).at(-1).error).toMatchObject({ code: 500, status: 'INTERNAL' });
  });

  it('serves Vertex AI paths with bearer auth', async () => {
    const url = `${sim.url}/v1/projects/demo/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent`;
    const ok = await send(url, { json: { contents: [user('Hi')] }, headers: { authorization: 'Bearer sim-key' } });
    expect(JSON.parse(ok.text).candidates[0].finishReason).toBe('STOP');
    const denied = await send(url, { json: { contents: [user('Hi')] }, headers: KEY });
    expect(denied.status).toBe(401);
    expect(JSON.parse(denied.text).error.status).toBe('UNAUTHENTICATED');
  });
});
