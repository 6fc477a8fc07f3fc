import type { IncomingHttpHeaders } from 'node:http';
import type { ChatMessage } from '../openai/chat-messages';
import type { ChatRequest, ResponseFormat } from '../openai/chat-request';
import type { FunctionTool, ToolChoice } from '../openai/tools';
import { invalid, isObject, oneOf, optBoolean, optEnum, optInt64, optNumber, requireList, requireObject, requireString, type Json } from './checks';
import { invalidArgument, yandexError } from './errors';

export const REASONING_MODES = ['REASONING_MODE_UNSPECIFIED', 'DISABLED', 'ENABLED_HIDDEN'] as const;
const TOOL_CHOICE_MODES = ['TOOL_CHOICE_MODE_UNSPECIFIED', 'NONE', 'AUTO', 'REQUIRED'] as const;
const ROLES = ['system', 'user', 'assistant'] as const;

export interface CompletionRequest {
  modelUri: string;
  stream: boolean;
  reasoning: boolean;
  /** The same request in the OpenAI shape the shared `answer()` reads. */
  chat: ChatRequest;
}

/** `gpt://<folder>/<model>[/<version>]`; when `x-folder-id` is sent it must name the same folder. */
function checkModelUri(value: unknown, headers: IncomingHttpHeaders): string {
  const modelUri = requireString(value, 'modelUri');
  const match = /^gpt:\/\/([^/]+)\/(.+)$/.exec(modelUri);
  if (!match) throw invalidArgument(`invalid modelUri "${modelUri}": expected gpt://<folder_id>/<model>`);
  const folder = headers['x-folder-id'];
  if (folder !== undefined && folder !== match[1]) {
    throw yandexError(403, `Permission denied: modelUri folder "${match[1]}" is not the x-folder-id folder "${String(folder)}"`);
  }
  return modelUri;
}

function parseMessage(raw: unknown, i: number): ChatMessage[] {
  const at = `messages[${i}]`;
  const message = requireObject(raw, at, ['role', 'text', 'toolCallList', 'toolResultList']);
  const role = optEnum(message.role, `${at}.role`, ROLES);
  if (role === undefined) throw invalidArgument(`${at}.role is required`);
  const content = oneOf(message, ['text', 'toolCallList', 'toolResultList'], at);
  if (content === undefined) throw invalidArgument(`${at}: one of text, toolCallList, toolResultList is required`);
  if (content === 'text') {
    if (typeof message.text !== 'string') throw invalid(`${at}.text`, 'a string', message.text);
    return [{ role, text: message.text, hasToolCalls: false }];
  }
  if (content === 'toolCallList') {
    const list = requireObject(message.toolCallList, `${at}.toolCallList`, ['toolCalls']);
    requireList(list.toolCalls, `${at}.toolCallList.toolCalls`).forEach((call, k) => {
      const path = `${at}.toolCallList.toolCalls[${k}]`;
      const fn = requireObject(requireObject(call, path, ['functionCall']).functionCall, `${path}.functionCall`, ['name', 'arguments']);
      requireString(fn.name, `${path}.functionCall.name`);
      if (fn.arguments != null && !isObject(fn.arguments)) throw invalid(`${path}.functionCall.arguments`, 'an object', fn.arguments);
    });
    return [{ role, text: '', hasToolCalls: true }];
  }
  const list = requireObject(message.toolResultList, `${at}.toolResultList`, ['toolResults']);
  return requireList(list.toolResults, `${at}.toolResultList.toolResults`).map((result, k): ChatMessage => {
    const path = `${at}.toolResultList.toolResults[${k}]`;
    const fn = requireObject(requireObject(result, path, ['functionResult']).functionResult, `${path}.functionResult`, ['name', 'content']);
    requireString(fn.name, `${path}.functionResult.name`);
    if (typeof fn.content !== 'string') throw invalid(`${path}.functionResult.content`, 'a string', fn.content);
    return { role: 'tool', text: fn.content, hasToolCalls: false };
  });
}

function parseTools(value: unknown): FunctionTool[] {
  if (value == null) return [];
  return requireList(value, 'tools').map((tool, i) => {
    const at = `tools[${i}].function`;
    const fn = requireObject(requireObject(tool, `tools[${i}]`, ['function']).function, at, ['name', 'description', 'parameters', 'strict']);
    if (fn.parameters != null && !isObject(fn.parameters)) throw invalid(`${at}.parameters`, 'an object', fn.parameters);
    optBoolean(fn.strict, `${at}.strict`);
    return { name: requireString(fn.name, `${at}.name`), parameters: fn.parameters ?? { type: 'object', properties: {} } };
  });
}

function parseToolChoice(value: unknown, tools: readonly FunctionTool[]): ToolChoice {
  if (value == null) return 'auto';
  const choice = requireObject(value, 'toolChoice', ['mode', 'functionName']);
  if (oneOf(choice, ['mode', 'functionName'], 'toolChoice') === 'functionName') {
    const name = requireString(choice.functionName, 'toolChoice.functionName');
    if (!tools.some((tool) => tool.name === name)) throw invalidArgument(`toolChoice.functionName "${name}" is not one of the request's tools`);
    return { name };
  }
  const mode = optEnum(choice.mode, 'toolChoice.mode', TOOL_CHOICE_MODES);
  return mode === 'NONE' ? 'none' : mode === 'REQUIRED' ? 'required' : 'auto';
}

function parseFormat(body: Json): ResponseFormat {
  const member = oneOf(body, ['jsonObject', 'jsonSchema'], 'request');
  if (member === 'jsonObject') return optBoolean(body.jsonObject, 'jsonObject') ? { type: 'json_object' } : { type: 'text' };
  if (member === 'jsonSchema') {
    const schema = requireObject(body.jsonSchema, 'jsonSchema', ['schema']).schema;
    if (!isObject(schema)) throw invalid('jsonSchema.schema', 'an object', schema);
    return { type: 'json_schema', schema };
  }
  return { type: 'text' };
}

const OPTIONS = ['stream', 'temperature', 'maxTokens', 'reasoningOptions'];
const KNOWN = ['modelUri', 'completionOptions', 'messages', 'tools', 'jsonObject', 'jsonSchema', 'parallelToolCalls', 'toolChoice'];

/** Validates a `POST /foundationModels/v1/completion` body. */
export function parseCompletionRequest(raw: unknown, headers: IncomingHttpHeaders): CompletionRequest {
  const body = requireObject(raw, 'request', KNOWN);
  const modelUri = checkModelUri(body.modelUri, headers);
  const options = body.completionOptions == null ? {} : requireObject(body.completionOptions, 'completionOptions', OPTIONS);
  const stream = optBoolean(options.stream, 'completionOptions.stream') ?? false;
  optNumber(options.temperature, 'completionOptions.temperature', 0, 1);
  const maxTokens = optInt64(options.maxTokens, 'completionOptions.maxTokens', 1);
  const reasoning = options.reasoningOptions == null ? {} : requireObject(options.reasoningOptions, 'completionOptions.reasoningOptions', ['mode']);
  const mode = optEnum(reasoning.mode, 'completionOptions.reasoningOptions.mode', REASONING_MODES);
  const rawMessages = requireList(body.messages, 'messages');
  if (rawMessages.length === 0) throw invalidArgument('messages must not be empty');
  const messages = rawMessages.flatMap(parseMessage);
  const tools = parseTools(body.tools);
  const chat: ChatRequest = {
    model: modelUri,
    messages,
    stream,
    includeUsage: true,
    obfuscation: false,
    n: 1,
    maxTokens,
    stop: [],
    tools,
    toolChoice: parseToolChoice(body.toolChoice, tools),
    parallelToolCalls: optBoolean(body.parallelToolCalls, 'parallelToolCalls') ?? true,
    responseFormat: parseFormat(body),
    serviceTier: 'default',
    rawTools: body.tools ?? undefined,
  };
  return { modelUri, stream, reasoning: mode === 'ENABLED_HIDDEN', chat };
}
