import { loremText } from '../content';
import { startSimulator, type Simulator } from '../server';
import { decodeEventStream, signedPost } from '../testing/bedrock-client';
import { bedrockPersonality } from '.';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const weather = {
  toolSpec: {
    name: 'get_weather',
    description: 'Current weather for a city',
    inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  },
};
const user = (text: string) => ({ role: 'user', content: [{ text }] });

describe('Bedrock Converse and ConverseStream', () => {
  let sim: Simulator;
  const converse = (body: object, model = MODEL) => signedPost(`${sim.url}/model/${encodeURIComponent(model)}/converse`, body);
  const stream = async (body: object) => {
    const res = await signedPost(`${sim.url}/model/${encodeURIComponent(MODEL)}/converse-stream`, body);
    return { res, events: decodeEventStream(res.bytes) };
  };

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sim-key', personalities: [bedrockPersonality] });
  });
  afterAll(() => sim.close());

  it('answers a conversation with the deterministic text, stop reason, usage and metrics', async () => {
    const res = await converse({
      system: [{ text: 'You are terse.' }],
      messages: [user('Hi'), { role: 'assistant', content: [{ text: 'Hello.' }] }, user('Say something')],
      inferenceConfig: { maxTokens: 200, temperature: 0.2 },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const body = JSON.parse(res.text);
    expect(body).toEqual({
      output: { message: { role: 'assistant', content: [{ text: loremText(120) }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number), totalTokens: body.usage.inputTokens + body.usage.outputTokens },
      metrics: { latencyMs: 0 },
    });
  });

  it('reports max_tokens and stop_sequence', async () => {
    expect(JSON.parse((await converse({ messages: [user('Go on')], inferenceConfig: { maxTokens: 3 } })).text).stopReason).toBe('max_tokens');
    const stopped = JSON.parse((await converse({ messages: [user('Go on')], inferenceConfig: { stopSequences: ['dolor'] } })).text);
    expect(stopped).toMatchObject({ stopReason: 'stop_sequence', output: { message: { content: [{ text: 'Lorem ipsum ' }] } } });
  });

  it('calls the tool, then answers from its result', async () => {
    const first = JSON.parse((await converse({ messages: [user('Weather in Paris?')], toolConfig: { tools: [weather] } })).text);
    expect(first.stopReason).toBe('tool_use');
    const [{ toolUse }] = first.output.message.content;
    expect(toolUse).toEqual({ toolUseId: expect.stringMatching(/^tooluse_[A-Za-z0-9]{22}$/), name: 'get_weather', input: { city: expect.any(String) } });
    const second = await converse({
      messages: [
        user('Weather in Paris?'),
        first.output.message,
        { role: 'user', content: [{ toolResult: { toolUseId: toolUse.toolUseId, content: [{ json: { temp_c: 21 } }], status: 'success' } }] },
      ],
      toolConfig: { tools: [weather] },
    });
    expect(JSON.parse(second.text)).toMatchObject({ stopReason: 'end_turn', output: { message: { content: [{ text: 'The tool returned: {"temp_c":21}' }] } } });
  });

  it('answers JSON from the schema of a native structured output', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'] };
    const res = await converse({
      messages: [user('A person')],
      outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'person' } } } },
    });
    expect(JSON.parse(JSON.parse(res.text).output.message.content[0].text)).toEqual({ name: expect.any(String), age: expect.any(Number) });
  });

  it('streams binary event-stream messages that concatenate to the non-streamed text', async () => {
    const { res, events } = await stream({ messages: [user('Stream it')] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(events.every(({ headers }) => headers[':message-type'] === 'event' && headers[':content-type'] === 'application/json')).toBe(true);
    const types = events.map(({ headers }) => headers[':event-type']);
    expect(types[0]).toBe('messageStart');
    expect(types.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
    const text = events.map(({ payload }) => (payload.delta as { text?: string } | undefined)?.text ?? '').join('');
    expect(text).toBe(loremText(120));
    expect(events.at(-2)!.payload).toMatchObject({ stopReason: 'end_turn', p: expect.any(String) });
    expect(events.at(-1)!.payload).toMatchObject({ usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) }, metrics: { latencyMs: 0 } });
  });

  it('streams a tool use as a block start and input fragments', async () => {
    const { events } = await stream({
      messages: [user('Weather in Oslo?')],
      toolConfig: { tools: [weather], toolChoice: { tool: { name: 'get_weather' } } },
    });
    const start = events.find(({ headers }) => headers[':event-type'] === 'contentBlockStart')!.payload;
    expect(start).toMatchObject({ contentBlockIndex: 0, start: { toolUse: { toolUseId: expect.stringMatching(/^tooluse_/), name: 'get_weather' } } });
    const input = events.map(({ payload }) => (payload.delta as { toolUse?: { input: string } } | undefined)?.toolUse?.input ?? '').join('');
    expect(JSON.parse(input)).toEqual({ city: expect.any(String) });
    expect(events.at(-2)!.payload.stopReason).toBe('tool_use');
  });

  it('ends a stream with a modelStreamErrorException message on error_after', async () => {
    const { events } = await stream({ messages: [user('Fail midway [sim:error_after=2]')] });
    expect(events).toHaveLength(3);
    expect(events.at(-1)).toEqual({
      headers: { ':exception-type': 'modelStreamErrorException', ':content-type': 'application/json', ':message-type': 'exception' },
      payload: expect.objectContaining({ message: expect.any(String) }),
    });
  });

  it('answers an injected status in the AWS error shape', async () => {
    const res = await converse({ messages: [user('Fail [sim:status=429]')] });
    expect(res.status).toBe(429);
    expect(res.headers.get('x-amzn-errortype')).toBe('ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/');
    expect(JSON.parse(res.text)).toEqual({ message: 'Too many requests, please wait before trying again.' });
  });
});
