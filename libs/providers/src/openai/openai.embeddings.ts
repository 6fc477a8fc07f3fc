import type { ProviderInfo } from '@alltokens/catalog';
import type { AdapterContext, EmbeddingsRequest, EmbeddingsResult, EmbeddingsSupport, UpstreamRequest } from '../core/adapter';
import type { OpenAiPreset } from '../openai-compatible/preset';

interface OpenAiEmbeddingsResponse {
  data?: Array<{ index: number; embedding: number[] }>;
  usage?: { prompt_tokens?: number };
}

/** `POST /embeddings`, always asking for floats (the gateway re-encodes base64 itself if the client wants it). */
export class OpenAiEmbeddings implements EmbeddingsSupport {
  constructor(
    private readonly preset: OpenAiPreset,
    private readonly headers: (provider: ProviderInfo) => Record<string, string>,
  ) {}

  buildRequest(request: EmbeddingsRequest, inputs: string[], { provider, endpoint }: AdapterContext): UpstreamRequest {
    const body: Record<string, unknown> = { model: endpoint.upstreamModel, input: inputs, encoding_format: 'float' };
    if (request.dimensions !== undefined) body.dimensions = request.dimensions;
    if (request.user !== undefined && !this.preset.drops?.includes('user')) body.user = request.user;
    return {
      url: this.preset.embeddingsUrl?.(provider, endpoint) ?? `${provider.baseUrl}/embeddings`,
      headers: this.headers(provider),
      body: JSON.stringify(body),
    };
  }

  parseResponse(json: unknown): EmbeddingsResult {
    const response = json as OpenAiEmbeddingsResponse;
    if (!Array.isArray(response?.data)) throw new Error('Upstream embeddings response has no data');
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
    return { vectors, promptTokens: response.usage?.prompt_tokens ?? 0 };
  }
}
