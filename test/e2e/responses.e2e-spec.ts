import OpenAI from 'openai';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

const weather: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

describe('OpenAI Responses API (official openai SDK)', () => {
  let e2e: E2eStack;
  let client: OpenAI;

  beforeAll(async () => {
    e2e = await startE2eStack('responses');
    client = e2e.client((await e2e.createKey({ name: 'responses' })).key);
  });
  afterAll(async () => e2e?.stop());

  it('answers a response with output_text, usage and the echoed settings', async () => {
    const response = await client.responses.create({ model: 'openai/gpt-4o-mini', instructions: 'Be brief.', input: 'Hello', temperature: 0.3 });
    expect(response.object).toBe('response');
    expect(response.id).toMatch(/^resp_/);
    expect(response.status).toBe('completed');
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(response.usage!.input_tokens).toBeGreaterThan(0);
    expect(response.usage!.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
    expect(response.instructions).toBe('Be brief.');
    expect(response.temperature).toBe(0.3);
  });

  it('streams events that the SDK assembles into the same text', async () => {
    const whole = await client.responses.create({ model: 'openai/gpt-4o-mini', input: 'Stream please' });
    const stream = client.responses.stream({ model: 'openai/gpt-4o-mini', input: 'Stream please' });
    const types: string[] = [];
    stream.on('event', (event) => types.push(event.type));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(whole.output_text);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toEqual(expect.arrayContaining(['response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.done', 'response.output_item.done']));
    expect(final.usage!.output_tokens).toBeGreaterThan(0);
  });

  it('does a function-calling round trip, streamed and not', async () => {
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.responses.create({ model: 'openai/gpt-4o-mini', input, tools: [weather] });
    const call = first.output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call')!;
    expect(call.name).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toEqual({ city: expect.any(String) });
    const second = await client.responses.create({
      model: 'openai/gpt-4o-mini',
      tools: [weather],
      input: [...input, call, { type: 'function_call_output', call_id: call.call_id, output: '{"temp_c":21}' }],
    });
    expect(second.output_text).toContain('temp_c');

    const streamed = await client.responses.stream({ model: 'openai/gpt-4o-mini', input, tools: [weather], tool_choice: { type: 'function', name: 'get_weather' } }).finalResponse();
    const streamedCall = streamed.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(JSON.parse(streamedCall.arguments)).toEqual({ city: expect.any(String) });
  });

  it('returns JSON for a json_schema text format, and reports max_output_tokens stops as incomplete', async () => {
    const json = await client.responses.create({
      model: 'openai/gpt-4o-mini',
      input: 'A person',
      text: { format: { type: 'json_schema', name: 'person', strict: true, schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } } },
    });
    expect(JSON.parse(json.output_text)).toEqual({ name: expect.any(String) });
    const cut = await client.responses.create({ model: 'openai/gpt-4o-mini', input: 'Go on', max_output_tokens: 3 });
    expect(cut.status).toBe('incomplete');
    expect(cut.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });

  it('refuses what a stateless gateway cannot do, in OpenAI error shape', async () => {
    await expect(client.responses.create({ model: 'openai/gpt-4o-mini', input: 'x', previous_response_id: 'resp_123' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('previous_response_id'),
    });
    await expect(client.responses.create({ model: 'openai/gpt-4o-mini', input: [] as never })).rejects.toMatchObject({ status: 400 });
  });
});
