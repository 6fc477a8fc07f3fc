import type { z } from 'zod';
import type { ChatCompletionChunk, FinishReason } from '@alltokens/contracts';
import { type StreamEvent, type StreamTranslator, UpstreamStreamError } from '../core/adapter';
import { newId } from '../core/ids';
import { parseTagged, parseUpstream } from '../core/upstream-json';
import { finishReasonOf, usageOf } from './cohere.response';
import { STREAM_EVENTS, streamErrorSchema } from './cohere.schema';

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
    if (typeof data === 'object' && data !== null && !('type' in data)) {
      // An error body instead of an event.
      const { message } = parseUpstream(streamErrorSchema, data, 'Cohere stream error');
      if (message) throw new UpstreamStreamError('cohere_stream_error', message);
      return [];
    }
    const event = parseTagged(STREAM_EVENTS, 'type', data, 'Cohere stream event');
    switch (event?.kind) {
      case 'message-start':
        if (event.value.id) this.id = event.value.id;
        return [this.chunk({ content: '' })];
      case 'content-start':
      case 'content-delta': {
        const content = event.value.delta?.message?.content;
        return this.content(content?.text, content?.thinking);
      }
      case 'tool-plan-delta':
        return this.content(event.value.delta?.message?.tool_plan, undefined);
      case 'tool-call-start': {
        const call = event.value.delta?.message?.tool_calls;
        const fn = { name: call?.function?.name ?? '', arguments: call?.function?.arguments ?? '' };
        return [this.chunk({ tool_calls: [{ index: event.value.index ?? 0, id: call?.id, type: 'function', function: fn }] })];
      }
      case 'tool-call-delta': {
        const args = event.value.delta?.message?.tool_calls?.function?.arguments;
        return args ? [this.chunk({ tool_calls: [{ index: event.value.index ?? 0, function: { arguments: args } }] })] : [];
      }
      case 'message-end':
        return this.end(event.value);
      default:
        return [];
    }
  }

  private content(text: string | undefined, thinking: string | undefined): ChatCompletionChunk[] {
    if (!text && !thinking) return [];
    return [this.chunk(thinking ? { reasoning: thinking } : { content: text })];
  }

  private end(event: z.output<(typeof STREAM_EVENTS)['message-end']>): ChatCompletionChunk[] {
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
