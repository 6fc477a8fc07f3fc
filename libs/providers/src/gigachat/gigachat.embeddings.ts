import type { ProviderInfo } from '@alltokens/catalog';
import type { AdapterContext, EmbeddingsRequest, EmbeddingsResult, EmbeddingsSupport, UpstreamRequest } from '../core/adapter';
import { parseUpstream } from '../core/upstream-json';
import { embeddingsSchema } from './gigachat.schema';

/** `POST /embeddings` with `{model, input: [...]}`; each item reports its own token count. */
export class GigaChatEmbeddings implements EmbeddingsSupport {
  constructor(private readonly headers: (provider: ProviderInfo) => Promise<Record<string, string>>) {}

  async buildRequest(_request: EmbeddingsRequest, inputs: string[], { provider, endpoint }: AdapterContext): Promise<UpstreamRequest> {
    return {
      url: `${provider.baseUrl}/embeddings`,
      headers: await this.headers(provider),
      body: JSON.stringify({ model: endpoint.upstreamModel, input: inputs }),
    };
  }

  parseResponse(json: unknown): EmbeddingsResult {
    const response = parseUpstream(embeddingsSchema, json, 'GigaChat embeddings response');
    const items = [...response.data].sort((a, b) => a.index - b.index);
    return {
      vectors: items.map((item) => item.embedding),
      promptTokens: items.reduce((sum, item) => sum + (item.usage?.prompt_tokens ?? 0), 0),
    };
  }
}
