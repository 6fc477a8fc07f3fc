import type { ChatCompletionChunk, FinishReason, Usage } from '@alltokens/contracts';
import { type StreamEvent, type StreamTranslator, UpstreamStreamError } from '../core/adapter';
import { newId } from '../core/ids';
import { parseUpstream } from '../core/upstream-json';
import { FINISH_REASONS, toToolCalls, toUsage } from './yandex.response';
import { streamLineSchema, type YandexAlternative } from './yandex.schema';
import { yandexErrorCode } from './yandex.errors';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

interface ChoiceState {
  /** The text already relayed: YandexGPT resends everything generated so far in each result. */
  text: string;
  roleSent: boolean;
  finished: boolean;
}

/** Cumulative `{"result": ...}` lines in, OpenAI deltas out. */
export class YandexStreamTranslator implements StreamTranslator {
  private readonly id = newId('chatcmpl-');
  private readonly created = Math.floor(Date.now() / 1000);
  private readonly choices = new Map<number, ChoiceState>();
  private usageSent = false;

  constructor(private readonly model: string) {}

  translate(event: StreamEvent): ChatCompletionChunk[] {
    const data = parseUpstream(streamLineSchema, event.data, 'YandexGPT stream line');
    if (data.error) throw new UpstreamStreamError(yandexErrorCode(data.error), data.error.message ?? 'YandexGPT stream failed');
    const result = data.result;
    if (!result?.alternatives) return [];
    const chunks = result.alternatives.flatMap((alternative, index) => this.alternative(alternative, index));
    const done = this.choices.size > 0 && [...this.choices.values()].every((choice) => choice.finished);
    if (done && result.usage && !this.usageSent) {
      this.usageSent = true;
      chunks.push(this.chunk([], toUsage(result.usage)));
    }
    return chunks;
  }

  private alternative(alternative: YandexAlternative, index: number): ChatCompletionChunk[] {
    const state = this.choices.get(index) ?? { text: '', roleSent: false, finished: false };
    this.choices.set(index, state);
    if (state.finished) return [];
    const deltas: Delta[] = [];
    const text = alternative.message?.text ?? '';
    // Earlier text may still be revised before the final result; what was relayed cannot be taken back.
    if (text.length > state.text.length) deltas.push({ content: text.slice(state.text.length) });
    state.text = text;
    const toolCallList = alternative.message?.toolCallList;
    if (toolCallList) {
      toToolCalls(toolCallList).forEach((call, k) => {
        deltas.push({ tool_calls: [{ index: k, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
        deltas.push({ tool_calls: [{ index: k, function: { arguments: call.function.arguments } }] });
      });
    }
    const finish = FINISH_REASONS[alternative.status ?? ''];
    if (finish && !state.roleSent && deltas.length === 0) deltas.push({ content: '' });
    const chunks = deltas.map((delta) => this.choiceChunk(index, this.withRole(state, delta), null));
    if (finish) {
      state.finished = true;
      chunks.push(this.choiceChunk(index, {}, finish));
    }
    return chunks;
  }

  private withRole(state: ChoiceState, delta: Delta): Delta {
    if (state.roleSent) return delta;
    state.roleSent = true;
    return { role: 'assistant', ...delta };
  }

  private choiceChunk(index: number, delta: Delta, finishReason: FinishReason | null): ChatCompletionChunk {
    return this.chunk([{ index, delta, finish_reason: finishReason }]);
  }

  private chunk(choices: ChatCompletionChunk['choices'], usage?: Usage): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices, ...(usage && { usage }) };
  }
}
