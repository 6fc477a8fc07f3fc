import type { ChatCompletion, FinishReason, ToolCall, Usage } from '@alltokens/contracts';
import { JSON_TOOL_NAME } from './anthropic.json-mode';
import type { AnthropicResponse, AnthropicUsage, StopReason } from './anthropic.types';

const FINISH_REASONS: Record<StopReason, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** A `tool_use` stop that only called the JSON-mode tool is, to the client, a plain answer. */
export function toFinishReason(stopReason: StopReason | null | undefined, clientToolCalls: number): FinishReason | null {
  if (!stopReason) return null;
  if (stopReason === 'tool_use' && clientToolCalls === 0) return 'stop';
  return FINISH_REASONS[stopReason] ?? 'stop';
}

/** Anthropic's input total is the sum of fresh, cache-read and cache-written tokens. */
export function toOpenAiUsage(usage: AnthropicUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const promptTokens = (usage.input_tokens ?? 0) + cacheRead + (usage.cache_creation_input_tokens ?? 0);
  const completionTokens = usage.output_tokens ?? 0;
  const thinkingTokens = usage.output_tokens_details?.thinking_tokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cacheRead },
    ...(thinkingTokens != null && { completion_tokens_details: { reasoning_tokens: thinkingTokens } }),
  };
}

export const unixSeconds = (): number => Math.floor(Date.now() / 1000);

/** An Anthropic `Message` as an OpenAI chat completion. */
export function toChatCompletion(json: unknown): ChatCompletion {
  const message = json as AnthropicResponse;
  if (!message || !Array.isArray(message.content)) throw new Error('Upstream response has no content');
  let text = '';
  let reasoning = '';
  let jsonAnswer: string | undefined;
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text += (block as { text: string }).text;
    else if (block.type === 'thinking') reasoning += (block as { thinking: string }).thinking;
    else if (block.type === 'tool_use') {
      const { id, name, input } = block as { id: string; name: string; input: unknown };
      if (name === JSON_TOOL_NAME) jsonAnswer = JSON.stringify(input);
      else toolCalls.push({ id, type: 'function', function: { name, arguments: JSON.stringify(input ?? {}) } });
    }
  }
  const content = jsonAnswer ?? (text === '' && toolCalls.length > 0 ? null : text);
  return {
    id: message.id,
    object: 'chat.completion',
    created: unixSeconds(),
    model: message.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content,
          ...(reasoning !== '' && { reasoning }),
          ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
        },
        finish_reason: toFinishReason(message.stop_reason, toolCalls.length),
        logprobs: null,
      },
    ],
    ...(message.usage && { usage: toOpenAiUsage(message.usage) }),
  };
}
