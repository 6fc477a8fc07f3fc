import type { AdapterContext, EmbeddingsRequest, EmbeddingsResult, EmbeddingsSupport, UpstreamRequest } from '../core/adapter';
import { parseUpstream } from '../core/upstream-json';
import type { GoogleApi } from './gemini.api';
import { batchEmbeddingsSchema, predictionsSchema } from './gemini.schema';

/** How one Google API embeds texts: the model method it calls, its body and its answer. */
export interface EmbeddingsWire {
  method: string;
  body(model: string, inputs: string[], dimensions: number | undefined): Record<string, unknown>;
  parse(json: unknown, inputs: string[]): EmbeddingsResult;
}

// batchEmbedContents reports no token count; Google's rule of thumb is about 4 characters per token.
const estimateTokens = (inputs: string[]): number => inputs.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);

/** AI Studio: `models/{m}:batchEmbedContents` → `embeddings[].values`. */
export const BATCH_EMBED_CONTENTS: EmbeddingsWire = {
  method: 'batchEmbedContents',
  body: (model, inputs, dimensions) => ({
    requests: inputs.map((text) => ({
      model: `models/${model}`,
      content: { parts: [{ text }] },
      ...(dimensions !== undefined && { outputDimensionality: dimensions }),
    })),
  }),
  parse(json, inputs) {
    const { embeddings } = parseUpstream(batchEmbeddingsSchema, json, 'Gemini batchEmbedContents response');
    return { vectors: embeddings.map((embedding) => embedding.values ?? []), promptTokens: estimateTokens(inputs) };
  },
};

/** Vertex AI: `models/{m}:predict` with one instance per text → `predictions[].embeddings`. */
export const VERTEX_PREDICT: EmbeddingsWire = {
  method: 'predict',
  body: (_model, inputs, dimensions) => ({
    instances: inputs.map((content) => ({ content })),
    ...(dimensions !== undefined && { parameters: { outputDimensionality: dimensions } }),
  }),
  parse(json) {
    const { predictions } = parseUpstream(predictionsSchema, json, 'Vertex AI predict response');
    return {
      vectors: predictions.map((prediction) => prediction.embeddings?.values ?? []),
      promptTokens: predictions.reduce((sum, prediction) => sum + (prediction.embeddings?.statistics?.token_count ?? 0), 0),
    };
  },
};

export class GoogleEmbeddings implements EmbeddingsSupport {
  constructor(private readonly api: GoogleApi) {}

  buildRequest(request: EmbeddingsRequest, inputs: string[], { provider, endpoint }: AdapterContext): UpstreamRequest {
    const { embeddings } = this.api;
    return {
      url: `${this.api.modelUrl(provider, endpoint.upstreamModel)}:${embeddings.method}`,
      headers: this.api.headers(provider),
      body: JSON.stringify(embeddings.body(endpoint.upstreamModel, inputs, request.dimensions)),
    };
  }

  parseResponse(json: unknown, inputs: string[]): EmbeddingsResult {
    return this.api.embeddings.parse(json, inputs);
  }
}
