import { loremText } from '../content';
import { startSimulator, type Simulator } from '../server';
import { send } from '../testing/sim-client';

const HEADERS = { 'x-api-key': 'sim-key', 'anthropic-version': '2023-06-01' };
const weather = { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

/** `event:` name and parsed data of each SSE frame. */
function events(text: string): Array<{ event: string; data: any }> {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      return { event: eventLine!.slice('event: '.length), data: JSON.parse(dataLine!.slice('data: '.length)) };
    });
}

describe('POST /v1/messages (Anthropic)', () => {
  let sim: Simulator;
  const post = (json: object, headers: Record<string, string> = HEADERS) => send(`${sim.url}/v1/messages`, { json, headers });
  const ask = (extra: object = {}) => post({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }], ...extra });

  beforeAll(async () => {
    sim = await startSimulator({ name: 'claude', apiKey: 'sim-key' });
  });
  afterAll(() => sim.close());

  it('answers a Message with usage and Anthropic headers', async () => {
    const res = await ask();
    expect(res.status).toBe(200);
    expect(res.headers.get('request-id')).toMatch(/^req_011C[A-Za-z0-9]{20}$/);
    expect(res.headers.get('anthropic-ratelimit-requests-remaining')).toBe('3999');
    expect(res.headers.get('anthropic-ratelimit-tokens-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const body = JSON.parse(res.text);
    expect(body).toEqual({
      id: expect.stringMatching(/^msg_01[A-Za-z0-9]{22}$/),
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: loremText(120) }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: expect.any(Number),
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: expect.any(Number),
        service_tier: 'standard',
      },
    });
  });

  it('streams the documented event sequence, concatenating to the same text', async () => {
    const res = await ask({ stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const stream = events(res.text);
    for (const { event, data } of stream) expect(event).toBe(data.type);
    const names = stream.map(({ event }) => event);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(stream[0]!.data.message).toMatchObject({ content: [], stop_reason: null, usage: { input_tokens: expect.any(Number), output_tokens: 1 } });
    const text = stream.filter(({ data }) => data.delta?.type === 'text_delta').map(({ data }) => data.delta.text).join('');
    expect(text).toBe(loremText(120));
    expect(stream.at(-2)!.data).toMatchObject({ delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: expect.any(Number) } });
  });

  it('calls the first tool with arguments from its schema, then answers from the tool result', async () => {
    const first = JSON.parse((await ask({ tools: [weather] })).text);
    expect(first.stop_reason).toBe('tool_use');
    const [use] = first.content;
    expect(use).toEqual({ type: 'tool_use', id: expect.stringMatching(/^toolu_01/), name: 'get_weather', input: { city: expect.any(String) } });

    const second = JSON.parse(
      (
        await ask({
          tools: [weather],
          messages: [
            { role: 'user', content: 'Weather?' },
            { role: 'assistant', content: first.content },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '{"temp_c":21}' }] },
          ],
        })
      ).text,
    );
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content[0].text).toContain('temp_c');
  });

  it('streams a forced tool call as input_json_delta fragments', async () => {
    const res = await ask({ tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' }, stream: true });
    const stream = events(res.text);
    expect(stream.find(({ event }) => event === 'content_block_start')!.data.content_block).toMatchObject({ type: 'tool_use', name: 'get_weather', input: {} });
    const json = stream.filter(({ data }) => data.delta?.type === 'input_json_delta').map(({ data }) => data.delta.partial_json).join('');
    expect(JSON.parse(json)).toEqual({ city: expect.any(String) });
    expect(stream.at(-2)!.data.delta.stop_reason).toBe('tool_use');
  });

  it('answers JSON from an output_config schema', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'], additionalProperties: false };
    const body = JSON.parse((await ask({ output_config: { format: { type: 'json_schema', schema } } })).text);
    expect(JSON.parse(body.content[0].text)).toEqual({ name: expect.any(String), age: expect.any(Number) });
  });

  it('reports max_tokens and stop_sequence stops', async () => {
    const short = JSON.parse((await ask({ max_tokens: 3 })).text);
    expect(short).toMatchObject({ stop_reason: 'max_tokens', stop_sequence: null, usage: { output_tokens: 3 } });
    const stopped = JSON.parse((await ask({ stop_sequences: ['dolor'] })).text);
    expect(stopped).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'dolor', content: [{ text: 'Lorem ipsum ' }] });
  });

  it('thinks first when thinking is enabled, with a signature', async () => {
    const body = JSON.parse((await ask({ max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 } })).text);
    expect(body.content[0]).toEqual({ type: 'thinking', thinking: expect.any(String), signature: expect.any(String) });
    const stream = events((await ask({ max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, stream: true })).text);
    expect(stream.some(({ data }) => data.delta?.type === 'thinking_delta')).toBe(true);
    expect(stream.some(({ data }) => data.delta?.type === 'signature_delta')).toBe(true);
  });

  it('accepts a system prompt, images and consecutive tool results in one user turn', async () => {
    const res = await ask({
      system: [{ type: 'text', text: 'Be terse.' }],
      tools: [weather],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { city: 'Paris' } }, { type: 'tool_use', id: 'toolu_b', name: 'get_weather', input: { city: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: '21' }, { type: 'tool_result', tool_use_id: 'toolu_b', content: [{ type: 'text', text: '9' }] }] },
      ],
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).content[0].text).toBe('The tool returned: 21; 9');
  });
});
