import type { Behaviour } from '../behaviour';
import { randomString, unixSeconds } from '../ids';
import type { Exchange, Instance, Reply, Route } from '../personality';
import { answer, prefillOf, type Answer } from './chat-answer';
import { lastUserText } from './chat-messages';
import { parseChatRequest, type ChatRequest } from './chat-request';
import { ChunkWriter, planChatStream } from './chat-stream';
import { chatPromptTokens, chatUsage } from './usage';

const message = (a: Answer) => ({
  role: 'assistant',
  content: a.content,
  ...(a.toolCalls && { tool_calls: a.toolCalls }),
  refusal: null,
  annotations: [],
});

function respond(request: ChatRequest, behaviour: Behaviour, instance: Instance): Reply {
  const answers = Array.from({ length: request.n }, () => answer(request, behaviour, { breakage: ['json', 'schema'] }));
  const completionTokens = answers.reduce((sum, a) => sum + a.completionTokens, 0);
  const usage = chatUsage(chatPromptTokens(request.messages, request.rawTools), completionTokens);
  const id = `chatcmpl-${randomString(29)}`;
  const created = unixSeconds();
  if (request.stream) {
    const writer = new ChunkWriter({
      id,
      created,
      model: request.model,
      serviceTier: request.serviceTier,
      fingerprint: instance.fingerprint,
      includeUsage: request.includeUsage,
      obfuscation: request.obfuscation,
    });
    const withUsage = request.includeUsage && !behaviour.noUsage;
    return { kind: 'stream', plan: planChatStream(writer, answers, behaviour.chunks, withUsage ? usage : undefined) };
  }
  return {
    kind: 'json',
    body: {
      id,
      object: 'chat.completion',
      created,
      model: request.model,
      choices: answers.map((a, index) => ({ index, message: message(a), logprobs: null, finish_reason: a.finishReason })),
      usage,
      service_tier: request.serviceTier,
      system_fingerprint: instance.fingerprint,
    },
  };
}

export const chatRoute: Route = {
  method: 'POST',
  path: '/v1/chat/completions',
  prepare({ body }): Exchange {
    const request = parseChatRequest(body);
    return {
      model: request.model,
      directiveText: lastUserText(request.messages),
      continues: prefillOf(request.messages) !== undefined,
      respond: (behaviour, instance) => respond(request, behaviour, instance),
    };
  },
};
