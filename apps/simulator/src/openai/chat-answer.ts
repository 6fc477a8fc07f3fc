import type { Behaviour } from '../behaviour';
import { breakJson, drawBreakage, type Breakage } from '../broken-output';
import { cutAtStop, loremText } from '../content';
import { sampleFromSchema } from '../json-schema-sample';
import { tokenCount, truncateToTokens } from '../tokens';
import type { ChatMessage } from './chat-messages';
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

/** A trailing assistant message without tool calls: the start of the answer, which the fake model continues. */
export function prefillOf(messages: readonly ChatMessage[]): string | undefined {
  const last = messages.at(-1);
  return last?.role === 'assistant' && !last.hasToolCalls ? last.text : undefined;
}

/** What follows the prefill in the answer the model would have given; the whole answer if it does not start that way. */
function continuation(full: string, prefill: string): string {
  return full.startsWith(prefill) ? full.slice(prefill.length) : full;
}

export interface AnswerOptions {
  /** How broken tool calls may break in this wire format (default: off-schema only, for formats whose tool arguments are objects). */
  breakage?: readonly Breakage[];
}

function brokenCalls(calls: ToolCall[], behaviour: Behaviour, kinds: readonly Breakage[]): ToolCall[] {
  return calls.map((call) => {
    const kind = drawBreakage(behaviour.brokenToolRate, kinds);
    return kind ? { ...call, function: { ...call.function, arguments: breakJson(call.function.arguments, kind) } } : call;
  });
}

/**
 * Deterministic text (or tool calls), then `stop` sequences, then the token limit. A trailing
 * assistant message is a prefill: the answer is what follows it (and never a tool call).
 */
export function answer(request: ChatRequest, behaviour: Behaviour, options: AnswerOptions = {}): Answer {
  if (behaviour.empty) return { content: '', finishReason: 'stop', completionTokens: 0 };
  const kinds = options.breakage ?? ['schema'];
  const prefill = prefillOf(request.messages);
  const asked = prefill === undefined ? request : { ...request, messages: request.messages.slice(0, -1) };
  const planned = prefill === undefined ? planToolCalls(request.tools, request.toolChoice, request.parallelToolCalls, request.messages) : undefined;
  if (planned) {
    const toolCalls = brokenCalls(planned, behaviour, kinds);
    const completionTokens = toolCalls.reduce((sum, call) => sum + 3 + tokenCount(call.function.name) + tokenCount(call.function.arguments), 0);
    return { content: null, toolCalls, finishReason: 'tool_calls', completionTokens };
  }
  let content = replyText(asked, behaviour.chars);
  const jsonBreakage = request.responseFormat.type === 'text' ? undefined : drawBreakage(behaviour.brokenJsonRate, ['json', 'schema']);
  if (jsonBreakage) content = breakJson(content, jsonBreakage);
  if (prefill !== undefined) content = continuation(content, prefill);
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
