import type { ChatCompletion, ChatCompletionChunk } from '@alltokens/contracts';
import type { ReplyPresenter } from '../chat/reply-writer';
import { SSE_DONE, sseData } from '../http/sse';

/** Chat replies in the legacy `text_completion` shape; `echo` puts the prompt before the text. */
export class TextCompletionPresenter implements ReplyPresenter {
  private echoed = false;

  constructor(private readonly echoPrompt: string | null) {}

  body(json: string): string {
    const completion = JSON.parse(json) as ChatCompletion;
    return JSON.stringify({
      id: completion.id,
      object: 'text_completion',
      created: completion.created,
      model: completion.model,
      provider: completion.provider,
      choices: completion.choices.map((choice) => ({
        text: (this.echoPrompt ?? '') + (choice.message.content ?? ''),
        index: choice.index,
        logprobs: null,
        finish_reason: choice.finish_reason,
      })),
      usage: completion.usage,
      alltokens_route: completion.alltokens_route,
    });
  }

  chunk(json: string): string {
    const chunk = JSON.parse(json) as ChatCompletionChunk;
    const choices = chunk.choices.map((choice) => {
      let text = choice.delta.content ?? '';
      if (!this.echoed && this.echoPrompt !== null && choice.index === 0) {
        text = this.echoPrompt + text;
        this.echoed = true;
      }
      return { text, index: choice.index, logprobs: null, finish_reason: choice.finish_reason };
    });
    const out = { id: chunk.id, object: 'text_completion', created: chunk.created, model: chunk.model, choices, ...(chunk.usage ? { usage: chunk.usage } : {}) };
    return sseData(JSON.stringify(out));
  }

  end(): string {
    return SSE_DONE;
  }

  streamError(_status: number, body: unknown): string {
    return sseData(JSON.stringify(body));
  }
}
