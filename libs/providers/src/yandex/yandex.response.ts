import type { ChatCompletion, FinishReason, ToolCall, Usage } from '@alltokens/contracts';
import { newId } from '../core/ids';
import { parseUpstream } from '../core/upstream-json';
import { completionSchema, type YandexToolCallList, type YandexUsage } from './yandex.schema';

/** Final alternative statuses; `ALTERNATIVE_STATUS_PARTIAL` (and unspecified) mean "not finished". */
export const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  ALTERNATIVE_STATUS_FINAL: 'stop',
  ALTERNATIVE_STATUS_TRUNCATED_FINAL: 'length',
  ALTERNATIVE_STATUS_TOOL_CALLS: 'tool_calls',
  ALTERNATIVE_STATUS_CONTENT_FILTER: 'content_filter',
};

/** YandexGPT's calls carry no id; each gets one here so tool results can refer back to it. */
export function toToolCalls(list: YandexToolCallList): ToolCall[] {
  return list.toolCalls.map(({ functionCall }) => ({
    id: newId('call_'),
    type: 'function',
    function: { name: functionCall.name, arguments: JSON.stringify(functionCall.arguments ?? {}) },
  }));
}

export function toUsage(usage: YandexUsage): Usage {
  const prompt = Number(usage.inputTextTokens ?? 0);
  const completion = Number(usage.completionTokens ?? 0);
  const reasoning = usage.completionTokensDetails?.reasoningTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage.totalTokens === undefined ? prompt + completion : Number(usage.totalTokens),
    ...(reasoning !== undefined && { completion_tokens_details: { reasoning_tokens: Number(reasoning) } }),
  };
}

/** The non-streamed body is `{"result": {...}}`. */
export function toChatCompletion(json: unknown, model: string): ChatCompletion {
  const { result } = parseUpstream(completionSchema, json, 'YandexGPT completion');
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: result.alternatives.map((alternative, index) => {
      const message = alternative.message;
      const toolCalls = message?.toolCallList ? toToolCalls(message.toolCallList) : undefined;
      return {
        index,
        message: { role: 'assistant', content: toolCalls ? (message?.text ?? null) : (message?.text ?? ''), ...(toolCalls && { tool_calls: toolCalls }) },
        finish_reason: FINISH_REASONS[alternative.status ?? ''] ?? 'stop',
      };
    }),
    ...(result.usage && { usage: toUsage(result.usage) }),
  };
}
