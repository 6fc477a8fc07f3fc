import { startSimulator, type Simulator } from '../server';
import { send } from '../testing/sim-client';

describe('OpenAI request validation and auth', () => {
  let sim: Simulator;
  const auth = { authorization: 'Bearer sk-test-key-1234567890' };
  const chat = (json: unknown, headers: Record<string, string> = auth) => send(`${sim.baseUrl}/chat/completions`, { json, headers });
  const error = async (res: Promise<{ status: number; text: string }>) => {
    const { status, text } = await res;
    return { status, ...JSON.parse(text).error };
  };

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sk-test-key-1234567890' });
  });
  afterAll(() => sim.close());

  it('answers 401 without a key or with a wrong one', async () => {
    expect(await error(chat({ model: 'm', messages: [] }, {}))).toMatchObject({ status: 401, type: 'invalid_request_error', code: null, message: expect.stringMatching(/^You didn't provide an API key/) });
    expect(await error(chat({ model: 'm', messages: [] }, { authorization: 'Bearer sk-wrong-key-abcdefgh' }))).toEqual({
      status: 401,
      message: 'Incorrect API key provided: sk-wrong*********efgh. You can find your API key at https://platform.openai.com/account/api-keys.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
  });

  it('lets an unauthenticated model listing through (readiness probes) but not a wrong key', async () => {
    expect((await send(`${sim.baseUrl}/models`)).status).toBe(200);
    expect((await send(`${sim.baseUrl}/models`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it.each([
    [{ messages: [{ role: 'user', content: 'hi' }] }, 'you must provide a model parameter', null, null],
    [{ model: 'm' }, "Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter'],
    [{ model: 'm', messages: 'hi' }, "Invalid type for 'messages': expected an array, but got a string instead.", 'messages', 'invalid_type'],
    [{ model: 'm', messages: [] }, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages', 'empty_array'],
    [
      { model: 'm', messages: [{ role: 'bot', content: 'x' }] },
      "Invalid value: 'bot'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
      'messages[0].role',
      'invalid_value',
    ],
    [{ model: 'm', messages: [{ role: 'user' }] }, "Missing required parameter: 'messages[0].content'.", 'messages[0].content', 'missing_required_parameter'],
    [
      { model: 'm', messages: [{ role: 'tool', tool_call_id: 'x', content: 'r' }] },
      "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
      'messages.[0].role',
      null,
    ],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 3 }, "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.", 'temperature', 'decimal_above_max_value'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 0 }, "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got 0 instead.", 'max_tokens', 'integer_below_min_value'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], provider: {} }, 'Unrecognized request argument supplied: provider', null, null],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } }, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options', null],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_object' } }, "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", 'messages', null],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], tool_choice: 'auto' }, "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice', null],
    [{ model: 'm', messages: [{ role: 'user', content: 'x [sim:oops]' }] }, expect.stringMatching(/^Unknown simulator directive 'oops'/), null, null],
  ])('answers 400 for %j', async (body, message, param, code) => {
    expect(await error(chat(body))).toEqual({ status: 400, message, type: 'invalid_request_error', param, code });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await send(`${sim.baseUrl}/chat/completions`, { method: 'POST', body: '{nope', headers: auth });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.message).toMatch(/^We could not parse the JSON body of your request/);
  });

  it('answers 404 for unknown paths and 405 for wrong methods, in OpenAI shape', async () => {
    expect(await error(send(`${sim.url}/v1/nope`, { json: {}, headers: auth }))).toEqual({
      status: 404,
      message: 'Invalid URL (POST /v1/nope)',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
    expect(await error(send(`${sim.baseUrl}/chat/completions`, { headers: auth }))).toMatchObject({ status: 405, message: 'Invalid method for URL (GET /v1/chat/completions)' });
  });
});
