import { startSimulator, type Simulator } from '../server';
import { send, sseData, sseJson } from '../testing/sim-client';

describe('POST /v1/chat/completions', () => {
  let sim: Simulator;
  const chat = (json: object) => send(`${sim.baseUrl}/chat/completions`, { json: { model: 'gpt-4o-mini', ...json } });
  const user = (content: string) => [{ role: 'user', content }];

  beforeAll(async () => {
    sim = await startSimulator({ name: 'alpha' });
  });
  afterAll(() => sim.close());

  it('answers with a complete chat.completion object', async () => {
    const res = await chat({ messages: user('hi') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(res.headers.get('openai-processing-ms')).toMatch(/^\d+$/);
    expect(res.headers.get('x-sim-instance')).toBe('alpha');
    const body = JSON.parse(res.text);
    expect(body).toEqual({
      id: expect.stringMatching(/^chatcmpl-[A-Za-z0-9]{29}$/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: expect.stringMatching(/^Lorem ipsum/), refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 8,
        completion_tokens: expect.any(Number),
        total_tokens: 8 + body.usage.completion_tokens,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: 'fp_alpha',
    });
    expect(body.choices[0].message.content).toHaveLength(120);
    expect(Math.abs(body.created - Date.now() / 1000)).toBeLessThan(5);
  });

  it('streams the same content as OpenAI frames it', async () => {
    const plain = JSON.parse((await chat({ messages: user('hi') })).text);
    const res = await chat({ messages: user('hi'), stream: true, stream_options: { include_usage: true } });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(sseData(res.text).at(-1)).toBe('[DONE]');
    const chunks = sseJson(res.text);
    const ids = new Set(chunks.map((c) => c.id));
    expect(ids.size).toBe(1);
    for (const c of chunks) expect(c).toMatchObject({ object: 'chat.completion.chunk', model: 'gpt-4o-mini', system_fingerprint: 'fp_alpha' });
    expect(chunks[0].choices[0]).toEqual({ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null });
    const usageChunk = chunks.at(-1);
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toEqual(plain.usage);
    const finish = chunks.at(-2);
    expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    const deltas = chunks.slice(1, -2);
    for (const c of deltas) expect(c.usage).toBeNull();
    expect(deltas.map((c) => c.choices[0].delta.content).join('')).toBe(plain.choices[0].message.content);
  });

  it('streams without a usage chunk unless asked', async () => {
    const chunks = sseJson((await chat({ messages: user('hi'), stream: true })).text);
    expect(chunks.every((c) => c.choices.length === 1 && !('usage' in c))).toBe(true);
  });

  it('follows [sim:chunks=N] and reply size', async () => {
    const res = await chat({ messages: user('[sim:chunks=64 chars=10000]'), stream: true, stream_options: { include_usage: true } });
    const chunks = sseJson(res.text);
    // role chunk, 64 deltas, finish chunk, usage chunk
    expect(chunks).toHaveLength(67);
    expect(chunks.slice(1, 65).map((c) => c.choices[0].delta.content).join('')).toHaveLength(10_000);
  });

  it('calls the first tool with arguments built from its schema', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] },
        },
      },
    ];
    const body = JSON.parse((await chat({ messages: user('weather?'), tools })).text);
    const choice = body.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      { id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '{"city":"sample city","days":1}' } },
    ]);

    const chunks = sseJson((await chat({ messages: user('weather?'), tools, stream: true })).text);
    const first = chunks[0].choices[0].delta;
    expect(first).toMatchObject({ role: 'assistant', content: null, tool_calls: [{ index: 0, type: 'function', function: { name: 'get_weather', arguments: '' } }] });
    const args = chunks.flatMap((c) => c.choices[0].delta.tool_calls ?? []).map((t: any) => t.function.arguments).join('');
    expect(JSON.parse(args)).toEqual({ city: 'sample city', days: 1 });
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
  });

  it('makes parallel calls, honours tool_choice, and answers a tool result in text', async () => {
    const fn = (name: string) => ({ type: 'function', function: { name, parameters: { type: 'object', properties: {} } } });
    const tools = [fn('a'), fn('b'), fn('c')];
    const parallel = JSON.parse((await chat({ messages: user('go'), tools })).text);
    expect(parallel.choices[0].message.tool_calls.map((t: any) => t.function.name)).toEqual(['a', 'b']);
    const single = JSON.parse((await chat({ messages: user('go'), tools, parallel_tool_calls: false })).text);
    expect(single.choices[0].message.tool_calls.map((t: any) => t.function.name)).toEqual(['a']);
    const named = JSON.parse((await chat({ messages: user('go'), tools, tool_choice: { type: 'function', function: { name: 'c' } } })).text);
    expect(named.choices[0].message.tool_calls.map((t: any) => t.function.name)).toEqual(['c']);
    const none = JSON.parse((await chat({ messages: user('go'), tools, tool_choice: 'none' })).text);
    expect(none.choices[0].finish_reason).toBe('stop');

    const call = parallel.choices[0].message.tool_calls[0];
    const followUp = await chat({
      tools,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '{"temperature":21}' },
      ],
    });
    const text = JSON.parse(followUp.text).choices[0];
    expect(text.finish_reason).toBe('stop');
    expect(text.message.content).toContain('{"temperature":21}');
  });

  it('answers JSON for json_object and json_schema response formats', async () => {
    const object = JSON.parse((await chat({ messages: user('reply in json'), response_format: { type: 'json_object' } })).text);
    expect(() => JSON.parse(object.choices[0].message.content)).not.toThrow();
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['name', 'age', 'tags'] };
    const res = await chat({ messages: user('person'), stream: true, response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } } });
    const content = sseJson(res.text).map((c) => c.choices[0]?.delta.content ?? '').join('');
    const parsed = JSON.parse(content);
    expect(typeof parsed.name).toBe('string');
    expect(Number.isInteger(parsed.age)).toBe(true);
    expect(Array.isArray(parsed.tags)).toBe(true);
  });

  it('truncates at max_tokens with finish_reason length, and at stop sequences', async () => {
    const limited = JSON.parse((await chat({ messages: user('hi'), max_tokens: 5 })).text);
    expect(limited.choices[0].finish_reason).toBe('length');
    expect(limited.usage.completion_tokens).toBe(5);
    expect(limited.choices[0].message.content).toBe('Lorem ipsum dolor sit amet');
    const newer = JSON.parse((await chat({ messages: user('hi'), max_completion_tokens: 2 })).text);
    expect(newer.usage.completion_tokens).toBe(2);
    const stopped = JSON.parse((await chat({ messages: user('hi'), stop: ['dolor'] })).text);
    expect(stopped.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'Lorem ipsum ' } });
  });

  it('returns n choices', async () => {
    const body = JSON.parse((await chat({ messages: user('hi'), n: 2 })).text);
    expect(body.choices.map((c: any) => c.index)).toEqual([0, 1]);
    const chunks = sseJson((await chat({ messages: user('hi'), n: 2, stream: true })).text);
    expect(new Set(chunks.map((c) => c.choices[0].index))).toEqual(new Set([0, 1]));
  });
});
