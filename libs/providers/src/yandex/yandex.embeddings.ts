import { ApiError } from '@alltokens/contracts';
import type { AdapterContext, EmbeddingsRequest, EmbeddingsResult, EmbeddingsSupport, UpstreamRequest } from '../core/adapter';
import { parseUpstream } from '../core/upstream-json';
import { modelUri, yandexHeaders } from './yandex.connection';
import { embeddingSchema } from './yandex.schema';

/**
 * `POST /foundationModels/v1/textEmbedding`: one text per call. The upstream id names the model,
 * e.g. `text-search-doc/latest` → `emb://<folder>/text-search-doc/latest`.
 */
export class YandexEmbeddings implements EmbeddingsSupport {
  maxInputs(): number {
    return 1;
  }

  buildRequest(request: EmbeddingsRequest, inputs: string[], { provider, endpoint }: AdapterContext): UpstreamRequest {
    if (inputs.length !== 1) {
      throw new ApiError(400, 'unsupported_input', `YandexGPT embeds one text per call; got ${inputs.length}`);
    }
    const body: Record<string, unknown> = { modelUri: modelUri('emb', provider, endpoint.upstreamModel), text: inputs[0] };
    if (request.dimensions !== undefined) body.dim = String(request.dimensions);
    return { url: `${provider.baseUrl}/foundationModels/v1/textEmbedding`, headers: yandexHeaders(provider), body: JSON.stringify(body) };
  }

  parseResponse(json: unknown): EmbeddingsResult {
    const response = parseUpstream(embeddingSchema, json, 'YandexGPT embedding');
    return { vectors: [response.embedding.map(Number)], promptTokens: Number(response.numTokens ?? 0) };
  }
}
