import type { z } from 'zod';
import type { ChatCompletionChunk } from '@alltokens/contracts';
import { type StreamEvent, type StreamTranslator, UpstreamStreamError } from '../core/adapter';
import { parseTagged } from '../core/upstream-json';
import { JSON_TOOL_NAME } from './anthropic.json-mode';
import { toFinishReason, toOpenAiUsage, unixSeconds } from './anthropic.response';
import { STREAM_EVENTS, type AnthropicUsage } from './anthropic.schema';

type Delta = ChatCompletionChunk['choices'][number]['delta'];
type Event<K extends keyof typeof STREAM_EVENTS> = z.output<(typeof STREAM_EVENTS)[K]>;

/** What a content block index stands for: a client tool call (by its OpenAI index) or the JSON-mode answer. */
type OpenBlock = { kind: 'tool'; toolIndex: number } | { kind: 'json' };

/**
 * Anthropic's event stream → OpenAI chunks: role chunk at `message_start`, text / thinking / tool-call
 * deltas per content block, then at `message_stop` the finish chunk and a usage chunk built from
 * `message_start.usage` updated by the cumulative `message_delta.usage`.
 */
export class AnthropicStreamTranslator implements StreamTranslator {
  private id = '';
  private model = '';
  private readonly created = unixSeconds();
  private usage: AnthropicUsage = {};
  private stopReason: string | null = null;
  private roleSent = false;
  private toolCalls = 0;
  private readonly blocks = new Map<number, OpenBlock>();

  translate({ data }: StreamEvent): ChatCompletionChunk[] {
    // ping, content_block_stop, and event types added later (Anthropic asks clients to ignore those) are undefined.
    const event = parseTagged(STREAM_EVENTS, 'type', data, 'Anthropic stream event');
    switch (event?.kind) {
      case 'message_start':
        return this.start(event.value.message);
      case 'content_block_start':
        return this.blockStart(event.value);
      case 'content_block_delta':
        return this.blockDelta(event.value);
      case 'message_delta':
        this.messageDelta(event.value);
        return [];
      case 'message_stop':
        return this.finish();
      case 'error': {
        const { error } = event.value;
        throw new UpstreamStreamError(error?.type ?? 'api_error', error?.message ?? 'Anthropic stream error');
      }
      default:
        return [];
    }
  }

  private start(message: Event<'message_start'>['message']): ChatCompletionChunk[] {
    this.id = message.id;
    this.model = message.model;
    this.usage = { ...message.usage };
    return [this.chunk({ content: '' })];
  }

  private blockStart({ index, content_block: block }: Event<'content_block_start'>): ChatCompletionChunk[] {
    if (block.type === 'text' && block.text) return [this.chunk({ content: block.text })];
    if (block.type !== 'tool_use') return [];
    if (block.name === JSON_TOOL_NAME) {
      this.blocks.set(index, { kind: 'json' });
      return [];
    }
    const toolIndex = this.toolCalls++;
    this.blocks.set(index, { kind: 'tool', toolIndex });
    return [this.chunk({ tool_calls: [{ index: toolIndex, id: block.id, type: 'function', function: { name: block.name, arguments: '' } }] })];
  }

  private blockDelta({ index, delta }: Event<'content_block_delta'>): ChatCompletionChunk[] {
    switch (delta.type) {
      case 'text_delta':
        return delta.text ? [this.chunk({ content: delta.text })] : [];
      case 'thinking_delta':
        return delta.thinking ? [this.chunk({ reasoning: delta.thinking })] : [];
      case 'input_json_delta': {
        const block = this.blocks.get(index);
        if (!block || !delta.partial_json) return [];
        if (block.kind === 'json') return [this.chunk({ content: delta.partial_json })];
        return [this.chunk({ tool_calls: [{ index: block.toolIndex, function: { arguments: delta.partial_json } }] })];
      }
      default:
        // signature_delta and citations_delta have no OpenAI counterpart.
        return [];
    }
  }

  /** `message_delta.usage` is cumulative: each count it gives replaces the one so far. */
  private messageDelta({ delta, usage }: Event<'message_delta'>): void {
    if (delta?.stop_reason) this.stopReason = delta.stop_reason;
    if (!usage) return;
    const so = this.usage;
    this.usage = {
      input_tokens: usage.input_tokens ?? so.input_tokens,
      output_tokens: usage.output_tokens ?? so.output_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens ?? so.cache_creation_input_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens ?? so.cache_read_input_tokens,
      output_tokens_details: usage.output_tokens_details ?? so.output_tokens_details,
    };
  }

  private finish(): ChatCompletionChunk[] {
    const finishReason = toFinishReason(this.stopReason, this.toolCalls);
    const chunks = finishReason ? [this.chunk({}, finishReason)] : [];
    chunks.push({ ...this.envelope(), choices: [], usage: toOpenAiUsage(this.usage) });
    return chunks;
  }

  private envelope(): Omit<ChatCompletionChunk, 'choices'> {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model };
  }

  private chunk(delta: Delta, finishReason: ChatCompletionChunk['choices'][number]['finish_reason'] = null): ChatCompletionChunk {
    if (!this.roleSent) {
      this.roleSent = true;
      delta = { role: 'assistant', ...delta };
    }
    return { ...this.envelope(), choices: [{ index: 0, delta, finish_reason: finishReason }] };
  }
}
