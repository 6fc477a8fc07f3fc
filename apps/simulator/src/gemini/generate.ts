import type { Behaviour } from '../behaviour';
import { splitText } from '../content';
import { randomString } from '../ids';
import { answer, type Answer } from '../openai/chat-answer';
import { lastUserText } from '../openai/chat-messages';
import type { ChatRequest } from '../openai/chat-request';
import { chatPromptTokens } from '../openai/usage';
import type { Exchange, Reply, Route } from '../personality';
import { parseGenerateRequest } from './request';

const FINISH_REASONS: Record<Answer['finishReason'], string> = { stop: 'STOP', length: 'MAX_TOKENS', tool_calls: 'STOP' };

/** `models/{model}:{method}` on AI Studio (v1beta) and on Vertex AI (v1, project and location in the path). */
export const aiStudioPath = (method: string): RegExp => new RegExp(`^/v1beta/models/([^/:]+):${method}$`);
export const vertexPath = (method: string): RegExp => new RegExp(`^/v1/projects/[^/]+/locations/[^/]+/publishers/google/models/([^/:]+):${method}$`);

type Part = Record<string, unknown>;

const promptDetails = (tokens: number) => [{ modality: 'TEXT', tokenCount: tokens }];

function usageMetadata(prompt: number, completion?: number): Record<string, unknown> {
  if (completion === undefined) return { promptTokenCount: prompt, totalTokenCount: prompt, promptTokensDetails: promptDetails(prompt) };
  return { promptTokenCount: prompt, candidatesTokenCount: completion, totalTokenCount: prompt + completion, promptTokensDetails: promptDetails(prompt) };
}

const candidate = (parts: Part[], finishReason?: string) => ({ content: { parts, role: 'model' }, ...(finishReason && { finishReason }), index: 0 });

function answerParts(reply: Answer): Part[] {
  if (!reply.toolCalls) return [{ text: reply.content ?? '' }];
  return reply.toolCalls.map((call) => ({ functionCall: { name: call.function.name, args: JSON.parse(call.function.arguments) } }));
}

/**
 * The stream's `GenerateContentResponse`s: one per text piece, then one with `finishReason` and the
 * full usage. Function calls come whole, in a single final response.
 */
function streamResponses(reply: Answer, prompt: number, behaviour: Behaviour, envelope: Record<string, string>): object[] {
  const usage = (completion?: number) => (behaviour.noUsage ? {} : { usageMetadata: usageMetadata(prompt, completion) });
  const finish = FINISH_REASONS[reply.finishReason];
  if (reply.toolCalls) return [{ candidates: [candidate(answerParts(reply), finish)], ...usage(reply.completionTokens), ...envelope }];
  const pieces = splitText(reply.content ?? '', behaviour.chunks).map((text) => ({ candidates: [candidate([{ text }])], ...usage(), ...envelope }));
  return [...pieces, { candidates: [candidate([{ text: '' }], finish)], ...usage(reply.completionTokens), ...envelope }];
}

function respond(request: ChatRequest, behaviour: Behaviour, sse: boolean): Reply {
  const reply = answer(request, behaviour);
  const prompt = chatPromptTokens(request.messages, request.rawTools);
  const envelope = { modelVersion: request.model, responseId: randomString(22) };
  if (!request.stream) {
    const body = { candidates: [candidate(answerParts(reply), FINISH_REASONS[reply.finishReason])], usageMetadata: usageMetadata(prompt, reply.completionTokens), ...envelope };
    return { kind: 'json', body };
  }
  const responses = streamResponses(reply, prompt, behaviour, envelope);
  // Without `alt=sse` the stream is one JSON array, sent as it grows.
  if (!sse) return { kind: 'json', body: responses };
  const frames = responses.map((response) => `data: ${JSON.stringify(response)}\r\n\r\n`);
  const last = frames.pop()!;
  return { kind: 'stream', plan: { head: frames.slice(0, 1), body: frames.slice(1), tail: [last] } };
}

function generateRoute(path: RegExp, stream: boolean, vertex: boolean): Route {
  return {
    method: 'POST',
    path,
    prepare({ body, params, query }): Exchange {
      const request = parseGenerateRequest(body, params[0]!, stream, vertex);
      const sse = query.get('alt') === 'sse';
      return { model: request.model, directiveText: lastUserText(request.messages), respond: (behaviour) => respond(request, behaviour, sse) };
    },
  };
}

export const generateRoutes: Route[] = [
  generateRoute(aiStudioPath('generateContent'), false, false),
  generateRoute(aiStudioPath('streamGenerateContent'), true, false),
  generateRoute(vertexPath('generateContent'), false, true),
  generateRoute(vertexPath('streamGenerateContent'), true, true),
];
