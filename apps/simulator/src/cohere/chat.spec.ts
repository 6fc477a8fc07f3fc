import { loremText } from '../content';
import { startSimulator, type Simulator } from '../server';
import { send } from '../testing/sim-client';

const AUTH = { authorization: 'Bearer sim-key' };
const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const user = (content: string) => [{ role: 'user', content }];

/** `event:` name and parsed data of each SSE frame (the final `data: [DONE]` has no event). */
const events = (text: string) =>
  text
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => {
      const lines = frame.split('\n');
      const data = lines.at(-1)!.slice('data: '.length);
      return { event: lines.length > 1 ? lines[0]!.slice('event: '.length) : undefined, data: data === '[DONE]' ? data : JSON.parse(data) };
    });

describe('Cohere v2 chat and embed', () => {
  let sim: Simulator;
  const chat = (json: object, headers: Record<string, string> = AUTH) => send(`${sim.url}/v2/chat`, { json: { model: 'command-a-03-2025', ...json }, headers });
  const body = async (json: object) => JSON.parse((await chat(json)).text);

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sim-key' });
  });
  afterAll(() => sim.close());

  it('answers a chat response with tokens and billed units', async () => {
    expect(await body({ messages: user('Hi') })).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      message: { role: 'assistant', content: [{ type: 'text', text: loremText(120) }] },
      finish_reason: 'COMPLETE',
      usage: {
        billed_units: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
        tokens: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
      },
    });
  });

  it('checks the bearer key the way Cohere words it', async () => {
    expect(JSON.parse((await chat({ messages: user('Hi') }, {})).text)).toEqual({ id: expect.any(String), message: 'no api key supplied' });
    const wrong = await chat({ messages: user('Hi') }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text).message).toBe('invalid api token');
  });

  it('rejects unknown fields (422, nested too), bad ranges, bad tool names and orphan tool results', async () => {
    const unknown = await chat({ messages: user('Hi'), top_p: 0.5 });
    expect(unknown.status).toBe(422);
    expect(JSON.parse(unknown.text).message).toBe("unknown field: parameter 'top_p' is not a valid field. For proper usage, please refer to https://docs.cohere.com/reference/chat");
    const strict = await chat({ messages: user('Hi'), tools: [{ ...weather, function: { ...weather.function, strict: true } }] });
    expect(JSON.parse(strict.text).message).toMatch(/parameter 'strict' is not a valid field/);
    expect((await body({ messages: user('Hi'), temperature: 1.5 })).message).toBe('invalid request: temperature must be between 0 and 1.0 inclusive.');
    const dashed = { type: 'function', function: { name: 'get-weather', parameters: { type: 'object', properties: {} } } };
    expect((await body({ messages: user('Hi'), tools: [dashed] })).message).toMatch(/^invalid request: tool names can only contain/);
    expect((await body({ messages: [...user('Hi'), { role: 'tool', tool_call_id: 'x', content: '1' }] })).message).toBe('tool call id not found in previous tool calls');
    expect((await body({ messages: [{ role: 'robot', content: 'x' }] })).message).toMatch(/role must be one of/);
    expect((await chat({ messages: user('Hi'), response_format: { type: 'json_schema' } })).status).toBe(400);
  });

  it('calls a tool with a plan, then answers from the tool result', async () => {
    const first = await body({ messages: user('Weather?'), tools: [weather] });
    expect(first.finish_reason).toBe('TOOL_CALL');
    expect(first.message.tool_plan).toBe('I will use get_weather to answer this.');
    const [call] = first.message.tool_calls;
    expect(call).toEqual({ id: expect.stringMatching(/^get_weather_[a-z0-9]{12}$/), type: 'function', function: { name: 'get_weather', arguments: expect.any(String) } });
    const messages = [...user('Weather?'), { role: 'assistant', tool_plan: first.message.tool_plan, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: '{"temp_c":21}' }];
    const second = await body({ messages, tools: [weather] });
    expect(second.finish_reason).toBe('COMPLETE');
    expect(second.message.content[0].text).toContain('temp_c');
  });

  it('reports MAX_TOKENS, STOP_SEQUENCE, JSON schema output and thinking blocks', async () => {
    expect((await body({ messages: user('Go'), max_tokens: 3 })).finish_reason).toBe('MAX_TOKENS');
    expect((await body({ messages: user('Go'), stop_sequences: ['dolor'] })).finish_reason).toBe('STOP_SEQUENCE');
    const schema = { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] };
    const json = await body({ messages: user('A person'), response_format: { type: 'json_object', json_schema: schema } });
    expect(JSON.parse(json.message.content[0].text)).toEqual({ age: expect.any(Number) });
    const thought = await body({ messages: user('Think'), thinking: { type: 'enabled', token_budget: 100 } });
    expect(thought.message.content.map((block: { type: string }) => block.type)).toEqual(['thinking', 'text']);
  });

  it('streams message-start, a text block, message-end with usage, then [DONE]', async () => {
    const res = await chat({ messages: user('Hi'), stream: true });
    const frames = events(res.text);
    expect(frames.map((frame) => frame.event ?? frame.data)).toEqual([
      'message-start',
      'content-start',
      ...frames.filter((frame) => frame.event === 'content-delta').map(() => 'content-delta'),
      'content-end',
      'message-end',
      '[DONE]',
    ]);
    expect(frames.every((frame) => frame.event === undefined || frame.data.type === frame.event)).toBe(true);
    const text = frames.filter((frame) => frame.event === 'content-delta').map((frame) => frame.data.delta.message.content.text).join('');
    expect(text).toBe(loremText(120));
    expect(frames.at(-2)!.data.delta).toEqual({ finish_reason: 'COMPLETE', usage: expect.objectContaining({ tokens: expect.any(Object) }) });
  });

  it('streams the tool plan and tool-call deltas that assemble into the arguments', async () => {
    const frames = events((await chat({ messages: user('Weather?'), tools: [weather], tool_choice: 'REQUIRED', stream: true })).text);
    const start = frames.find((frame) => frame.event === 'tool-call-start')!.data;
    expect(start).toMatchObject({ index: 0, delta: { message: { tool_calls: { type: 'function', function: { name: 'get_weather', arguments: '' } } } } });
    const args = frames.filter((frame) => frame.event === 'tool-call-delta').map((frame) => frame.data.delta.message.tool_calls.function.arguments).join('');
    expect(JSON.parse(args)).toEqual({ city: expect.any(String) });
    expect(frames.some((frame) => frame.event === 'tool-plan-delta')).toBe(true);
    expect(frames.at(-2)!.data.delta.finish_reason).toBe('TOOL_CALL');
  });

  it('answers injected failures and mid-stream errors in Cohere’s shape', async () => {
    const failed = await chat({ messages: user('Hi [sim:status=503]') });
    expect(failed.status).toBe(503);
    expect(JSON.parse(failed.text)).toEqual({ id: expect.any(String), message: 'service unavailable' });
    const broken = events((await chat({ messages: user('Hi [sim:error_after=2]'), stream: true })).text);
    expect(broken.at(-1)!.data).toEqual({ type: 'message-end', delta: { error: expect.any(String), finish_reason: 'ERROR' } });
  });

  it('embeds texts by type, requiring input_type', async () => {
    const embed = (json: object) => send(`${sim.url}/v2/embed`, { json: { model: 'embed-v4.0', ...json }, headers: AUTH });
    const res = JSON.parse((await embed({ texts: ['hello', 'bye'], input_type: 'search_document', embedding_types: ['float', 'int8'], output_dimension: 256 })).text);
    expect(res.embeddings.float).toHaveLength(2);
    expect(res.embeddings.float[0]).toHaveLength(256);
    expect(res.embeddings.int8[0]).toHaveLength(256);
    expect(res.meta.billed_units.input_tokens).toBeGreaterThan(0);
    expect(JSON.parse((await embed({ texts: ['x'] })).text).message).toBe('invalid request: valid input_type must be provided with the provided model');
    expect((await embed({ texts: ['x'], input_type: 'search_query', encoding_format: 'float' })).status).toBe(422);
  });
});
