import type { ChatCompletionChunk, FinishReason, Usage } from '@alltokens/contracts';
import { type StreamEvent, type StreamTranslator, UpstreamStreamError } from '../core/adapter';
import { newId } from '../core/ids';
import { parseUpstream } from '../core/upstream-json';
import { blockedPrompt, finishReasonOf, summariseParts, usageOf } from './gemini.response';
import { responseSchema } from './gemini.schema';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

/**
 * Each SSE event is a whole `GenerateContentResponse` carrying the next piece of the candidate.
 * Function calls arrive complete in one event, so each becomes a single tool-call delta. The event
 * with `finishReason` also carries the final usage.
 */
export class GeminiStreamTranslator implements StreamTranslator {
  private readonly id = newId('gen-');
  private readonly created = Math.floor(Date.now() / 1000);
  private started = false;
  private toolCalls = 0;
  private usage?: Usage;

  constructor(private readonly model: string) {}

  translate({ data }: StreamEvent): ChatCompletionChunk[] {
    const response = parseUpstream(responseSchema, data, 'Gemini stream event');
    if (response.error) {
      const { status, code, message } = response.error;
      throw new UpstreamStreamError(status ?? String(code ?? 'upstream_error'), message ?? 'Gemini stream failed');
    }
    if (response.usageMetadata) this.usage = usageOf(response.usageMetadata);
    const candidate = response.candidates?.[0];
    const { text, reasoning, toolCalls } = summariseParts(candidate?.content?.parts ?? []);
    const delta: Delta = {};
    if (!this.started) delta.role = 'assistant';
    if (reasoning) delta.reasoning = reasoning;
    if (text) delta.content = text;
    if (toolCalls.length) {
      delta.tool_calls = toolCalls.map((call) => ({ index: this.toolCalls++, ...call }));
    }
    const chunks: ChatCompletionChunk[] = [];
    if (Object.keys(delta).length > 0) {
      if (!this.started && delta.content === undefined && !delta.tool_calls) delta.content = '';
      this.started = true;
      chunks.push(this.chunk(delta));
    }
    const finish = blockedPrompt(response) ? 'content_filter' : finishReasonOf(candidate?.finishReason, this.toolCalls > 0);
    if (finish) chunks.push(...this.finish(finish));
    return chunks;
  }

  private finish(reason: FinishReason): ChatCompletionChunk[] {
    const chunks = [this.chunk({}, reason)];
    if (this.usage) chunks.push({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage: this.usage });
    return chunks;
  }

  private chunk(delta: Delta, finishReason: FinishReason | null = null): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finishReason }] };
  }
}
