import { loremText } from './content';
import { startSimulator, type Simulator } from './server';
import { send, sseJson } from './testing/sim-client';

const ANTHROPIC = { 'x-api-key': 'sim-key', 'anthropic-version': '2023-06-01' };
const weather = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] };

describe('simulator: cuts, stalls and prefills for stream failover; broken output for fidelity', () => {
  let primary: Simulator;
  let backup: Simulator;
  const chat = (sim: Simulator, json: object, timeoutMs?: number) =>
    send(`${sim.baseUrl}/chat/completions`, { json: { model: 'gpt-4o-mini', ...json }, headers: { authorization: 'Bearer sim-key' }, timeoutMs });
  const content = (text: string) => sseJson(text).map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');

  beforeAll(async () => {
    [primary, backup] = await Promise.all([startSimulator({ name: 'primary', apiKey: 'sim-key' }), startSimulator({ name: 'backup', apiKey: 'sim-key' })]);
  });
  afterAll(() => Promise.all([primary.close(), backup.close()]));

  it('cuts a stream after N frames only on the instance named by on=', async () => {
    const messages = [{ role: 'user', content: 'hi [sim:on=primary cut_after=3]' }];
    const cut = await chat(primary, { messages, stream: true });
    expect(cut.error).toBeDefined();
    expect(sseJson(cut.text)).toHaveLength(3);
    const whole = await chat(backup, { messages, stream: true });
    expect(whole.error).toBeUndefined();
    expect(content(whole.text)).toBe(loremText(120));
    expect(primary.stats().outcomes.cut).toBe(1);
  });

  it('matches on= against the wire format too, and still checks the keys of a block meant elsewhere', async () => {
    const cut = await chat(backup, { messages: [{ role: 'user', content: '[sim:on=openai cut_after=2]' }], stream: true });
    expect(sseJson(cut.text)).toHaveLength(2);
    const typo = await chat(backup, { messages: [{ role: 'user', content: '[sim:on=elsewhere cut_aftr=2]' }] });
    expect(typo.status).toBe(400);
  });

  it('applies on=fresh to a first request and not to its continuation (a trailing assistant message)', async () => {
    const user = { role: 'user', content: 'hi [sim:on=fresh cut_after=2]' };
    expect(sseJson((await chat(backup, { messages: [user], stream: true })).text)).toHaveLength(2);
    const continued = await chat(backup, { messages: [user, { role: 'assistant', content: 'Lorem' }], stream: true });
    expect(continued.error).toBeUndefined();
    expect(content(continued.text)).toBe(loremText(120).slice(5));
  });

  it('stalls after N frames with the connection left open', async () => {
    const started = Date.now();
    const stalled = await chat(primary, { messages: [{ role: 'user', content: '[sim:stall_after=2]' }], stream: true }, 400);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(stalled.error?.name).toMatch(/TimeoutError|AbortError/);
    expect(sseJson(stalled.text)).toHaveLength(2);
    expect(primary.stats().outcomes.stall).toBeGreaterThanOrEqual(1);
  });

  it('continues a trailing assistant message (a prefill): only the rest of the answer, prefill counted as prompt', async () => {
    const full = loremText(120);
    const prefill = full.slice(0, 40);
    const plain = JSON.parse((await chat(backup, { messages: [{ role: 'user', content: 'hi' }] })).text);
    const continued = JSON.parse((await chat(backup, { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: prefill }] })).text);
    expect(continued.choices[0].message.content).toBe(full.slice(40));
    expect(continued.usage.prompt_tokens).toBeGreaterThan(plain.usage.prompt_tokens);
    const streamed = await chat(backup, { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: prefill }], stream: true });
    expect(content(streamed.text)).toBe(full.slice(40));
  });

  it('continues an Anthropic prefill, refusing one that ends in whitespace or meets thinking', async () => {
    const post = (json: object) => send(`${backup.url}/v1/messages`, { json: { model: 'claude-sonnet-4', max_tokens: 256, ...json }, headers: ANTHROPIC });
    const full = loremText(120);
    const prefill = full.slice(0, 27); // "Lorem ipsum dolor sit amet,"
    const ok = JSON.parse((await post({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: prefill }] })).text);
    expect(ok.content).toEqual([{ type: 'text', text: full.slice(27) }]);
    const spaced = await post({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: `${prefill} ` }] });
    expect(spaced.status).toBe(400);
    expect(JSON.parse(spaced.text).error.message).toBe('messages: final assistant content cannot end with trailing whitespace');
    const thinking = await post({ max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: prefill }] });
    expect(thinking.status).toBe(400);
    expect(JSON.parse(thinking.text).error.message).toMatch(/final `assistant` message must start with a thinking block/);
  });

  it('breaks tool-call arguments and JSON answers at the asked rate, and answers empty on request', async () => {
    const tools = [{ type: 'function', function: { name: 'weather', parameters: weather } }];
    const ask = (directive: string) => chat(backup, { messages: [{ role: 'user', content: `forecast ${directive}` }], tools });
    const args = async (directive: string) => JSON.parse((await ask(directive)).text).choices[0].message.tool_calls[0].function.arguments as string;
    expect(JSON.parse(await args(''))).toEqual({ city: 'sample city', days: 1 });
    const broken = await Promise.all(Array.from({ length: 20 }, () => args('[sim:broken_tools=100]')));
    const valid = (text: string) => {
      try {
        const value = JSON.parse(text);
        return typeof value.city === 'string' && Number.isInteger(value.days);
      } catch {
        return false;
      }
    };
    expect(broken.every((text) => !valid(text))).toBe(true);
    expect(broken.some((text) => text.startsWith('{') && !text.endsWith('}'))).toBe(true);
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const json = await chat(backup, { messages: [{ role: 'user', content: '[sim:broken_json=100]' }], response_format: { type: 'json_schema', json_schema: { name: 'a', schema } } });
    const text = JSON.parse(json.text).choices[0].message.content as string;
    expect(() => (JSON.parse(text).answer as string).toUpperCase()).toThrow();
    const empty = JSON.parse((await chat(backup, { messages: [{ role: 'user', content: '[sim:empty]' }] })).text);
    expect(empty.choices[0]).toMatchObject({ message: { content: '' }, finish_reason: 'stop' });
    expect(empty.usage.completion_tokens).toBe(0);
  });

  it('breaks tool calls of an instance configured with brokenToolRate', async () => {
    backup.configure({ brokenToolRate: 1 });
    try {
      const tools = [{ type: 'function', function: { name: 'weather', parameters: weather } }];
      const body = JSON.parse((await chat(backup, { messages: [{ role: 'user', content: 'forecast' }], tools })).text);
      expect(body.choices[0].message.tool_calls[0].function.arguments).not.toBe(JSON.stringify({ city: 'sample city', days: 1 }));
    } finally {
      backup.reset();
    }
  });
});
