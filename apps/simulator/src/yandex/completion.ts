import type { Behaviour } from '../behaviour';
import { splitText } from '../content';
import { answer, type Answer } from '../openai/chat-answer';
import { lastUserText } from '../openai/chat-messages';
import { chatPromptTokens } from '../openai/usage';
import type { Exchange, Reply, Route } from '../personality';
import { tokenCount } from '../tokens';
import { parseCompletionRequest, type CompletionRequest } from './completion-request';

const MODEL_VERSION = '23.10.2024';
/** What hidden reasoning (`reasoningOptions.mode: ENABLED_HIDDEN`) costs, on top of the answer. */
const REASONING_TOKENS = 24;

const STATUSES: Record<Answer['finishReason'], string> = {
  stop: 'ALTERNATIVE_STATUS_FINAL',
  length: 'ALTERNATIVE_STATUS_TRUNCATED_FINAL',
  tool_calls: 'ALTERNATIVE_STATUS_TOOL_CALLS',
};

function usage(promptTokens: number, answerTokens: number, reasoningTokens: number) {
  const completionTokens = answerTokens + reasoningTokens;
  return {
    inputTextTokens: String(promptTokens),
    completionTokens: String(completionTokens),
    totalTokens: String(promptTokens + completionTokens),
    completionTokensDetails: { reasoningTokens: String(reasoningTokens) },
  };
}

function finalMessage(a: Answer) {
  if (!a.toolCalls) return { role: 'assistant', text: a.content ?? '' };
  const toolCalls = a.toolCalls.map(({ function: fn }) => ({ functionCall: { name: fn.name, arguments: JSON.parse(fn.arguments) as unknown } }));
  return { role: 'assistant', toolCallList: { toolCalls } };
}

/** One `{"result": ...}` object: the whole text so far, its status and (unless suppressed) usage. */
function result(message: object, status: string, tokens: ReturnType<typeof usage> | undefined) {
  return { result: { alternatives: [{ message, status }], ...(tokens && { usage: tokens }), modelVersion: MODEL_VERSION } };
}

/**
 * A stream is newline-delimited JSON, each line repeating everything generated so far: partial
 * lines while text grows, then one final line with the whole answer and its status.
 */
function streamLines(a: Answer, tokens: (answerTokens: number) => ReturnType<typeof usage>, behaviour: Behaviour): string[] {
  const line = (value: object) => `${JSON.stringify(value)}\n`;
  const withUsage = (answerTokens: number) => (behaviour.noUsage ? undefined : tokens(answerTokens));
  const partials: string[] = [];
  if (!a.toolCalls) {
    let text = '';
    for (const piece of splitText(a.content ?? '', behaviour.chunks).slice(0, -1)) {
      text += piece;
      partials.push(line(result({ role: 'assistant', text }, 'ALTERNATIVE_STATUS_PARTIAL', withUsage(tokenCount(text)))));
    }
  }
  return [...partials, line(result(finalMessage(a), STATUSES[a.finishReason], withUsage(a.completionTokens)))];
}

function respond(request: CompletionRequest, behaviour: Behaviour): Reply {
  const a = answer(request.chat, behaviour);
  const promptTokens = chatPromptTokens(request.chat.messages, request.chat.rawTools);
  const tokens = (answerTokens: number) => usage(promptTokens, answerTokens, request.reasoning ? REASONING_TOKENS : 0);
  if (!request.stream) return { kind: 'json', body: result(finalMessage(a), STATUSES[a.finishReason], tokens(a.completionTokens)) };
  const lines = streamLines(a, tokens, behaviour);
  return { kind: 'stream', contentType: 'application/json', plan: { head: [], body: lines.slice(0, -1), tail: lines.slice(-1) } };
}

export const completionRoute: Route = {
  method: 'POST',
  path: '/foundationModels/v1/completion',
  prepare({ body, headers }): Exchange {
    const request = parseCompletionRequest(body, headers);
    return {
      model: request.modelUri,
      directiveText: lastUserText(request.chat.messages),
      respond: (behaviour) => respond(request, behaviour),
    };
  },
};
