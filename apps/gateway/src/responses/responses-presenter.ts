import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from '@alltokens/contracts';
import type { ReplyPresenter } from '../chat/reply-writer';
import { sseEvent } from '../http/sse';
import { echoedSettings, itemId, statusOf, usageOf, type FunctionCallOutput, type MessageOutput, type OutputItem } from './response-object';
import type { ResponsesRequest } from './responses-request';

const responseId = (generationId: string) => `resp_${generationId.replace(/^gen-/, '')}`;

/**
 * Chat replies as the Responses API: a `response` object, or its event stream (`response.created`,
 * output items with their parts and deltas, `response.completed`). Reasoning text is returned in
 * whole responses only.
 */
export class ResponsesPresenter implements ReplyPresenter {
  private sequence = 0;
  private readonly output: OutputItem[] = [];
  private message: { item: MessageOutput; index: number } | null = null;
  private readonly calls = new Map<number, { item: FunctionCallOutput; index: number }>();
  private finish: FinishReason | null = null;
  private usage: Usage | null = null;
  private base: Record<string, unknown> | null = null;

  constructor(
    private readonly request: ResponsesRequest,
    private readonly createdAt = Math.floor(Date.now() / 1000),
  ) {}

  body(json: string): string {
    const completion = JSON.parse(json) as ChatCompletion;
    const choice = completion.choices[0];
    const output: OutputItem[] = [];
    if (choice?.message.reasoning) output.push({ type: 'reasoning', id: itemId('rs'), summary: [{ type: 'summary_text', text: choice.message.reasoning }] });
    if (choice?.message.content) {
      output.push({ type: 'message', id: itemId('msg'), status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: choice.message.content, annotations: [] }] });
    }
    for (const call of choice?.message.tool_calls ?? []) {
      output.push({ type: 'function_call', id: itemId('fc'), call_id: call.id, name: call.function.name, arguments: call.function.arguments, status: 'completed' });
    }
    return JSON.stringify({
      ...this.header(completion.id),
      ...statusOf(choice?.finish_reason),
      output,
      usage: usageOf(completion.usage),
      provider: completion.provider,
      alltokens_route: completion.alltokens_route,
    });
  }

  chunk(json: string): string {
    const chunk = JSON.parse(json) as ChatCompletionChunk;
    let out = '';
    if (!this.base) {
      this.base = this.header(chunk.id);
      const response = { ...this.base, status: 'in_progress', incomplete_details: null, output: [], usage: null };
      out += this.event('response.created', { response }) + this.event('response.in_progress', { response });
    }
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) return out;
    if (choice.delta.content) out += this.text(choice.delta.content);
    for (const delta of choice.delta.tool_calls ?? []) {
      let call = this.calls.get(delta.index);
      if (!call) {
        out += this.closeMessage();
        const item: FunctionCallOutput = { type: 'function_call', id: itemId('fc'), call_id: delta.id ?? itemId('call'), name: delta.function?.name ?? '', arguments: '', status: 'in_progress' };
        call = { item, index: this.output.push(item) - 1 };
        this.calls.set(delta.index, call);
        out += this.event('response.output_item.added', { output_index: call.index, item: { ...item } });
      }
      const piece = delta.function?.arguments;
      if (piece) {
        call.item.arguments += piece;
        out += this.event('response.function_call_arguments.delta', { item_id: call.item.id, output_index: call.index, delta: piece });
      }
    }
    if (choice.finish_reason) this.finish = choice.finish_reason;
    return out;
  }

  end(): string {
    let out = this.closeMessage();
    for (const { item, index } of this.calls.values()) {
      item.status = 'completed';
      out += this.event('response.function_call_arguments.done', { item_id: item.id, output_index: index, arguments: item.arguments });
      out += this.event('response.output_item.done', { output_index: index, item: { ...item } });
    }
    const response = { ...(this.base ?? this.header('gen-unknown')), ...statusOf(this.finish), output: this.output, usage: usageOf(this.usage) };
    return out + this.event(response.status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
  }

  streamError(_status: number, body: unknown): string {
    const error = (body as { error?: { message?: string; code?: string; param?: string | null } })?.error;
    return this.event('error', { code: error?.code ?? 'server_error', message: error?.message ?? 'The provider stream failed', param: error?.param ?? null });
  }

  private header(generationId: string) {
    return { id: responseId(generationId), object: 'response', created_at: this.createdAt, model: this.request.model, error: null, ...echoedSettings(this.request) };
  }

  /** Text goes into one message item with one output_text part, opened on the first delta. */
  private text(delta: string): string {
    let out = '';
    if (!this.message) {
      const item: MessageOutput = { type: 'message', id: itemId('msg'), status: 'in_progress', role: 'assistant', content: [] };
      this.message = { item, index: this.output.push(item) - 1 };
      out += this.event('response.output_item.added', { output_index: this.message.index, item: { ...item, content: [] } });
      out += this.event('response.content_part.added', { item_id: item.id, output_index: this.message.index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      item.content.push({ type: 'output_text', text: '', annotations: [] });
    }
    const { item, index } = this.message;
    item.content[0]!.text += delta;
    return out + this.event('response.output_text.delta', { item_id: item.id, output_index: index, content_index: 0, delta, logprobs: [] });
  }

  private closeMessage(): string {
    if (!this.message || this.message.item.status === 'completed') return '';
    const { item, index } = this.message;
    item.status = 'completed';
    const part = item.content[0]!;
    return (
      this.event('response.output_text.done', { item_id: item.id, output_index: index, content_index: 0, text: part.text, logprobs: [] }) +
      this.event('response.content_part.done', { item_id: item.id, output_index: index, content_index: 0, part: { ...part } }) +
      this.event('response.output_item.done', { output_index: index, item: { ...item, content: [{ ...part }] } })
    );
  }

  private event(type: string, payload: Record<string, unknown>): string {
    return sseEvent(type, JSON.stringify({ type, sequence_number: this.sequence++, ...payload }));
  }
}
