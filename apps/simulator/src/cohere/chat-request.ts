import type { ChatRequest, ResponseFormat } from '../openai/chat-request';
import type { FunctionTool, ToolChoice } from '../openai/tools';
import { parseCohereMessages } from './chat-messages';
import { fields, isObject, optBoolean, optEnum, optNumber, optString, optStrings, type Json } from './checks';
import { cohereError, invalidRequest } from './errors';

const KNOWN = [
  'stream', 'model', 'messages', 'tools', 'strict_tools', 'documents', 'citation_options', 'response_format', 'safety_mode',
  'max_tokens', 'stop_sequences', 'temperature', 'seed', 'frequency_penalty', 'presence_penalty', 'k', 'p', 'logprobs',
  'tool_choice', 'thinking', 'priority',
];
const TOOL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The chat request in the shared OpenAI shape, plus what only Cohere has. */
export interface CohereChatRequest {
  chat: ChatRequest;
  /** `thinking: {type: "enabled"}` asked for a thinking block. */
  thinking: boolean;
}

function parseTools(value: unknown): FunctionTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidRequest('tools must be a list.');
  return value.map((raw, i) => {
    const tool = fields(raw, `tools[${i}]`, ['type', 'function'], 'chat');
    if (tool.type !== 'function') throw invalidRequest(`tools[${i}].type must be 'function'.`);
    const fn = fields(tool.function, `tools[${i}].function`, ['name', 'description', 'parameters'], 'chat');
    const name = optString(fn, 'name', `tools[${i}].function.name`) ?? '';
    if (!TOOL_NAME.test(name)) {
      throw invalidRequest(`tool names can only contain certain characters (A-Za-z0-9_) and can't begin with a digit (provided name: '${name}').`);
    }
    optString(fn, 'description', `tools[${i}].function.description`);
    if (!isObject(fn.parameters)) throw invalidRequest(`tools[${i}].function.parameters must be a JSON schema object.`);
    return { name, parameters: fn.parameters };
  });
}

function parseToolChoice(body: Json, tools: readonly FunctionTool[]): ToolChoice {
  const choice = optEnum(body, 'tool_choice', ['REQUIRED', 'NONE']);
  if (choice === undefined) return 'auto';
  if (tools.length === 0) throw invalidRequest('tool_choice can only be used with tools.');
  return choice === 'REQUIRED' ? 'required' : 'none';
}

function parseResponseFormat(value: unknown): ResponseFormat {
  if (value === undefined || value === null) return { type: 'text' };
  const format = fields(value, 'response_format', ['type', 'json_schema'], 'chat');
  const type = optEnum(format, 'type', ['text', 'json_object']);
  if (type === undefined) throw invalidRequest('response_format.type is required.');
  if (format.json_schema === undefined || format.json_schema === null) return type === 'text' ? { type: 'text' } : { type: 'json_object' };
  if (type === 'text') throw invalidRequest('json_schema must not be specified when the response_format type is text.');
  if (!isObject(format.json_schema)) throw cohereError(400, 'schema must be an object');
  if (format.json_schema.type !== 'object') throw invalidRequest("response_format.json_schema must have type 'object' at the top level.");
  return { type: 'json_schema', schema: format.json_schema };
}

function parseThinking(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  const thinking = fields(value, 'thinking', ['type', 'token_budget'], 'chat');
  const type = optEnum(thinking, 'type', ['enabled', 'disabled']);
  if (type === undefined) throw invalidRequest('thinking.type is required.');
  optNumber(thinking, 'token_budget', 1, Number.MAX_SAFE_INTEGER, true);
  return type === 'enabled';
}

function checkSampling(body: Json): void {
  optNumber(body, 'temperature', 0, 1, false, '1.0');
  optNumber(body, 'p', 0.01, 0.99);
  optNumber(body, 'k', 0, 500, true);
  optNumber(body, 'frequency_penalty', 0, 1);
  optNumber(body, 'presence_penalty', 0, 1);
  optNumber(body, 'seed', 0, Number.MAX_SAFE_INTEGER, true);
  optNumber(body, 'priority', 0, 999, true);
  optBoolean(body, 'logprobs');
  optBoolean(body, 'strict_tools');
  optEnum(body, 'safety_mode', ['CONTEXTUAL', 'STRICT', 'OFF']);
}

/** Validates a `POST /v2/chat` body the way Cohere does. */
export function parseCohereChat(raw: unknown): CohereChatRequest {
  if (!isObject(raw)) throw invalidRequest('request body must be a JSON object.');
  const body = fields(raw, 'request', KNOWN, 'chat');
  const model = optString(body, 'model');
  if (!model) throw cohereError(400, 'a model parameter is required for this endpoint.');
  const messages = parseCohereMessages(body.messages);
  checkSampling(body);
  const tools = parseTools(body.tools);
  return {
    chat: {
      model,
      messages,
      stream: optBoolean(body, 'stream') ?? false,
      includeUsage: true,
      obfuscation: false,
      n: 1,
      maxTokens: optNumber(body, 'max_tokens', 1, Number.MAX_SAFE_INTEGER, true),
      stop: optStrings(body, 'stop_sequences', 5),
      tools,
      toolChoice: parseToolChoice(body, tools),
      parallelToolCalls: true,
      responseFormat: parseResponseFormat(body.response_format),
      serviceTier: 'default',
      rawTools: body.tools ?? undefined,
    },
    thinking: parseThinking(body.thinking),
  };
}
