import type { ChatCompletion, FinishReason, Usage } from '@alltokens/contracts';
import { newId } from '../core/ids';
import { parseUpstream } from '../core/upstream-json';
import { chatResponseSchema, type CohereUsage } from './cohere.schema';

const FINISH_REASONS: Record<string, FinishReason> = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool_calls',
  ERROR: 'error',
  TIMEOUT: 'error',
};

export const finishReasonOf = (reason: string | undefined): FinishReason => (reason && FINISH_REASONS[reason]) || 'stop';

/**
 * What Cohere bills (`billed_units`), so a request costs here what it costs there; `tokens` (which also
 * counts the prompt template Cohere adds) only when billed units are missing.
 */
export function usageOf(usage: CohereUsage): Usage {
  const prompt = usage.billed_units?.input_tokens ?? usage.tokens?.input_tokens ?? 0;
  const completion = usage.billed_units?.output_tokens ?? usage.tokens?.output_tokens ?? 0;
  const out: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (usage.cached_tokens) out.prompt_tokens_details = { cached_tokens: usage.cached_tokens };
  return out;
}

/** `message.content` holds text and thinking blocks; the tool plan before tool calls reads as content. */
export function toChatCompletion(json: unknown, model: string): ChatCompletion {
  const response = parseUpstream(chatResponseSchema, json, 'Cohere chat response');
  const { content = [], tool_plan: toolPlan, tool_calls: toolCalls } = response.message;
  let text = '';
  let reasoning = '';
  for (const block of content) {
    if (block.type === 'text') text += block.text ?? '';
    else if (block.type === 'thinking') reasoning += block.thinking ?? '';
  }
  const calls = (toolCalls ?? []).map(({ id, function: fn }) => ({
    id,
    type: 'function' as const,
    function: { name: fn.name, arguments: fn.arguments || '{}' },
  }));
  const completion: ChatCompletion = {
    id: response.id ?? newId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text || toolPlan || (calls.length ? null : ''),
          ...(calls.length && { tool_calls: calls }),
          ...(reasoning && { reasoning }),
        },
        finish_reason: finishReasonOf(response.finish_reason),
      },
    ],
  };
  if (response.usage) completion.usage = usageOf(response.usage);
  return completion;
}
