import type { ChatMessage } from '../openai/chat-messages';
import type { ChatRequest } from '../openai/chat-request';
import type { FunctionTool, ToolChoice } from '../openai/tools';
import { isJsonObjectText, isObject, optBoolean, optNumber, requireList, requireObject, requireString, type Json } from './checks';
import { invalidParams } from './errors';

const ROLES = ['system', 'user', 'assistant', 'function', 'search_result'];
const MESSAGE_FIELDS = ['role', 'content', 'function_call', 'name', 'attachments', 'functions_state_id'];
const KNOWN = [
  'model', 'messages', 'temperature', 'top_p', 'n', 'stream', 'max_tokens', 'repetition_penalty', 'update_interval',
  'profanity_check', 'function_call', 'functions', 'flags', 'reasoning_effort',
];
const EFFORTS = ['low', 'medium', 'high'];

/** GigaChat's roles as the shared answer reads them: a function result is a `tool` message. */
function parseMessage(raw: unknown, i: number): ChatMessage {
  const at = `messages[${i}]`;
  const message = requireObject(raw, at, MESSAGE_FIELDS);
  const role = requireString(message.role, `${at}.role`);
  if (!ROLES.includes(role)) throw invalidParams(`${at}.role must be one of ${ROLES.join(', ')}`);
  const call = message.function_call == null ? undefined : requireObject(message.function_call, `${at}.function_call`, ['name', 'arguments']);
  if (call) {
    if (role !== 'assistant') throw invalidParams(`${at}.function_call is only allowed in assistant messages`);
    requireString(call.name, `${at}.function_call.name`);
    if (call.arguments != null && !isObject(call.arguments)) throw invalidParams(`${at}.function_call.arguments must be an object`);
  }
  if (message.content == null && !call) throw invalidParams(`${at}.content is required`);
  if (message.content != null && typeof message.content !== 'string') throw invalidParams(`${at}.content must be a string`);
  const text = (message.content as string | undefined) ?? '';
  if (message.functions_state_id != null && typeof message.functions_state_id !== 'string') throw invalidParams(`${at}.functions_state_id must be a string`);
  if (role === 'function') {
    requireString(message.name, `${at}.name`);
    if (!isJsonObjectText(text)) throw invalidParams(`${at}.content must be a valid JSON object with the function result`);
    return { role: 'tool', text, name: message.name as string, hasToolCalls: false };
  }
  return { role: role === 'search_result' ? 'system' : (role as ChatMessage['role']), text, hasToolCalls: call !== undefined };
}

function parseFunctions(value: unknown): FunctionTool[] {
  if (value == null) return [];
  return requireList(value, 'functions').map((raw, i) => {
    const fn = requireObject(raw, `functions[${i}]`, ['name', 'description', 'parameters', 'few_shot_examples', 'return_parameters']);
    if (fn.parameters != null && !isObject(fn.parameters)) throw invalidParams(`functions[${i}].parameters must be an object`);
    return { name: requireString(fn.name, `functions[${i}].name`), parameters: fn.parameters ?? { type: 'object', properties: {} } };
  });
}

/** `auto` (also when absent), `none`, or `{name}` forcing one of `functions`. */
function parseFunctionCall(value: unknown, functions: readonly FunctionTool[]): ToolChoice {
  if (value == null || value === 'auto') return 'auto';
  if (value === 'none') return 'none';
  const choice = requireObject(value, 'function_call', ['name', 'partial_arguments']);
  const name = requireString(choice.name, 'function_call.name');
  if (!functions.some((fn) => fn.name === name)) throw invalidParams(`function_call.name: function ${name} is not described in functions`);
  return { name };
}

function checkSampling(body: Json): void {
  optNumber(body.temperature, 'temperature', { min: 0, exclusiveMin: true });
  optNumber(body.top_p, 'top_p', { min: 0, max: 1 });
  optNumber(body.repetition_penalty, 'repetition_penalty', { min: 0, exclusiveMin: true });
  optNumber(body.update_interval, 'update_interval', { min: 0 });
  optBoolean(body.profanity_check, 'profanity_check');
  if (body.reasoning_effort != null && !EFFORTS.includes(body.reasoning_effort as string)) {
    throw invalidParams(`reasoning_effort must be one of ${EFFORTS.join(', ')}`);
  }
  const { flags } = body;
  if (flags != null && !(Array.isArray(flags) && flags.every((flag) => typeof flag === 'string'))) throw invalidParams('flags must be an array of strings');
}

/** Validates a `POST /api/v1/chat/completions` body; the result is the OpenAI shape the shared answer reads. */
export function parseChatRequest(raw: unknown): ChatRequest {
  const body = requireObject(raw, 'request', KNOWN);
  const model = requireString(body.model, 'model');
  const rawMessages = requireList(body.messages, 'messages');
  if (rawMessages.length === 0) throw invalidParams('messages must not be empty');
  const messages = rawMessages.map(parseMessage);
  checkSampling(body);
  const functions = parseFunctions(body.functions);
  return {
    model,
    messages,
    stream: optBoolean(body.stream, 'stream') ?? false,
    includeUsage: true,
    obfuscation: false,
    n: optNumber(body.n, 'n', { min: 1, max: 4, integer: true }) ?? 1,
    maxTokens: optNumber(body.max_tokens, 'max_tokens', { min: 1, integer: true }),
    stop: [],
    tools: functions,
    toolChoice: parseFunctionCall(body.function_call, functions),
    // One function call per answer.
    parallelToolCalls: false,
    responseFormat: { type: 'text' },
    serviceTier: 'default',
    rawTools: body.functions ?? undefined,
  };
}
