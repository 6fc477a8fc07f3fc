import type { Behaviour } from '../behaviour';
import { randomString } from '../ids';
import type { Exchange, Reply, Route } from '../personality';
import { checkVersion } from './errors';
import { answerMessage, type MessageAnswer } from './messages-answer';
import { parseMessagesRequest, type MessagesRequest } from './messages-request';
import { planMessageStream } from './messages-stream';

function contentBlocks(answer: MessageAnswer): object[] {
  const blocks: object[] = [];
  if (answer.thinking) blocks.push({ type: 'thinking', thinking: answer.thinking.text, signature: answer.thinking.signature });
  if (answer.text !== '') blocks.push({ type: 'text', text: answer.text });
  for (const use of answer.toolUses) blocks.push({ type: 'tool_use', id: use.id, name: use.name, input: use.input });
  return blocks;
}

function respond(request: MessagesRequest, behaviour: Behaviour): Reply {
  const answer = answerMessage(request, behaviour);
  const message = { id: `msg_01${randomString(22)}`, type: 'message', role: 'assistant', model: request.model };
  const usage = {
    input_tokens: answer.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: answer.outputTokens,
    service_tier: 'standard',
  };
  if (request.stream) return { kind: 'stream', plan: planMessageStream(message, answer, behaviour.chunks, usage) };
  return {
    kind: 'json',
    body: { ...message, content: contentBlocks(answer), stop_reason: answer.stopReason, stop_sequence: answer.stopSequence, usage },
  };
}

/** The last user turn's text: where `[sim:...]` directives are read. */
const directiveText = (request: MessagesRequest): string | undefined =>
  request.turns.findLast((turn) => turn.role === 'user' && turn.text !== '')?.text;

export const messagesRoute: Route = {
  method: 'POST',
  path: '/v1/messages',
  prepare({ body, headers }): Exchange {
    const request = parseMessagesRequest(body, checkVersion(headers));
    return {
      model: request.model,
      directiveText: directiveText(request),
      continues: request.turns.at(-1)?.role === 'assistant',
      respond: (behaviour) => respond(request, behaviour),
    };
  },
};
