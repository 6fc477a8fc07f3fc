import type { ProviderInfo } from '@alltokens/catalog';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, FinishReason, Usage } from '@alltokens/contracts';
import type { AdapterContext, StreamEvent, StreamTranslator, TextCompletionSupport, UpstreamRequest } from '../core/adapter';
import { UpstreamStreamError } from '../core/adapter';
import type { OpenAiPreset } from '../openai-compatible/preset';

const TEXT_PARAMETERS = ['max_tokens', 'temperature', 'top_p', 'n', 'stop', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'seed', 'user'] as const;

interface TextCompletion {
  id: string;
  created: number;
  model: string;
  choices: Array<{ index: number; text: string; finish_reason: FinishReason | null }>;
  usage?: Usage | null;
  error?: { message?: string; code?: string; type?: string };
}

/** `POST /completions` for text-completion models (gpt-3.5-turbo-instruct, base models on vLLM...). */
export class OpenAiTextCompletions implements TextCompletionSupport {
  constructor(
    private readonly preset: OpenAiPreset,
    private readonly headers: (provider: ProviderInfo) => Record<string, string>,
  ) {}

  buildRequest(request: ChatCompletionRequest, prompt: string, { provider, endpoint }: AdapterContext, stream: boolean): UpstreamRequest {
    const body: Record<string, unknown> = { model: endpoint.upstreamModel, prompt };
    for (const name of TEXT_PARAMETERS) {
      const value = request[name];
      if (value !== undefined && value !== null && !this.preset.drops?.includes(name)) body[this.preset.renames?.[name] ?? name] = value;
    }
    if (stream) {
      body.stream = true;
      if (this.preset.streamOptions) body.stream_options = { include_usage: true };
    }
    const url = this.preset.chatUrl ? this.preset.chatUrl(provider, endpoint).replace('/chat/completions', '/completions') : `${provider.baseUrl}/completions`;
    return { url, headers: this.headers(provider), body: JSON.stringify(body) };
  }

  parseResponse(json: unknown): ChatCompletion {
    const completion = json as TextCompletion;
    if (!completion || !Array.isArray(completion.choices)) throw new Error('Upstream response has no choices');
    return {
      id: completion.id,
      object: 'chat.completion',
      created: completion.created,
      model: completion.model,
      choices: completion.choices.map(({ index, text, finish_reason }) => ({ index, message: { role: 'assistant', content: text }, finish_reason })),
      ...(completion.usage ? { usage: completion.usage } : {}),
    };
  }

  createStreamTranslator(): StreamTranslator {
    return {
      translate(event: StreamEvent): ChatCompletionChunk[] {
        const chunk = event.data as TextCompletion;
        if (chunk.error) throw new UpstreamStreamError(String(chunk.error.code ?? chunk.error.type ?? 'upstream_error'), chunk.error.message ?? 'Upstream error');
        return [
          {
            id: chunk.id,
            object: 'chat.completion.chunk',
            created: chunk.created,
            model: chunk.model,
            choices: (chunk.choices ?? []).map(({ index, text, finish_reason }) => ({ index, delta: { content: text }, finish_reason })),
            ...(chunk.usage ? { usage: chunk.usage } : {}),
          },
        ];
      },
    };
  }
}
