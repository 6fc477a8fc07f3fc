import type { ChatRequest, ResponseFormat } from '../openai/chat-request';
import type { FunctionTool, ToolChoice } from '../openai/tools';
import { constraint, isObject, knownKeys, malformed, optNumber, requireArray, requireObject, requireString, unionMember, wrongType, type Json } from './checks';
import { hasToolBlocks, parseTurns, toChatMessages } from './converse-messages';
import { validationError } from './errors';

/** A validated Converse / ConverseStream request. */
export interface ConverseRequest {
  modelId: string;
  /** The request shaped for the shared fake model (`answer`). */
  chat: ChatRequest;
}

const KNOWN = [
  'messages', 'system', 'inferenceConfig', 'toolConfig', 'guardrailConfig', 'additionalModelRequestFields',
  'additionalModelResponseFieldPaths', 'promptVariables', 'requestMetadata', 'performanceConfig', 'serviceTier', 'outputConfig',
];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MIN_THINKING_BUDGET = 1024;

function parseSystem(value: unknown): string {
  if (value === undefined) return '';
  return requireArray(value, 'system')
    .map((block, i) => {
      const [kind, text] = unionMember(block, `system.${i + 1}.member`, ['text', 'guardContent', 'cachePoint']);
      if (kind !== 'text') return '';
      if (typeof text !== 'string' || !text.trim()) throw validationError(`The text field in the SystemContentBlock object at system.${i} is blank. Add text to the text field, and try again.`);
      return text;
    })
    .join('\n');
}

function parseInference(value: unknown): { maxTokens?: number; temperature?: number; stop: string[] } {
  if (value === undefined) return { stop: [] };
  const config = requireObject(value, 'inferenceConfig');
  knownKeys(config, ['maxTokens', 'temperature', 'topP', 'stopSequences']);
  const maxTokens = optNumber(config, 'maxTokens', 'inferenceConfig', 1, Number.MAX_SAFE_INTEGER, true);
  const temperature = optNumber(config, 'temperature', 'inferenceConfig', 0, 1);
  optNumber(config, 'topP', 'inferenceConfig', 0, 1);
  const stop = config.stopSequences === undefined ? [] : requireArray(config.stopSequences, 'inferenceConfig.stopSequences');
  stop.forEach((sequence, i) => requireString(sequence, `inferenceConfig.stopSequences.${i + 1}.member`));
  return { maxTokens, temperature, stop: stop as string[] };
}

function parseTool(raw: unknown, i: number): FunctionTool | undefined {
  const at = `toolConfig.tools.${i + 1}.member`;
  const [kind, value] = unionMember(raw, at, ['toolSpec', 'cachePoint', 'systemTool']);
  if (kind !== 'toolSpec') return undefined;
  const spec = requireObject(value, `${at}.toolSpec`);
  knownKeys(spec, ['name', 'description', 'inputSchema', 'strict']);
  const name = requireString(spec.name, `${at}.toolSpec.name`);
  if (!TOOL_NAME.test(name)) throw constraint(name, `${at}.toolSpec.name`, 'satisfy regular expression pattern: [a-zA-Z0-9_-]+');
  const [, schema] = unionMember(spec.inputSchema, `${at}.toolSpec.inputSchema`, ['json']);
  if (!isObject(schema)) throw wrongType(`${at}.toolSpec.inputSchema.json`, 'a JSON object');
  return { name, parameters: schema };
}

function parseToolConfig(value: unknown): { tools: FunctionTool[]; toolChoice: ToolChoice } {
  if (value === undefined) return { tools: [], toolChoice: 'auto' };
  const config = requireObject(value, 'toolConfig');
  knownKeys(config, ['tools', 'toolChoice']);
  const tools = requireArray(config.tools, 'toolConfig.tools', 1)
    .map(parseTool)
    .filter((tool): tool is FunctionTool => tool !== undefined);
  if (config.toolChoice === undefined) return { tools, toolChoice: 'auto' };
  const [kind, choice] = unionMember(config.toolChoice, 'toolConfig.toolChoice', ['auto', 'any', 'tool']);
  if (kind !== 'tool') return { tools, toolChoice: kind === 'any' ? 'required' : 'auto' };
  const name = requireString(requireObject(choice, 'toolConfig.toolChoice.tool').name, 'toolConfig.toolChoice.tool.name');
  if (!tools.some((tool) => tool.name === name)) throw validationError(`The tool ${name} named in toolConfig.toolChoice is not in toolConfig.tools.`);
  return { tools, toolChoice: { name } };
}

/** Native structured output: `outputConfig.textFormat` with a JSON schema given as a string. */
function parseOutputConfig(value: unknown): ResponseFormat {
  if (value === undefined) return { type: 'text' };
  const config = requireObject(value, 'outputConfig');
  knownKeys(config, ['textFormat']);
  const format = requireObject(config.textFormat, 'outputConfig.textFormat');
  knownKeys(format, ['type', 'structure']);
  if (format.type !== 'json_schema') throw constraint(format.type, 'outputConfig.textFormat.type', 'satisfy enum value set: [json_schema]');
  const [, definition] = unionMember(format.structure, 'outputConfig.textFormat.structure', ['jsonSchema']);
  const schema = requireString(requireObject(definition, 'outputConfig.textFormat.structure.jsonSchema').schema, 'outputConfig.textFormat.structure.jsonSchema.schema');
  try {
    return { type: 'json_schema', schema: JSON.parse(schema) };
  } catch {
    throw validationError('The JSON schema in outputConfig.textFormat.structure.jsonSchema.schema is not valid JSON.');
  }
}

/** Claude's own checks on `thinking`, as Bedrock passes them on ("The model returned the following errors: ..."). */
function checkThinking(fields: Json, maxTokens: number | undefined, temperature: number | undefined, toolChoice: ToolChoice): void {
  const thinking = fields.thinking;
  if (!isObject(thinking) || thinking.type !== 'enabled') return;
  const fail = (message: string) => validationError(`The model returned the following errors: ${message}`);
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number' || budget < MIN_THINKING_BUDGET) throw fail(`thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_THINKING_BUDGET}`);
  if (maxTokens !== undefined && maxTokens <= budget) throw fail('`max_tokens` must be greater than `thinking.budget_tokens`.');
  if (temperature !== undefined && temperature !== 1) throw fail('`temperature` may only be set to 1 when thinking is enabled.');
  if (toolChoice === 'required' || typeof toolChoice === 'object') throw fail('Thinking may not be enabled when tool_choice forces tool use.');
}

/** Validates a Converse body the way Bedrock does; `modelId` comes from the path. */
export function parseConverseRequest(raw: unknown, modelId: string, stream: boolean): ConverseRequest {
  if (!isObject(raw)) throw malformed('expected a JSON object body');
  knownKeys(raw, KNOWN);
  const turns = parseTurns(raw.messages);
  const system = parseSystem(raw.system);
  const { maxTokens, temperature, stop } = parseInference(raw.inferenceConfig);
  const { tools, toolChoice } = parseToolConfig(raw.toolConfig);
  if (!raw.toolConfig && hasToolBlocks(turns)) throw validationError('The toolConfig field must be defined when using toolUse and toolResult content blocks.');
  if (raw.additionalModelRequestFields !== undefined) {
    const fields = requireObject(raw.additionalModelRequestFields, 'additionalModelRequestFields');
    if (modelId.includes('anthropic.claude')) checkThinking(fields, maxTokens, temperature, toolChoice);
  }
  const chat: ChatRequest = {
    model: modelId,
    messages: toChatMessages(system, turns),
    stream,
    includeUsage: true,
    obfuscation: false,
    n: 1,
    maxTokens,
    stop,
    tools,
    toolChoice,
    parallelToolCalls: false,
    responseFormat: parseOutputConfig(raw.outputConfig),
    serviceTier: 'default',
    rawTools: raw.toolConfig,
  };
  return { modelId, chat };
}
