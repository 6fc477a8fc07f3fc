import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from '@alltokens/contracts';
import type { ReplyPresenter } from '../chat/reply-writer';
import { sseEvent } from '../http/sse';
import { anthropicErrorBody } from './anthropic-errors';

const STOP_REASON: Record<FinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
  error: 'end_turn',
};

const stopReason = (finish: FinishReason | null | undefined) => (finish ? STOP_REASON[finish] : 'end_turn');
const messageId = (id: string) => `msg_${id.replace(/^gen-/, '')}`;

function usageOf(usage: Usage | null | undefined) {
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    input_tokens: (usage?.prompt_tokens ?? 0) - cached,
    output_tokens: usage?.completion_tokens ?? 0,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: 0,
  };
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return { _raw: text };
  }
}

const frame = (event: string, data: unknown) => sseEvent(event, JSON.stringify(data));

/** Chat replies as Anthropic Messages: a `message` body, or the `message_start` … `message_stop` event stream. */
export class MessagesPresenter implements ReplyPresenter {
  private started = false;
  private block: { index: number; kind: 'text' | 'thinking' | 'tool_use' } | null = null;
  private blocks = 0;
  private readonly toolBlocks = new Map<number, number>();
  private finish: FinishReason | null = null;
  private usage: Usage | null = null;

  constructor(private readonly requestedModel: string) {}

  body(json: string): string {
    const completion = JSON.parse(json) as ChatCompletion;
    const choice = completion.choices[0];
    const message = choice?.message;
    const content: unknown[] = [];
    if (message?.reasoning) content.push({ type: 'thinking', thinking: message.reasoning, signature: '' });
    if (message?.content) content.push({ type: 'text', text: message.content });
    for (const call of message?.tool_calls ?? []) content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) });
    return JSON.stringify({
      id: messageId(completion.id),
      type: 'message',
      role: 'assistant',
      model: this.requestedModel,
      content,
      stop_reason: stopReason(choice?.finish_reason),
      stop_sequence: null,
      usage: usageOf(completion.usage),
      provider: completion.provider,
      alltokens_route: completion.alltokens_route,
    });
  }

  chunk(json: string): string {
    const chunk = JSON.parse(json) as ChatCompletionChunk;
    let out = '';
    if (!this.started) {
      this.started = true;
      const message = { id: messageId(chunk.id), type: 'message', role: 'assistant', model: this.requestedModel, content: [], stop_reason: null, stop_sequence: null, usage: usageOf(null) };
      out += frame('message_start', { type: 'message_start', message });
    }
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) return out;
    const { delta } = choice;
    if (delta.reasoning) out += this.open('thinking') + frame('content_block_delta', { type: 'content_block_delta', index: this.block!.index, delta: { type: 'thinking_delta', thinking: delta.reasoning } });
    if (delta.content) out += this.open('text') + frame('content_block_delta', { type: 'content_block_delta', index: this.block!.index, delta: { type: 'text_delta', text: delta.content } });
    for (const call of delta.tool_calls ?? []) {
      if (call.id) {
        out += this.close();
        const index = this.blocks++;
        this.toolBlocks.set(call.index, index);
        this.block = { index, kind: 'tool_use' };
        out += frame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.function?.name ?? '', input: {} } });
      }
      const index = this.toolBlocks.get(call.index);
      if (index !== undefined && call.function?.arguments) {
        out += frame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: call.function.arguments } });
      }
    }
    if (choice.finish_reason) this.finish = choice.finish_reason;
    return out;
  }

  end(): string {
    const usage = usageOf(this.usage);
    return (
      this.close() +
      frame('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason(this.finish), stop_sequence: null }, usage }) +
      frame('message_stop', { type: 'message_stop' })
    );
  }

  streamError(status: number, body: unknown): string {
    return frame('error', anthropicErrorBody(status, body));
  }

  errorBody(status: number, body: unknown): unknown {
    return anthropicErrorBody(status, body);
  }

  /** Starts a block of `kind` unless one is already open. */
  private open(kind: 'text' | 'thinking'): string {
    if (this.block?.kind === kind) return '';
    const closing = this.close();
    const index = this.blocks++;
    this.block = { index, kind };
    const contentBlock = kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
    return closing + frame('content_block_start', { type: 'content_block_start', index, content_block: contentBlock });
  }

  private close(): string {
    if (!this.block) return '';
    const { index } = this.block;
    this.block = null;
    return frame('content_block_stop', { type: 'content_block_stop', index });
  }
}
