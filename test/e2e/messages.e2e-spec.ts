import Anthropic from '@anthropic-ai/sdk';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

// An Anthropic model served by an OpenAI-format provider: the inbound Messages API translates both ways.
const catalog = ([primary]: number[]) => `providers:
  - id: primary
    base_url: http://127.0.0.1:${primary}/v1
    api_key: sim-key
    models:
      - model: anthropic/claude-sonnet-4
        upstream_id: gpt-4o-mini
        modalities: [text, image]
        pricing: { prompt: 3, completion: 15 }
`;

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('inbound Anthropic Messages API (the official Anthropic SDK)', () => {
  let e2e: E2eStack;
  let client: Anthropic;

  beforeAll(async () => {
    e2e = await startE2eStack('messages', { catalog });
    const { key } = await e2e.createKey({ name: 'anthropic-sdk' });
    client = new Anthropic({ apiKey: key, baseURL: `${e2e.gatewayUrl}/api`, maxRetries: 0 });
  });
  afterAll(async () => e2e?.stop());

  it('answers a message, with a bare Claude model id resolved to the catalog', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 256,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.model).toBe('claude-sonnet-4');
    expect(message.id).toMatch(/^msg_/);
    expect(message.content[0]).toMatchObject({ type: 'text', text: expect.any(String) });
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('streams the real event sequence, assembling to the same text', async () => {
    const params = { model: 'anthropic/claude-sonnet-4', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Stream to me' }] };
    const whole = await client.messages.create(params);
    const events: string[] = [];
    const stream = client.messages.stream(params);
    stream.on('streamEvent', (event) => events.push(event.type));
    const final = await stream.finalMessage();
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(events).toEqual(expect.arrayContaining(['content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta']));
    expect(final.content).toEqual(whole.content);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBe(whole.usage.output_tokens);
  });

  it('does a full tool round trip', async () => {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.messages.create({ model: 'claude-sonnet-4', max_tokens: 256, tools: [weatherTool], messages });
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    expect(toolUse.name).toBe('get_weather');
    expect(toolUse.input).toEqual({ city: expect.any(String) });
    const second = await client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 256,
      tools: [weatherTool],
      messages: [
        ...messages,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '{"temp_c":21}' }] },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect((second.content[0] as Anthropic.TextBlock).text).toContain('temp_c');
  });

  it('streams a tool call as input_json_delta events', async () => {
    const stream = client.messages.stream({
      model: 'claude-sonnet-4',
      max_tokens: 256,
      tools: [weatherTool],
      tool_choice: { type: 'tool', name: 'get_weather' },
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: expect.any(String) } });
  });

  it('accepts base64 images and reports max_tokens stops', async () => {
    const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const message = await client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 3,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } }, { type: 'text', text: 'Describe' }] }],
    });
    expect(message.stop_reason).toBe('max_tokens');
  });

  it("answers errors in Anthropic's shape, so the SDK raises its own error classes", async () => {
    const missing = client.messages.create({ model: 'claude-sonnet-4', messages: [{ role: 'user', content: 'x' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming);
    await expect(missing).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    const error = (await missing.catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.BadRequestError>;
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') } });
    const unauthenticated = new Anthropic({ apiKey: 'sk-at-v1-wrong', baseURL: `${e2e.gatewayUrl}/api`, maxRetries: 0 });
    await expect(unauthenticated.messages.create({ model: 'claude-sonnet-4', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
    await expect(client.messages.create({ model: 'nope', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('counts tokens without calling a provider (count_tokens)', async () => {
    const short = await client.messages.countTokens({ model: 'claude-sonnet-4', messages: [{ role: 'user', content: 'Hi' }] });
    const long = await client.messages.countTokens({
      model: 'claude-sonnet-4',
      system: 'You are a careful assistant.',
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Tell me about the weather in Paris and in Oslo, please, in detail.' }],
    });
    expect(short.input_tokens).toBeGreaterThan(0);
    expect(long.input_tokens).toBeGreaterThan(short.input_tokens + 20);
    await expect(client.messages.countTokens({ model: 'claude-sonnet-4', messages: [] } as never)).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });
});
