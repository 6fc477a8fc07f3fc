import type { ChatCompletion, FinishReason, ToolCall, Usage } from '@alltokens/contracts';
import { newId } from '../core/ids';
import { parseTagged, parseUpstream } from '../core/upstream-json';
import { JSON_TOOL_NAME } from './anthropic.json-mode';
import { messageSchema, RESPONSE_BLOCKS, type AnthropicUsage } from './anthropic.schema';

const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** A `tool_use` stop that only called the JSON-mode tool is, to the client, a plain answer. */
export function toFinishReason(stopReason: string | null | undefined, clientToolCalls: number): FinishReason | null {
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

/** An Anthropic `Message` as an OpenAI chat completion (the router names the model and the id it answers with). */
export function toChatCompletion(json: unknown): ChatCompletion {
  const message = parseUpstream(messageSchema, json, 'Anthropic message');
  let text = '';
  let reasoning = '';
  let jsonAnswer: string | undefined;
  const toolCalls: ToolCall[] = [];
  for (const [index, raw] of message.content.entries()) {
    const block = parseTagged(RESPONSE_BLOCKS, 'type', raw, `Anthropic message content[${index}]`);
    if (block?.kind === 'text') text += block.value.text;
    else if (block?.kind === 'thinking') reasoning += block.value.thinking;
    else if (block?.kind === 'tool_use') {
      const { id, name, input } = block.value;
      if (name === JSON_TOOL_NAME) jsonAnswer = JSON.stringify(input);
      else toolCalls.push({ id, type: 'function', function: { name, arguments: JSON.stringify(input ?? {}) } });
    }
  }
  const content = jsonAnswer ?? (text === '' && toolCalls.length > 0 ? null : text);
  return {
    id: message.id ?? newId('msg_'),
    object: 'chat.completion',
    created: unixSeconds(),
    model: message.model ?? '',
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
