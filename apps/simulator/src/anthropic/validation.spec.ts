import { startSimulator, type Simulator } from '../server';
import { send } from '../testing/sim-client';

const HEADERS = { 'x-api-key': 'sim-key', 'anthropic-version': '2023-06-01' };

describe('Anthropic personality: refusals and failures', () => {
  let sim: Simulator;
  const post = (json: object, headers: Record<string, string> = HEADERS) => send(`${sim.url}/v1/messages`, { json, headers });
  const valid = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };
  const refusal = async (json: object, headers?: Record<string, string>) => {
    const res = await post(json, headers);
    return { status: res.status, body: JSON.parse(res.text) };
  };
  const message = async (json: object) => (await refusal(json)).body.error.message;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sim-key' });
  });
  afterAll(() => sim.close());

  it("checks x-api-key and anthropic-version in Anthropic's error shape", async () => {
    expect(await refusal(valid, { 'anthropic-version': '2023-06-01' })).toEqual({
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' }, request_id: expect.stringMatching(/^req_/) },
    });
    expect((await refusal(valid, { ...HEADERS, 'x-api-key': 'wrong' })).body.error.message).toBe('invalid x-api-key');
    expect(await refusal(valid, { 'x-api-key': 'sim-key' })).toMatchObject({
      status: 400,
      body: { error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } },
    });
  });

  it('requires model, max_tokens and messages, and rejects unknown fields', async () => {
    expect(await message({ model: 'm', messages: valid.messages })).toBe('max_tokens: Field required');
    expect(await message({ max_tokens: 10, messages: valid.messages })).toBe('model: Field required');
    expect(await message({ model: 'm', max_tokens: 10 })).toBe('messages: Field required');
    expect(await message({ ...valid, response_format: { type: 'json_object' } })).toBe('response_format: Extra inputs are not permitted');
    expect(await message({ ...valid, max_tokens: 'many' })).toBe('max_tokens: Input should be a valid integer');
    expect(await message({ ...valid, messages: [{ role: 'user', content: [{ type: 'text', text: 'x', foo: 1 }] }] })).toBe(
      'messages.0.content.0.text.foo: Extra inputs are not permitted',
    );
  });

  it('rejects bad turn order', async () => {
    expect(await message({ ...valid, messages: [{ role: 'assistant', content: 'Hi' }] })).toBe('messages: first message must use the "user" role');
    expect(await message({ ...valid, messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] })).toBe(
      'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row',
    );
    expect(await message({ ...valid, messages: [{ role: 'system', content: 'a' }] })).toBe("messages.0.role: Input should be 'user' or 'assistant'");
    expect(await message({ ...valid, messages: [{ role: 'user', content: '' }] })).toBe(
      'messages.0: all messages must have non-empty content except for the optional final assistant message',
    );
  });

  it('rejects tool results that answer nothing, and tool uses left unanswered', async () => {
    const use = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'f', input: {} }] };
    expect(await message({ ...valid, messages: [{ role: 'user', content: 'x' }, use, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_z', content: '1' }] }] })).toBe(
      'messages.2.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_z. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
    );
    expect(await message({ ...valid, messages: [{ role: 'user', content: 'x' }, use, { role: 'user', content: 'y' }] })).toBe(
      'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_a. Each `tool_use` block must have a corresponding `tool_result` block in the next message.',
    );
  });

  it('rejects sampling and thinking settings the real API refuses', async () => {
    const latest = { ...HEADERS, 'anthropic-version': '2026-10-21' };
    expect((await refusal({ ...valid, top_k: 5 }, latest)).body.error.message).toBe('top_k: Extra inputs are not permitted');
    expect((await refusal({ ...valid, top_k: 5 }, { ...HEADERS, 'anthropic-version': '2024-01-01' })).body.error.message).toBe(
      'anthropic-version: "2024-01-01" is not a valid version',
    );
    expect(await message({ ...valid, temperature: 1.5 })).toBe('temperature: Input should be less than or equal to 1');
    expect(await message({ ...valid, temperature: 0.5, top_p: 0.9 })).toContain('cannot both be specified');
    expect(await message({ ...valid, max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 2000 } })).toContain('`max_tokens` must be greater than `thinking.budget_tokens`');
    expect(await message({ ...valid, max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 500 } })).toBe(
      'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024',
    );
    const forced = { tools: [{ name: 'f', input_schema: { type: 'object' } }], tool_choice: { type: 'any' } };
    expect(await message({ ...valid, ...forced, max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 } })).toBe(
      'Thinking may not be enabled when tool_choice forces tool use.',
    );
  });

  it('wants the thinking block back in a tool loop while thinking is on', async () => {
    const loop = [
      { role: 'user', content: 'x' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'f', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: '1' }] },
    ];
    const thinking = { max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 } };
    expect(await message({ ...valid, ...thinking, messages: loop })).toMatch(/^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`/);
    expect((await refusal({ ...valid, messages: loop })).status).toBe(200);
  });

  it('answers injected statuses the way Anthropic words them', async () => {
    const ask = (text: string) => refusal({ ...valid, messages: [{ role: 'user', content: text }] });
    expect(await ask('[sim:status=529]')).toMatchObject({ status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    expect(await ask('[sim:status=404]')).toMatchObject({ status: 404, body: { error: { type: 'not_found_error' } } });
    expect(await ask('[sim:status=413]')).toMatchObject({ status: 413, body: { error: { type: 'request_too_large' } } });
    expect(await ask('[sim:status=500]')).toMatchObject({ status: 500, body: { error: { type: 'api_error' } } });
    const limited = await post({ ...valid, messages: [{ role: 'user', content: '[sim:status=429]' }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(JSON.parse(limited.text).error.type).toBe('rate_limit_error');
  });

  it('fails a stream midway with an `event: error` frame', async () => {
    const res = await post({ ...valid, stream: true, messages: [{ role: 'user', content: '[sim:error_after=2]' }] });
    expect(res.text.endsWith('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n')).toBe(true);
    expect(res.text.split('\n\n').filter(Boolean)).toHaveLength(3);
  });
});
