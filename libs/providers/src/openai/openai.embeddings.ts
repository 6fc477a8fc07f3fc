import type { ProviderInfo } from '@alltokens/catalog';
import type { AdapterContext, EmbeddingsRequest, EmbeddingsResult, EmbeddingsSupport, UpstreamRequest } from '../core/adapter';
import { ParameterTable } from '../core/parameters';
import { parseUpstream } from '../core/upstream-json';
import type { OpenAiPreset } from '../openai-compatible/preset';
import { embeddingsSchema } from './openai.schema';

/** `POST /embeddings`, always asking for floats (the gateway re-encodes base64 itself if the client wants it). */
export class OpenAiEmbeddings implements EmbeddingsSupport {
  private readonly parameters: ParameterTable<EmbeddingsRequest>;

  constructor(
    private readonly preset: OpenAiPreset,
    private readonly headers: (provider: ProviderInfo) => Record<string, string>,
  ) {
    this.parameters = new ParameterTable<EmbeddingsRequest>([{ from: 'dimensions', to: 'dimensions' }, preset.drops?.includes('user') ? { drop: ['user'] } : { from: 'user', to: 'user' }]);
  }

  buildRequest(request: EmbeddingsRequest, inputs: string[], { provider, endpoint }: AdapterContext): UpstreamRequest {
    const body = { model: endpoint.upstreamModel, input: inputs, encoding_format: 'float', ...this.parameters.apply(request, undefined) };
    return {
      url: this.preset.embeddingsUrl?.(provider, endpoint) ?? `${provider.baseUrl}/embeddings`,
      headers: this.headers(provider),
      body: JSON.stringify(body),
    };
  }

  parseResponse(json: unknown): EmbeddingsResult {
    const response = parseUpstream(embeddingsSchema, json, 'OpenAI embeddings response');
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
    return { vectors, promptTokens: response.usage?.prompt_tokens ?? 0 };
  }
}
