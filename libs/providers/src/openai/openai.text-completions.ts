import type { ProviderInfo } from '@alltokens/catalog';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@alltokens/contracts';
import type { AdapterContext, StreamEvent, StreamTranslator, TextCompletionSupport, UpstreamRequest } from '../core/adapter';
import type { ParameterTable, ChatParameters } from '../core/parameters';
import { parseUpstream } from '../core/upstream-json';
import type { OpenAiPreset } from '../openai-compatible/preset';
import { throwIfStreamError } from './openai.errors';
import { textParameters } from './openai.parameters';
import { textCompletionSchema } from './openai.schema';

/** `POST /completions` for text-completion models (gpt-3.5-turbo-instruct, base models on vLLM...). */
export class OpenAiTextCompletions implements TextCompletionSupport {
  private readonly parameters: ParameterTable<ChatParameters>;

  constructor(
    private readonly preset: OpenAiPreset,
    private readonly headers: (provider: ProviderInfo) => Record<string, string>,
  ) {
    this.parameters = textParameters(preset);
  }

  buildRequest(request: ChatCompletionRequest, prompt: string, { provider, endpoint }: AdapterContext, stream: boolean): UpstreamRequest {
    const body: Record<string, unknown> = { model: endpoint.upstreamModel, prompt, ...this.parameters.apply(request, undefined) };
    if (stream) {
      body.stream = true;
      if (this.preset.streamOptions) body.stream_options = { include_usage: true };
    }
    const url = this.preset.chatUrl ? this.preset.chatUrl(provider, endpoint).replace('/chat/completions', '/completions') : `${provider.baseUrl}/completions`;
    return { url, headers: this.headers(provider), body: JSON.stringify(body) };
  }

  parseResponse(json: unknown): ChatCompletion {
    const completion = parseUpstream(textCompletionSchema, json, 'OpenAI text completion');
    return {
      id: completion.id,
      object: 'chat.completion',
      created: completion.created,
      model: completion.model,
      choices: completion.choices.map(({ index, text, finish_reason }) => ({ index, message: { role: 'assistant', content: text }, finish_reason: finish_reason ?? null })),
      ...(completion.usage ? { usage: completion.usage } : {}),
    };
  }

  createStreamTranslator(): StreamTranslator {
    return {
      translate({ data }: StreamEvent): ChatCompletionChunk[] {
        throwIfStreamError(data);
        const chunk = parseUpstream(textCompletionSchema, data, 'OpenAI text completion chunk');
        return [
          {
            id: chunk.id,
            object: 'chat.completion.chunk',
            created: chunk.created,
            model: chunk.model,
            choices: chunk.choices.map(({ index, text, finish_reason }) => ({ index, delta: { content: text }, finish_reason: finish_reason ?? null })),
            ...(chunk.usage ? { usage: chunk.usage } : {}),
          },
        ];
      },
    };
  }
}
