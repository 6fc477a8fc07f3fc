import type { ChatCompletionChunk } from '@alltokens/contracts';
import { type StreamEvent, type StreamTranslator, UpstreamStreamError } from '../core/adapter';
import { JSON_TOOL_NAME } from './anthropic.json-mode';
import { toFinishReason, toOpenAiUsage, unixSeconds } from './anthropic.response';
import type { AnthropicErrorBody, AnthropicResponse, AnthropicUsage, StopReason } from './anthropic.types';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

interface BlockStart {
  index: number;
  content_block: { type: string; id?: string; name?: string; text?: string };
}

interface BlockDelta {
  index: number;
  delta: { type: string; text?: string; thinking?: string; partial_json?: string };
}

interface MessageDelta {
  delta?: { stop_reason?: StopReason | null };
  usage?: AnthropicUsage;
}

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
  private stopReason: StopReason | null = null;
  private roleSent = false;
  private toolCalls = 0;
  private readonly blocks = new Map<number, OpenBlock>();

  translate({ data }: StreamEvent): ChatCompletionChunk[] {
    const event = data as { type?: string };
    switch (event.type) {
      case 'message_start':
        return this.start((data as { message: AnthropicResponse }).message);
      case 'content_block_start':
        return this.blockStart(data as BlockStart);
      case 'content_block_delta':
        return this.blockDelta(data as BlockDelta);
      case 'message_delta':
        this.messageDelta(data as MessageDelta);
        return [];
      case 'message_stop':
        return this.finish();
      case 'error': {
        const { error } = data as Partial<AnthropicErrorBody>;
        throw new UpstreamStreamError(error?.type ?? 'api_error', error?.message ?? 'Anthropic stream error');
      }
      default:
        // ping, content_block_stop, and event types added later (Anthropic asks clients to ignore those).
        return [];
    }
  }

  private start(message: AnthropicResponse): ChatCompletionChunk[] {
    this.id = message.id;
    this.model = message.model;
    this.usage = { ...message.usage };
    return [this.chunk({ content: '' })];
  }

  private blockStart({ index, content_block: block }: BlockStart): ChatCompletionChunk[] {
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

  private blockDelta({ index, delta }: BlockDelta): ChatCompletionChunk[] {
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

  private messageDelta({ delta, usage }: MessageDelta): void {
    if (delta?.stop_reason) this.stopReason = delta.stop_reason;
    for (const [key, value] of Object.entries(usage ?? {})) {
      if (value != null) (this.usage as Record<string, unknown>)[key] = value;
    }
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
