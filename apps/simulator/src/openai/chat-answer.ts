import type { Behaviour } from '../behaviour';
import { cutAtStop, loremText } from '../content';
import { sampleFromSchema } from '../json-schema-sample';
import { tokenCount, truncateToTokens } from '../tokens';
import type { ChatRequest } from './chat-request';
import { planToolCalls, toolResultReply, type ToolCall } from './tools';

export type FinishReason = 'stop' | 'length' | 'tool_calls';

/** What the fake model answers for one choice. */
export interface Answer {
  content: string | null;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  completionTokens: number;
}

function replyText(request: ChatRequest, chars: number): string {
  const { messages, responseFormat } = request;
  let first = messages.length;
  while (first > 0 && messages[first - 1]!.role === 'tool') first--;
  if (first < messages.length) return toolResultReply(messages.slice(first).map((message) => message.text).join('; '));
  if (responseFormat.type === 'json_schema') return JSON.stringify(sampleFromSchema(responseFormat.schema));
  if (responseFormat.type === 'json_object') return JSON.stringify({ reply: loremText(chars) });
  return loremText(chars);
}

/** Deterministic text (or tool calls), then `stop` sequences, then the token limit. */
export function answer(request: ChatRequest, behaviour: Behaviour): Answer {
  const toolCalls = planToolCalls(request.tools, request.toolChoice, request.parallelToolCalls, request.messages);
  if (toolCalls) {
    const completionTokens = toolCalls.reduce((sum, call) => sum + 3 + tokenCount(call.function.name) + tokenCount(call.function.arguments), 0);
    return { content: null, toolCalls, finishReason: 'tool_calls', completionTokens };
  }
  let content = replyText(request, behaviour.chars);
  let finishReason: FinishReason = 'stop';
  content = cutAtStop(content, request.stop) ?? content;
  if (request.maxTokens !== undefined) {
    const truncated = truncateToTokens(content, request.maxTokens);
    if (truncated !== undefined) {
      content = truncated;
      finishReason = 'length';
    }
  }
  return { content, finishReason, completionTokens: tokenCount(content) };
}
