import type { ChatCompletionRequest, ChatMessage } from '@alltokens/contracts';
import { OUTPUT_LIMIT, ParameterTable, type ChatParameters } from '../core/parameters';
import { openRouterReasoning } from '../core/reasoning';
import { argumentsObject, textOnly } from '../core/text-only';
import type { YandexMessage } from './yandex.types';

/** Tool results go back as one `user` message with a `toolResultList`, named after the call they answer. */
function pushToolResult(out: YandexMessage[], name: string, content: string): void {
  const last = out.at(-1);
  const result = { functionResult: { name, content } };
  if (last?.toolResultList) last.toolResultList.toolResults.push(result);
  else out.push({ role: 'user', toolResultList: { toolResults: [result] } });
}

export function toYandexMessages(messages: readonly ChatMessage[]): YandexMessage[] {
  const callNames = new Map<string, string>();
  const out: YandexMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        out.push({ role: 'system', text: textOnly(message.content, 'YandexGPT') });
        break;
      case 'user':
        out.push({ role: 'user', text: textOnly(message.content, 'YandexGPT') });
        break;
      case 'assistant': {
        const text = textOnly(message.content, 'YandexGPT');
        if (text || !message.tool_calls?.length) out.push({ role: 'assistant', text });
        if (!message.tool_calls?.length) break;
        for (const call of message.tool_calls) callNames.set(call.id, call.function.name);
        const toolCalls = message.tool_calls.map((call) => ({
          functionCall: { name: call.function.name, arguments: argumentsObject(call.function.arguments, call.id, 'YandexGPT') },
        }));
        out.push({ role: 'assistant', toolCallList: { toolCalls } });
        break;
      }
      case 'tool':
        pushToolResult(out, callNames.get(message.tool_call_id) ?? message.tool_call_id, textOnly(message.content, 'YandexGPT'));
        break;
      case 'function':
        pushToolResult(out, message.name, message.content ?? '');
        break;
    }
  }
  return out;
}

/** OpenRouter's `reasoning` or OpenAI's `reasoning_effort`; YandexGPT can only switch hidden reasoning on or off. */
function reasoningMode(request: ChatCompletionRequest): 'ENABLED_HIDDEN' | 'DISABLED' | undefined {
  const reasoning = openRouterReasoning(request);
  if (reasoning?.enabled === false || reasoning?.effort === 'none') return 'DISABLED';
  if (request.reasoning_effort || reasoning?.effort || reasoning?.max_tokens || reasoning?.enabled) return 'ENABLED_HIDDEN';
  return undefined;
}

/**
 * `completionOptions`' sampling fields. YandexGPT's temperature scale is 0..1 where OpenAI's is
 * 0..2 (hotter is sent as 1); it has no equivalent for the others, and rejects unknown fields.
 */
export const YANDEX_PARAMETERS = new ParameterTable<ChatParameters>([
  { from: 'temperature', to: 'temperature', max: 1 },
  { from: OUTPUT_LIMIT, to: 'maxTokens', transform: String },
  { drop: ['top_p', 'stop', 'seed', 'frequency_penalty', 'presence_penalty', 'repetition_penalty', 'top_k', 'n', 'user', 'logit_bias', 'logprobs', 'top_logprobs'] },
], 'completionOptions');

function completionOptions(request: ChatCompletionRequest, stream: boolean): Record<string, unknown> {
  const options: Record<string, unknown> = { stream, ...YANDEX_PARAMETERS.apply(request, undefined) };
  const mode = reasoningMode(request);
  if (mode) options.reasoningOptions = { mode };
  return options;
}

function toolFields(request: ChatCompletionRequest): Record<string, unknown> {
  if (!request.tools?.length) return {};
  const fields: Record<string, unknown> = {
    tools: request.tools.map(({ function: fn }) => ({
      function: {
        name: fn.name,
        ...(fn.description && { description: fn.description }),
        parameters: fn.parameters ?? { type: 'object', properties: {} },
        ...(fn.strict != null && { strict: fn.strict }),
      },
    })),
  };
  const choice = request.tool_choice;
  if (typeof choice === 'string') fields.toolChoice = { mode: choice.toUpperCase() };
  else if (choice) fields.toolChoice = { functionName: choice.function.name };
  if (request.parallel_tool_calls !== undefined) fields.parallelToolCalls = request.parallel_tool_calls;
  return fields;
}

function formatFields(request: ChatCompletionRequest): Record<string, unknown> {
  const format = request.response_format;
  if (format?.type === 'json_object') return { jsonObject: true };
  if (format?.type === 'json_schema') return { jsonSchema: { schema: format.json_schema.schema ?? { type: 'object' } } };
  return {};
}

/** The `/foundationModels/v1/completion` body. */
export function toYandexBody(request: ChatCompletionRequest, modelUri: string, stream: boolean): Record<string, unknown> {
  return {
    modelUri,
    completionOptions: completionOptions(request, stream),
    messages: toYandexMessages(request.messages),
    ...toolFields(request),
    ...formatFields(request),
  };
}
