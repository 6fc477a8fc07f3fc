import Anthropic from '@anthropic-ai/sdk';
import { startSimulator, type Simulator } from '../server';

/** The official SDK is the strictest judge of the wire format: it must parse everything we send. */
describe('the official Anthropic SDK against the simulator', () => {
  let sim: Simulator;
  let client: Anthropic;
  const weather: Anthropic.Tool = { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sk-ant-sim' });
    client = new Anthropic({ baseURL: sim.url, apiKey: 'sk-ant-sim', maxRetries: 0 });
  });
  afterAll(() => sim.close());

  it('creates a message, and streams one that the SDK reassembles with its tool call', async () => {
    const done = await client.messages.create({ model: 'claude-opus-4-7', max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] });
    expect(done.content[0]).toMatchObject({ type: 'text', text: expect.stringMatching(/^Lorem/) });
    expect(done._request_id).toMatch(/^req_/);

    const stream = client.messages.stream({ model: 'claude-opus-4-7', max_tokens: 256, tools: [weather], messages: [{ role: 'user', content: 'weather in Paris?' }] });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: expect.any(String) } });
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('surfaces injected failures as the SDK error classes', async () => {
    const ask = (content: string) => client.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content }] });
    await expect(ask('[sim:status=429]')).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    await expect(ask('[sim:status=400]')).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    const unauthorised = new Anthropic({ baseURL: sim.url, apiKey: 'bad', maxRetries: 0 });
    await expect(unauthorised.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );

    const failing = client.messages.stream({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: '[sim:error_after=3]' }] });
    await expect(failing.finalMessage()).rejects.toMatchObject({ message: expect.stringContaining('Overloaded') });
  });
});
