import type { ChatCompletionChunk, FinishReason } from '@alltokens/contracts';
import { type StreamEvent, type StreamTranslator, UpstreamStreamError } from '../core/adapter';
import { newId } from '../core/ids';
import { finishReasonOf, usageOf } from './cohere.response';
import type { CohereStreamEvent } from './cohere.types';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

/**
 * Cohere's v2 events: `message-start`, content blocks (`content-start/delta/end`, text or
 * thinking), the tool plan (`tool-plan-delta`, read as content), tool calls
 * (`tool-call-start/delta/end`, indexed), and `message-end` with the finish reason and usage.
 */
export class CohereStreamTranslator implements StreamTranslator {
  private id = newId('chatcmpl-');
  private readonly created = Math.floor(Date.now() / 1000);
  private started = false;

  constructor(private readonly model: string) {}

  translate({ data }: StreamEvent): ChatCompletionChunk[] {
    const event = data as CohereStreamEvent;
    const message = event.delta?.message;
    switch (event.type) {
      case 'message-start':
        if (event.id) this.id = event.id;
        return [this.chunk({ content: '' })];
      case 'content-start':
      case 'content-delta':
        return this.content(message?.content?.text, message?.content?.thinking);
      case 'tool-plan-delta':
        return this.content(message?.tool_plan, undefined);
      case 'tool-call-start': {
        const call = message?.tool_calls;
        const fn = { name: call?.function?.name ?? '', arguments: call?.function?.arguments ?? '' };
        return [this.chunk({ tool_calls: [{ index: event.index ?? 0, id: call?.id, type: 'function', function: fn }] })];
      }
      case 'tool-call-delta': {
        const args = message?.tool_calls?.function?.arguments;
        return args ? [this.chunk({ tool_calls: [{ index: event.index ?? 0, function: { arguments: args } }] })] : [];
      }
      case 'message-end':
        return this.end(event);
      case undefined:
        if (event.message) throw new UpstreamStreamError('cohere_stream_error', event.message);
        return [];
      default:
        // content-end, tool-call-end, citations and debug events carry nothing a client needs.
        return [];
    }
  }

  private content(text: string | undefined, thinking: string | undefined): ChatCompletionChunk[] {
    if (!text && !thinking) return [];
    return [this.chunk(thinking ? { reasoning: thinking } : { content: text })];
  }

  private end(event: CohereStreamEvent): ChatCompletionChunk[] {
    const { error, finish_reason: reason, usage } = event.delta ?? {};
    if (error) throw new UpstreamStreamError(reason === 'TIMEOUT' ? 'cohere_timeout' : 'cohere_stream_error', error);
    const chunks = [this.chunk({}, finishReasonOf(reason))];
    if (usage) chunks.push({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage: usageOf(usage) });
    return chunks;
  }

  private chunk(delta: Delta, finishReason: FinishReason | null = null): ChatCompletionChunk {
    if (!this.started) {
      this.started = true;
      delta = { role: 'assistant', ...delta };
    }
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finishReason }] };
  }
}
