import type { AdapterContext, EmbeddingsRequest, EmbeddingsResult, EmbeddingsSupport, UpstreamRequest } from '../core/adapter';
import type { ProviderInfo } from '@alltokens/catalog';
import { parseUpstream } from '../core/upstream-json';
import { embedResponseSchema } from './cohere.schema';

/** OpenAI's embeddings API has no input type; documents are the common case. `options.input_type` overrides it. */
const DEFAULT_INPUT_TYPE = 'search_document';

/** `POST /v2/embed` asking for floats only. */
export class CohereEmbeddings implements EmbeddingsSupport {
  constructor(private readonly headers: (provider: ProviderInfo) => Record<string, string>) {}

  buildRequest(request: EmbeddingsRequest, inputs: string[], { provider, endpoint }: AdapterContext): UpstreamRequest {
    const body: Record<string, unknown> = {
      model: endpoint.upstreamModel,
      texts: inputs,
      input_type: provider.options.input_type ?? DEFAULT_INPUT_TYPE,
      embedding_types: ['float'],
    };
    if (request.dimensions !== undefined) body.output_dimension = request.dimensions;
    return { url: `${provider.baseUrl}/v2/embed`, headers: this.headers(provider), body: JSON.stringify(body) };
  }

  parseResponse(json: unknown): EmbeddingsResult {
    const response = parseUpstream(embedResponseSchema, json, 'Cohere embed response');
    return { vectors: response.embeddings.float, promptTokens: response.meta?.billed_units?.input_tokens ?? 0 };
  }
}
