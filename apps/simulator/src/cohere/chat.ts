import { randomUUID } from 'node:crypto';
import type { Behaviour } from '../behaviour';
import { splitJson, splitText } from '../content';
import { randomString } from '../ids';
import { answer, type Answer } from '../openai/chat-answer';
import { lastUserText } from '../openai/chat-messages';
import { chatPromptTokens } from '../openai/usage';
import type { Exchange, Reply, Route } from '../personality';
import { tokenCount } from '../tokens';
import { parseCohereChat, type CohereChatRequest } from './chat-request';

const THINKING = 'The user wants an answer; I will give it directly.';
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

interface CohereAnswer {
  thinking?: string;
  text: string;
  toolPlan?: string;
  toolCalls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  finishReason: 'COMPLETE' | 'STOP_SEQUENCE' | 'MAX_TOKENS' | 'TOOL_CALL';
  outputTokens: number;
}

function finishReason(request: CohereChatRequest, reply: Answer, behaviour: Behaviour): CohereAnswer['finishReason'] {
  if (reply.finishReason === 'tool_calls') return 'TOOL_CALL';
  if (reply.finishReason === 'length') return 'MAX_TOKENS';
  // `answer()` cuts at stop sequences silently; Cohere says when one ended the text.
  const stopped = request.chat.stop.length > 0 && answer({ ...request.chat, stop: [] }, behaviour).content !== reply.content;
  return stopped ? 'STOP_SEQUENCE' : 'COMPLETE';
}

/** The shared answer in Cohere's terms: tool calls get Cohere-style ids and a tool plan before them. */
function cohereAnswer(request: CohereChatRequest, behaviour: Behaviour): CohereAnswer {
  const reply = answer(request.chat, behaviour);
  const thinking = request.thinking ? THINKING : undefined;
  const toolCalls = (reply.toolCalls ?? []).map((call) => ({ ...call, id: `${call.function.name}_${randomString(12, ID_ALPHABET)}` }));
  const toolPlan = toolCalls.length ? `I will use ${toolCalls.map((call) => call.function.name).join(' and ')} to answer this.` : undefined;
  const outputTokens = reply.completionTokens + tokenCount(toolPlan ?? '') + tokenCount(thinking ?? '');
  return { thinking, text: reply.content ?? '', toolPlan, toolCalls, finishReason: finishReason(request, reply, behaviour), outputTokens };
}

const usageOf = (input: number, output: number) => ({
  billed_units: { input_tokens: input, output_tokens: output },
  tokens: { input_tokens: input, output_tokens: output },
});

function message(reply: CohereAnswer): Record<string, unknown> {
  if (reply.toolCalls.length) {
    const content = reply.thinking ? { content: [{ type: 'thinking', thinking: reply.thinking }] } : {};
    return { role: 'assistant', tool_plan: reply.toolPlan, tool_calls: reply.toolCalls, ...content };
  }
  const content: object[] = reply.thinking ? [{ type: 'thinking', thinking: reply.thinking }] : [];
  return { role: 'assistant', content: [...content, { type: 'text', text: reply.text }] };
}

const frame = (data: { type: string } & Record<string, unknown>): string => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;

function contentBlock(index: number, kind: 'text' | 'thinking', text: string, pieces: number) {
  return {
    start: frame({ type: 'content-start', index, delta: { message: { content: { type: kind, [kind]: '' } } } }),
    deltas: splitText(text, pieces).map((piece) => frame({ type: 'content-delta', index, delta: { message: { content: { [kind]: piece } } } })),
    end: frame({ type: 'content-end', index }),
  };
}

/** message-start, thinking and text blocks (or tool plan and tool calls), message-end, `[DONE]`. */
function streamFrames(id: string, reply: CohereAnswer, usage: object | undefined, pieces: number) {
  const head = [frame({ id, type: 'message-start', delta: { message: { role: 'assistant' } } })];
  const body: string[] = [];
  const blocks = [...(reply.thinking ? [contentBlock(0, 'thinking', reply.thinking, pieces)] : [])];
  if (!reply.toolCalls.length) blocks.push(contentBlock(blocks.length, 'text', reply.text, pieces));
  for (const block of blocks) body.push(block.start, ...block.deltas, block.end);
  if (reply.toolPlan) body.push(...splitText(reply.toolPlan, pieces).map((tool_plan) => frame({ type: 'tool-plan-delta', delta: { message: { tool_plan } } })));
  reply.toolCalls.forEach((call, index) => {
    const start = { ...call, function: { name: call.function.name, arguments: '' } };
    body.push(frame({ type: 'tool-call-start', index, delta: { message: { tool_calls: start } } }));
    for (const args of splitJson(call.function.arguments)) body.push(frame({ type: 'tool-call-delta', index, delta: { message: { tool_calls: { function: { arguments: args } } } } }));
    body.push(frame({ type: 'tool-call-end', index }));
  });
  const end = frame({ type: 'message-end', delta: { finish_reason: reply.finishReason, ...(usage && { usage }) } });
  return { head, body, tail: [end, 'data: [DONE]\n\n'] };
}

function respond(request: CohereChatRequest, behaviour: Behaviour): Reply {
  const reply = cohereAnswer(request, behaviour);
  const usage = usageOf(chatPromptTokens(request.chat.messages, request.chat.rawTools), reply.outputTokens);
  const id = randomUUID();
  if (request.chat.stream) return { kind: 'stream', plan: streamFrames(id, reply, behaviour.noUsage ? undefined : usage, behaviour.chunks) };
  return { kind: 'json', body: { id, message: message(reply), finish_reason: reply.finishReason, usage } };
}

export const chatRoute: Route = {
  method: 'POST',
  path: '/v2/chat',
  prepare({ body }): Exchange {
    const request = parseCohereChat(body);
    return { model: request.chat.model, directiveText: lastUserText(request.chat.messages), respond: (behaviour) => respond(request, behaviour) };
  },
};
