import type { Behaviour } from '../behaviour';
import { splitJson, splitText } from '../content';
import { randomString } from '../ids';
import { answer, type Answer } from '../openai/chat-answer';
import { lastUserText } from '../openai/chat-messages';
import { chatPromptTokens } from '../openai/usage';
import type { Exchange, Reply, Route, StreamPlan } from '../personality';
import { parseConverseRequest, type ConverseRequest } from './converse-request';
import { converseEvent } from './event-stream';

interface ToolUse {
  toolUseId: string;
  name: string;
  input: unknown;
}

interface ConverseReply {
  text: string | null;
  toolUses: ToolUse[];
  stopReason: 'end_turn' | 'stop_sequence' | 'max_tokens' | 'tool_use';
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
}

const STOP_REASONS = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' } as const;

/** The shared fake model's answer in Converse terms: Bedrock tool-use ids, Converse stop reasons, token usage. */
function converseReply(request: ConverseRequest, behaviour: Behaviour): ConverseReply {
  const { chat } = request;
  const answered: Answer = answer(chat, behaviour);
  const toolUses = (answered.toolCalls ?? []).map((call) => ({ toolUseId: `tooluse_${randomString(22)}`, name: call.function.name, input: JSON.parse(call.function.arguments) }));
  let stopReason: ConverseReply['stopReason'] = STOP_REASONS[answered.finishReason];
  if (stopReason === 'end_turn' && chat.stop.length && answer({ ...chat, stop: [] }, behaviour).content !== answered.content) stopReason = 'stop_sequence';
  const inputTokens = chatPromptTokens(chat.messages, chat.rawTools);
  return { text: answered.content, toolUses, stopReason, usage: { inputTokens, outputTokens: answered.completionTokens, totalTokens: inputTokens + answered.completionTokens } };
}

const contentOf = (reply: ConverseReply) => (reply.toolUses.length ? reply.toolUses.map((toolUse) => ({ toolUse })) : [{ text: reply.text ?? '' }]);

/** messageStart, content block events (deltas spaced by the chunk interval), messageStop, metadata. */
function planStream(reply: ConverseReply, behaviour: Behaviour): StreamPlan {
  const head = [converseEvent('messageStart', { role: 'assistant' })];
  const body: Uint8Array[] = [];
  const tail: Uint8Array[] = [];
  if (reply.toolUses.length) {
    reply.toolUses.forEach(({ toolUseId, name, input }, contentBlockIndex) => {
      const start = converseEvent('contentBlockStart', { contentBlockIndex, start: { toolUse: { toolUseId, name } } });
      (contentBlockIndex === 0 ? head : body).push(start);
      for (const fragment of splitJson(JSON.stringify(input))) body.push(converseEvent('contentBlockDelta', { contentBlockIndex, delta: { toolUse: { input: fragment } } }));
      (contentBlockIndex === reply.toolUses.length - 1 ? tail : body).push(converseEvent('contentBlockStop', { contentBlockIndex }));
    });
  } else {
    for (const text of splitText(reply.text ?? '', behaviour.chunks)) body.push(converseEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text } }));
    tail.push(converseEvent('contentBlockStop', { contentBlockIndex: 0 }));
  }
  tail.push(converseEvent('messageStop', { stopReason: reply.stopReason }));
  if (!behaviour.noUsage) tail.push(converseEvent('metadata', { usage: reply.usage, metrics: { latencyMs: behaviour.latencyMs } }));
  return { head, body, tail };
}

function respond(request: ConverseRequest, behaviour: Behaviour, stream: boolean): Reply {
  const reply = converseReply(request, behaviour);
  if (stream) return { kind: 'stream', plan: planStream(reply, behaviour), contentType: 'application/vnd.amazon.eventstream' };
  return {
    kind: 'json',
    body: {
      output: { message: { role: 'assistant', content: contentOf(reply) } },
      stopReason: reply.stopReason,
      usage: reply.usage,
      metrics: { latencyMs: behaviour.latencyMs },
    },
  };
}

function converseRoute(operation: 'converse' | 'converse-stream'): Route {
  const stream = operation === 'converse-stream';
  return {
    method: 'POST',
    path: new RegExp(`^/model/([^/]+)/${operation}$`),
    prepare({ body, params }): Exchange {
      const request = parseConverseRequest(body, params[0]!, stream);
      return {
        model: request.modelId,
        directiveText: lastUserText(request.chat.messages),
        respond: (behaviour) => respond(request, behaviour, stream),
      };
    },
  };
}

export const converseRoutes: Route[] = [converseRoute('converse'), converseRoute('converse-stream')];
