import { randomUUID } from 'node:crypto';
import type { Behaviour } from '../behaviour';
import { splitText } from '../content';
import { unixSeconds } from '../ids';
import { answer, type Answer } from '../openai/chat-answer';
import { lastUserText } from '../openai/chat-messages';
import type { ChatRequest } from '../openai/chat-request';
import { chatPromptTokens } from '../openai/usage';
import type { Exchange, Reply, Route } from '../personality';
import { parseChatRequest } from './chat-request';

const FINISH_REASONS: Record<Answer['finishReason'], string> = { stop: 'stop', length: 'length', tool_calls: 'function_call' };

const usage = (promptTokens: number, completionTokens: number) => ({
  prompt_tokens: promptTokens,
  completion_tokens: completionTokens,
  total_tokens: promptTokens + completionTokens,
  precached_prompt_tokens: 0,
});

/** GigaChat calls one function per answer, with object arguments and a `functions_state_id`. */
function message(a: Answer) {
  const call = a.toolCalls?.[0];
  if (!call) return { role: 'assistant', content: a.content ?? '' };
  return {
    role: 'assistant',
    content: '',
    function_call: { name: call.function.name, arguments: JSON.parse(call.function.arguments) as unknown },
    functions_state_id: randomUUID(),
  };
}

/** SSE chunks (`object` stays `chat.completion`); the last one carries the finish reason and usage, then `[DONE]`. */
function streamReply(request: ChatRequest, a: Answer, pieces: number, tokens: ReturnType<typeof usage> | undefined): Reply {
  const envelope = { created: unixSeconds(), model: request.model, object: 'chat.completion' };
  const frame = (choice: object, extra: object = {}) => `data: ${JSON.stringify({ choices: [{ ...choice, index: 0 }], ...envelope, ...extra })}\n\n`;
  const finish = FINISH_REASONS[a.finishReason];
  const last = frame({ delta: a.toolCalls ? message(a) : { content: '' }, finish_reason: finish }, tokens && { usage: tokens });
  const tail = [last, 'data: [DONE]\n\n'];
  if (a.toolCalls) return { kind: 'stream', plan: { head: [], body: [], tail } };
  const [first = '', ...rest] = splitText(a.content ?? '', pieces);
  return {
    kind: 'stream',
    plan: { head: [frame({ delta: { content: first, role: 'assistant' } })], body: rest.map((content) => frame({ delta: { content } })), tail },
  };
}

function respond(request: ChatRequest, behaviour: Behaviour): Reply {
  const promptTokens = chatPromptTokens(request.messages, request.rawTools);
  if (request.stream) {
    const a = answer(request, behaviour);
    return streamReply(request, a, behaviour.chunks, behaviour.noUsage ? undefined : usage(promptTokens, a.completionTokens));
  }
  const answers = Array.from({ length: request.n }, () => answer(request, behaviour));
  return {
    kind: 'json',
    body: {
      choices: answers.map((a, index) => ({ message: message(a), index, finish_reason: FINISH_REASONS[a.finishReason] })),
      created: unixSeconds(),
      model: request.model,
      usage: usage(promptTokens, answers.reduce((sum, a) => sum + a.completionTokens, 0)),
      object: 'chat.completion',
    },
  };
}

export const chatRoute: Route = {
  method: 'POST',
  path: '/api/v1/chat/completions',
  prepare({ body }): Exchange {
    const request = parseChatRequest(body);
    return { model: request.model, directiveText: lastUserText(request.messages), respond: (behaviour) => respond(request, behaviour) };
  },
};
