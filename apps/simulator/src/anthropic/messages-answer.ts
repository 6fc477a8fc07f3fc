import type { Behaviour } from '../behaviour';
import { randomString } from '../ids';
import { answer } from '../openai/chat-answer';
import type { ChatMessage } from '../openai/chat-messages';
import type { ChatRequest } from '../openai/chat-request';
import { tokenCount, truncateToTokens } from '../tokens';
import type { MessagesRequest } from './messages-request';

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';

export interface ToolUse {
  id: string;
  name: string;
  input: unknown;
  /** `input` as the JSON text streamed in `input_json_delta` events. */
  json: string;
}

/** What the fake Claude answers: optional thinking, then text or tool calls. */
export interface MessageAnswer {
  thinking?: { text: string; signature: string };
  text: string;
  toolUses: ToolUse[];
  stopReason: StopReason;
  stopSequence: string | null;
  inputTokens: number;
  outputTokens: number;
}

const THINKING = 'The user wants an answer; I will give it directly.';

/**
 * The request in the OpenAI shape the shared `answer()` reads. A user turn's tool results become
 * `tool` messages (so the model answers from them); stop sequences and the token limit are applied
 * here instead, because Anthropic reports which one ended the answer.
 */
function asChatRequest(request: MessagesRequest): ChatRequest {
  const messages: ChatMessage[] = [];
  for (const turn of request.turns) {
    for (const result of turn.toolResults) messages.push({ role: 'tool', text: result.text, hasToolCalls: false });
    if (turn.toolResults.length === 0 || turn.text !== '') {
      messages.push({ role: turn.role, text: turn.text, hasToolCalls: turn.toolUseIds.length > 0 });
    }
  }
  return {
    model: request.model,
    messages,
    stream: false,
    includeUsage: false,
    obfuscation: false,
    n: 1,
    stop: [],
    tools: request.tools,
    toolChoice: request.toolChoice,
    parallelToolCalls: request.parallelToolCalls,
    responseFormat: request.schema === undefined ? { type: 'text' } : { type: 'json_schema', schema: request.schema },
    serviceTier: 'default',
  };
}

/** Anthropic's input count, approximated with the o200k tokenizer: system, turns, tool definitions. */
function inputTokens(request: MessagesRequest): number {
  let total = tokenCount(request.system);
  for (const turn of request.turns) total += 3 + tokenCount(turn.promptText);
  if (request.rawTools !== undefined) total += tokenCount(JSON.stringify(request.rawTools));
  return Math.max(total, 1);
}

function earliestStop(text: string, stops: readonly string[]): { at: number; stop: string } | undefined {
  let hit: { at: number; stop: string } | undefined;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at !== -1 && (hit === undefined || at < hit.at)) hit = { at, stop };
  }
  return hit;
}

export function answerMessage(request: MessagesRequest, behaviour: Behaviour): MessageAnswer {
  const base = answer(asChatRequest(request), behaviour);
  const thinking = request.thinkingBudget === undefined ? undefined : { text: THINKING, signature: randomString(64) };
  const thinkingTokens = thinking ? tokenCount(thinking.text) : 0;
  const reply = { thinking, inputTokens: inputTokens(request) };
  if (base.toolCalls) {
    const toolUses = base.toolCalls.map(({ function: fn }) => ({
      id: `toolu_01${randomString(22)}`,
      name: fn.name,
      input: JSON.parse(fn.arguments) as unknown,
      json: fn.arguments,
    }));
    return { ...reply, text: '', toolUses, stopReason: 'tool_use', stopSequence: null, outputTokens: base.completionTokens + thinkingTokens };
  }
  let text = base.content ?? '';
  let stopReason: StopReason = 'end_turn';
  let stopSequence: string | null = null;
  const hit = earliestStop(text, request.stop);
  if (hit) {
    text = text.slice(0, hit.at);
    stopReason = 'stop_sequence';
    stopSequence = hit.stop;
  }
  const truncated = truncateToTokens(text, Math.max(0, request.maxTokens - thinkingTokens));
  if (truncated !== undefined) {
    text = truncated;
    stopReason = 'max_tokens';
    stopSequence = null;
  }
  return { ...reply, text, toolUses: [], stopReason, stopSequence, outputTokens: Math.max(tokenCount(text) + thinkingTokens, 1) };
}
