import { parseMessages, type ChatMessage } from './chat-messages';
import { invalidType, invalidValue, isObject, missing, optBoolean, optNumber, optStop, optString, requireBody, requireModel, streamSettings, type Json } from './checks';
import { badRequest } from './errors';
import { parseToolChoice, parseTools, type FunctionTool, type ToolChoice } from './tools';

export type ResponseFormat = { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema: unknown };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  obfuscation: boolean;
  n: number;
  maxTokens?: number;
  stop: string[];
  tools: FunctionTool[];
  toolChoice: ToolChoice;
  parallelToolCalls: boolean;
  responseFormat: ResponseFormat;
  serviceTier: string;
  /** Raw `tools`, for prompt token counting. */
  rawTools?: unknown;
}

const KNOWN = new Set([
  'messages', 'model', 'audio', 'frequency_penalty', 'function_call', 'functions', 'logit_bias', 'logprobs',
  'max_completion_tokens', 'max_tokens', 'metadata', 'modalities', 'n', 'parallel_tool_calls', 'prediction',
  'presence_penalty', 'prompt_cache_key', 'prompt_cache_retention', 'reasoning_effort', 'response_format',
  'safety_identifier', 'seed', 'service_tier', 'stop', 'store', 'stream', 'stream_options', 'temperature',
  'tool_choice', 'tools', 'top_logprobs', 'top_p', 'user', 'verbosity', 'web_search_options',
]);
const SERVICE_TIERS = ['auto', 'default', 'flex', 'scale', 'priority'];

function parseResponseFormat(value: unknown, messages: readonly ChatMessage[]): ResponseFormat {
  if (value === undefined || value === null) return { type: 'text' };
  if (!isObject(value)) throw invalidType('response_format', 'an object', value);
  switch (value.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      if (!messages.some((message) => /json/i.test(message.text))) {
        throw badRequest("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", 'messages');
      }
      return { type: 'json_object' };
    case 'json_schema': {
      const spec = value.json_schema;
      if (!isObject(spec)) throw missing('response_format.json_schema');
      if (typeof spec.name !== 'string') throw missing('response_format.json_schema.name');
      return { type: 'json_schema', schema: spec.schema ?? { type: 'object', properties: {} } };
    }
    default:
      if (value.type === undefined) throw missing('response_format.type');
      throw invalidValue('response_format.type', value.type, ['json_object', 'json_schema', 'text']);
  }
}

function checkSamplingParams(body: Json): void {
  optNumber(body, 'temperature', 0, 2);
  optNumber(body, 'top_p', 0, 1);
  optNumber(body, 'presence_penalty', -2, 2);
  optNumber(body, 'frequency_penalty', -2, 2);
  optNumber(body, 'top_logprobs', 0, 20, true);
  optNumber(body, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true);
  optBoolean(body, 'logprobs');
  optBoolean(body, 'store');
  optString(body, 'user');
}

/** Validates a `POST /v1/chat/completions` body the way OpenAI does (the checks that matter to clients). */
export function parseChatRequest(raw: unknown): ChatRequest {
  const body = requireBody(raw, KNOWN);
  const model = requireModel(body);
  const messages = parseMessages(body.messages);
  const { stream, includeUsage, obfuscation } = streamSettings(body);
  checkSamplingParams(body);
  const tools = parseTools(body.tools);
  const serviceTier = optString(body, 'service_tier');
  if (serviceTier !== undefined && !SERVICE_TIERS.includes(serviceTier)) throw invalidValue('service_tier', serviceTier, SERVICE_TIERS);
  const maxCompletionTokens = optNumber(body, 'max_completion_tokens', 1, Number.MAX_SAFE_INTEGER, true);
  const maxTokens = optNumber(body, 'max_tokens', 1, Number.MAX_SAFE_INTEGER, true);
  return {
    model,
    messages,
    stream,
    includeUsage,
    obfuscation,
    n: optNumber(body, 'n', 1, 128, true) ?? 1,
    maxTokens: maxCompletionTokens ?? maxTokens,
    stop: optStop(body),
    tools,
    toolChoice: parseToolChoice(body, tools),
    parallelToolCalls: optBoolean(body, 'parallel_tool_calls') ?? true,
    responseFormat: parseResponseFormat(body.response_format, messages),
    serviceTier: serviceTier === undefined || serviceTier === 'auto' ? 'default' : serviceTier,
    rawTools: body.tools ?? undefined,
  };
}
