import type { ChatCompletion, ChatCompletionMessage, FinishReason, ToolCall, Usage } from '@alltokens/contracts';
import { newId } from '../core/ids';
import { parseUpstream } from '../core/upstream-json';
import { JSON_RESPONSE_TOOL } from './converse-request';
import { converseSchema, type ConverseUsage } from './converse.schema';

/** Converse's `stopReason` as OpenAI's `finish_reason`; `tool_use` of the JSON response tool is a plain stop. */
export function finishReasonOf(stopReason: string | undefined, calledClientTool: boolean): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return calledClientTool ? 'tool_calls' : 'stop';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** Converse counts cache reads and writes apart from `inputTokens`; OpenAI's prompt tokens include them. */
export function usageOf(usage: ConverseUsage): Usage {
  const cached = usage.cacheReadInputTokens ?? 0;
  const promptTokens = usage.inputTokens + cached + (usage.cacheWriteInputTokens ?? 0);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: promptTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: cached },
  };
}

/** A Converse response as an OpenAI chat completion: text, tool calls, reasoning, stop reason and usage. */
export function toChatCompletion(json: unknown, model: string): ChatCompletion {
  const response = parseUpstream(converseSchema, json, 'Converse response');
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const block of response.output.message.content) {
    if (block.text !== undefined) text += block.text;
    else if (block.reasoningContent) reasoning += block.reasoningContent.reasoningText?.text ?? '';
    else if (block.toolUse?.name === JSON_RESPONSE_TOOL) text += JSON.stringify(block.toolUse.input);
    else if (block.toolUse) {
      const { toolUseId, name, input } = block.toolUse;
      toolCalls.push({ id: toolUseId, type: 'function', function: { name, arguments: JSON.stringify(input ?? {}) } });
    }
  }
  const message: ChatCompletionMessage = { role: 'assistant', content: text || (toolCalls.length ? null : '') };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (reasoning) message.reasoning = reasoning;
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: finishReasonOf(response.stopReason, toolCalls.length > 0), logprobs: null }],
    ...(response.usage && { usage: usageOf(response.usage) }),
  };
}
