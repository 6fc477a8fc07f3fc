import type { z } from 'zod';
import type { ChatCompletionChunk } from '@alltokens/contracts';
import type { StreamEvent, StreamTranslator } from '../core/adapter';
import { newId } from '../core/ids';
import { parseKind } from '../core/upstream-json';
import { JSON_RESPONSE_TOOL } from './converse-request';
import { finishReasonOf, usageOf } from './converse-response';
import { STREAM_EVENTS } from './converse.schema';

type Delta = ChatCompletionChunk['choices'][number]['delta'];
type Choice = ChatCompletionChunk['choices'][number];
type Event<K extends keyof typeof STREAM_EVENTS> = z.output<(typeof STREAM_EVENTS)[K]>;

/**
 * ConverseStream events as OpenAI chunks. Content blocks are numbered per message; tool-use blocks
 * get OpenAI tool-call indexes in the order they start, and the JSON response tool's input is
 * streamed as content. `messageStop` gives the finish chunk, `metadata` the usage chunk.
 */
export class ConverseStreamTranslator implements StreamTranslator {
  private readonly id = newId('chatcmpl-');
  private readonly created = Math.floor(Date.now() / 1000);
  /** contentBlockIndex → OpenAI tool-call index; `content` for the JSON response tool. */
  private readonly toolBlocks = new Map<number, number | 'content'>();
  private toolCalls = 0;

  constructor(private readonly model: string) {}

  translate({ event, data }: StreamEvent): ChatCompletionChunk[] {
    if (event === 'messageStart') return [this.chunk({ role: 'assistant', content: '' })];
    const payload = parseKind(STREAM_EVENTS, event, data, 'ConverseStream event');
    switch (payload?.kind) {
      case 'contentBlockStart':
        return this.blockStart(payload.value);
      case 'contentBlockDelta':
        return this.blockDelta(payload.value);
      case 'messageStop':
        return [this.chunk({}, { finish_reason: finishReasonOf(payload.value.stopReason, this.toolCalls > 0) })];
      case 'metadata': {
        const { usage } = payload.value;
        return usage ? [{ ...this.chunk({}), choices: [], usage: usageOf(usage) }] : [];
      }
      default:
        return [];
    }
  }

  private blockStart({ contentBlockIndex, start }: Event<'contentBlockStart'>): ChatCompletionChunk[] {
    const toolUse = start?.toolUse;
    if (!toolUse) return [];
    if (toolUse.name === JSON_RESPONSE_TOOL) {
      this.toolBlocks.set(contentBlockIndex, 'content');
      return [];
    }
    const index = this.toolCalls++;
    this.toolBlocks.set(contentBlockIndex, index);
    return [this.chunk({ tool_calls: [{ index, id: toolUse.toolUseId, type: 'function', function: { name: toolUse.name, arguments: '' } }] })];
  }

  private blockDelta({ contentBlockIndex, delta }: Event<'contentBlockDelta'>): ChatCompletionChunk[] {
    if (delta.text) return [this.chunk({ content: delta.text })];
    if (delta.reasoningContent?.text) return [this.chunk({ reasoning: delta.reasoningContent.text })];
    const input = delta.toolUse?.input;
    if (!input) return [];
    const target = this.toolBlocks.get(contentBlockIndex);
    if (target === 'content') return [this.chunk({ content: input })];
    if (target === undefined) return [];
    return [this.chunk({ tool_calls: [{ index: target, function: { arguments: input } }] })];
  }

  private chunk(delta: Delta, choice: Partial<Choice> = {}): ChatCompletionChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: null, ...choice }],
    };
  }
}
