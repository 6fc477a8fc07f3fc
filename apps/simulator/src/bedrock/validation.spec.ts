import { startSimulator, type Simulator } from '../server';
import { post } from '../testing/bedrock-client';
import { bedrockPersonality } from '.';

const CLAUDE = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const user = (text: string) => ({ role: 'user', content: [{ text }] });
const assistant = (text: string) => ({ role: 'assistant', content: [{ text }] });
const weather = { toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } };
const toolUse = { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } }] };
const toolResult = (id: string) => ({ role: 'user', content: [{ toolResult: { toolUseId: id, content: [{ text: 'sunny' }] } }] });

describe('Bedrock request validation (ValidationException, 400)', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sim-key', personalities: [bedrockPersonality] });
  });
  afterAll(() => sim.close());

  const rejection = async (body: unknown, model = CLAUDE) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await post(`${sim.url}/model/${encodeURIComponent(model)}/converse`, text, { 'content-type': 'application/json', authorization: 'Bearer sim-key' });
    return { status: res.status, type: res.headers.get('x-amzn-errortype')?.split(':')[0], message: (JSON.parse(res.text) as { message: string }).message };
  };

  it.each([
    ['an unknown top-level field', { messages: [user('x')], temperature: 0.2 }, 'extraneous key [temperature] is not permitted'],
    ['no messages', {}, "Value null at 'messages' failed to satisfy constraint: Member must not be null"],
    ['a first assistant turn', { messages: [assistant('x'), user('y')] }, 'A conversation must start with a user message.'],
    ['two user turns in a row', { messages: [user('x'), user('y')] }, 'A conversation must alternate between user and assistant roles.'],
    ['a bad role', { messages: [{ role: 'system', content: [{ text: 'x' }] }] }, "Value 'system' at 'messages.1.member.role' failed to satisfy constraint"],
    ['a blank text block', { messages: [user(' ')] }, 'The text field in the ContentBlock object at messages.0.content.0 is blank.'],
    ['a content block with two members', { messages: [{ role: 'user', content: [{ text: 'x', cachePoint: { type: 'default' } }] }] }, 'must set exactly one of'],
    ['an unknown image format', { messages: [{ role: 'user', content: [{ image: { format: 'bmp', source: { bytes: 'Qk0=' } } }] }] }, "Value 'bmp' at"],
    ['a temperature above 1', { messages: [user('x')], inferenceConfig: { temperature: 1.5 } }, 'Member must have value less than or equal to 1'],
    ['a zero maxTokens', { messages: [user('x')], inferenceConfig: { maxTokens: 0 } }, 'Member must have value greater than or equal to 1'],
    ['an unknown inferenceConfig key', { messages: [user('x')], inferenceConfig: { seed: 1 } }, 'extraneous key [seed]'],
    ['tool blocks without a toolConfig', { messages: [user('x'), toolUse, toolResult('tooluse_1')] }, 'The toolConfig field must be defined when using toolUse and toolResult content blocks.'],
    ['a tool result without its tool use', { messages: [user('x'), assistant('y'), toolResult('tooluse_1')], toolConfig: { tools: [weather] } }, 'exceeds the number of toolUse blocks of previous turn'],
    ['a tool result for another id', { messages: [user('x'), toolUse, toolResult('tooluse_2')], toolConfig: { tools: [weather] } }, 'unexpected `tool_use_id` found in `tool_result` blocks: tooluse_2'],
    ['a tool use left unanswered', { messages: [user('x'), toolUse, user('y')], toolConfig: { tools: [weather] } }, '`tool_use` ids were found without `tool_result` blocks immediately after: tooluse_1'],
    ['a forced tool missing from tools', { messages: [user('x')], toolConfig: { tools: [weather], toolChoice: { tool: { name: 'nope' } } } }, 'The tool nope named in toolConfig.toolChoice'],
    ['a tool name with spaces', { messages: [user('x')], toolConfig: { tools: [{ toolSpec: { name: 'get weather', inputSchema: { json: {} } } }] } }, 'regular expression pattern'],
    ['a thinking budget below 1024', { messages: [user('x')], additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 500 } } }, 'budget_tokens: Input should be greater than or equal to 1024'],
    ['thinking with a temperature', { messages: [user('x')], inferenceConfig: { temperature: 0.5 }, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2048 } } }, '`temperature` may only be set to 1 when thinking is enabled.'],
    ['thinking with a forced tool', { messages: [user('x')], toolConfig: { tools: [weather], toolChoice: { any: {} } }, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2048 } } }, 'Thinking may not be enabled when tool_choice forces tool use.'],
  ])('refuses %s', async (_, body, message) => {
    expect(await rejection(body)).toEqual({ status: 400, type: 'ValidationException', message: expect.stringContaining(message) });
  });

  it('refuses a body that is not JSON', async () => {
    expect(await rejection('{"messages": [')).toMatchObject({ status: 400, type: 'SerializationException' });
  });
});
