import type { ChatCompletion, FinishReason, ToolCall, Usage } from '@alltokens/contracts';
import { newId } from '../core/ids';
import { callIdFor } from './gigachat.ids';
import { parseUpstream } from '../core/upstream-json';
import { completionSchema, type GigaChatReply, type GigaChatUsage } from './gigachat.schema';

const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  function_call: 'tool_calls',
  blacklist: 'content_filter',
  error: 'error',
};

export const finishReason = (reason: string | undefined): FinishReason | null => (reason ? (FINISH_REASONS[reason] ?? 'stop') : null);

export function toToolCall(reply: GigaChatReply): ToolCall | undefined {
  const call = reply.function_call;
  if (!call) return undefined;
  return {
    id: callIdFor(reply.functions_state_id),
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) },
  };
}

/** GigaChat counts cached prompt tokens apart (they are free); OpenAI's prompt_tokens include them. */
export function toUsage(usage: GigaChatUsage): Usage {
  const cached = usage.precached_prompt_tokens ?? 0;
  const prompt = (usage.prompt_tokens ?? 0) + cached;
  const completion = usage.completion_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(usage.precached_prompt_tokens !== undefined && { prompt_tokens_details: { cached_tokens: cached } }),
  };
}

export function toChatCompletion(json: unknown, model: string): ChatCompletion {
  const completion = parseUpstream(completionSchema, json, 'GigaChat completion');
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: completion.created ?? Math.floor(Date.now() / 1000),
    model,
    choices: completion.choices.map((choice, index) => {
      const message = choice.message ?? {};
      const toolCall = toToolCall(message);
      return {
        index: choice.index ?? index,
        message: {
          role: 'assistant',
          content: toolCall ? message.content || null : (message.content ?? ''),
          ...(toolCall && { tool_calls: [toolCall] }),
          ...(message.reasoning_content && { reasoning: message.reasoning_content }),
        },
        finish_reason: finishReason(choice.finish_reason) ?? 'stop',
      };
    }),
    ...(completion.usage && { usage: toUsage(completion.usage) }),
  };
}
