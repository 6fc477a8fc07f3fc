import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../server';

/** The official SDK is the strictest judge of the wire format: it must parse everything we send. */
describe('the official openai SDK against the simulator', () => {
  let sim: Simulator;
  let client: OpenAI;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sk-sim' });
    client = new OpenAI({ baseURL: sim.baseUrl, apiKey: 'sk-sim', maxRetries: 0 });
  });
  afterAll(() => sim.close());

  it('completes, streams and reassembles tool calls', async () => {
    const done = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(done.choices[0]!.message.content).toMatch(/^Lorem/);

    const stream = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'sample city' });
    expect(final.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('surfaces injected failures as the SDK error classes', async () => {
    const rateLimited = client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: '[sim:status=429 retry_after=1]' }] });
    await expect(rateLimited).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(new OpenAI({ baseURL: sim.baseUrl, apiKey: 'bad', maxRetries: 0 }).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

    const failing = await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: '[sim:error_after=2]' }] });
    await expect((async () => {
      for await (const _chunk of failing);
    })()).rejects.toBeInstanceOf(OpenAI.APIError);

    const cut = await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: '[sim:cut_after=2]' }] });
    await expect((async () => {
      for await (const _chunk of cut);
    })()).rejects.toThrow();
  });

  it('reads legacy completions and embeddings', async () => {
    const text = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'hi' });
    expect(text.choices[0]!.finish_reason).toBe('length');
    // The SDK asks for base64 by default and decodes it back to floats.
    const embedding = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });
    expect(embedding.data[0]!.embedding).toHaveLength(1536);
    expect(Math.hypot(...embedding.data[0]!.embedding)).toBeCloseTo(1, 5);
  });
});
