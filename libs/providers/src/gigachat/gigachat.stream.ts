import type { ChatCompletionChunk, FinishReason, Usage } from '@alltokens/contracts';
import { type StreamEvent, type StreamTranslator, UpstreamStreamError } from '../core/adapter';
import { newId } from '../core/ids';
import { parseUpstream } from '../core/upstream-json';
import { finishReason, toToolCall, toUsage } from './gigachat.response';
import { chunkSchema, type GigaChatReply } from './gigachat.schema';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

/**
 * GigaChat's SSE chunks are close to OpenAI's, but a function call arrives whole (arguments as an
 * object) and the last chunk carries both the finish reason and usage; those are split into
 * OpenAI's tool-call deltas, a finish chunk and a usage chunk.
 */
export class GigaChatStreamTranslator implements StreamTranslator {
  private readonly id = newId('chatcmpl-');
  private readonly created = Math.floor(Date.now() / 1000);
  private readonly roleSent = new Set<number>();

  constructor(private readonly model: string) {}

  translate(event: StreamEvent): ChatCompletionChunk[] {
    const data = parseUpstream(chunkSchema, event.data, 'GigaChat stream chunk');
    if (!data.choices) {
      if (data.message) throw new UpstreamStreamError(`upstream_${data.status ?? 'error'}`, data.message);
      return [];
    }
    const chunks = data.choices.flatMap((choice, i) => this.choice(choice.index ?? i, choice.delta ?? {}, finishReason(choice.finish_reason)));
    if (data.usage) chunks.push(this.chunk([], toUsage(data.usage)));
    return chunks;
  }

  private choice(index: number, reply: GigaChatReply, finish: FinishReason | null): ChatCompletionChunk[] {
    const deltas: Delta[] = [];
    if (reply.reasoning_content) deltas.push({ reasoning: reply.reasoning_content });
    if (reply.content || (!this.roleSent.has(index) && !deltas.length && !reply.function_call)) deltas.push({ content: reply.content ?? '' });
    const call = toToolCall(reply);
    if (call) {
      deltas.push({ tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
      deltas.push({ tool_calls: [{ index: 0, function: { arguments: call.function.arguments } }] });
    }
    const chunks = deltas.map((delta) => this.choiceChunk(index, this.withRole(index, delta), null));
    if (finish) chunks.push(this.choiceChunk(index, {}, finish));
    return chunks;
  }

  private withRole(index: number, delta: Delta): Delta {
    if (this.roleSent.has(index)) return delta;
    this.roleSent.add(index);
    return { role: 'assistant', ...delta };
  }

  private choiceChunk(index: number, delta: Delta, finish: FinishReason | null): ChatCompletionChunk {
    return this.chunk([{ index, delta, finish_reason: finish }]);
  }

  private chunk(choices: ChatCompletionChunk['choices'], usage?: Usage): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices, ...(usage && { usage }) };
  }
}
