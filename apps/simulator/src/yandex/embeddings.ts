import { vectorOf } from '../openai/embeddings';
import type { Exchange, Route } from '../personality';
import { tokenCount } from '../tokens';
import { optInt64, requireObject, requireString } from './checks';
import { invalidArgument } from './errors';

/** Yandex's text-search models embed into 256 dimensions. */
const DIMENSIONS = 256;

/** `POST /foundationModels/v1/textEmbedding`: one text, `emb://<folder>/<model>` → `{embedding, numTokens, modelVersion}`. */
export const textEmbeddingRoute: Route = {
  method: 'POST',
  path: '/foundationModels/v1/textEmbedding',
  prepare({ body: raw }): Exchange {
    const body = requireObject(raw, 'request', ['modelUri', 'text', 'dim']);
    const modelUri = requireString(body.modelUri, 'modelUri');
    if (!/^emb:\/\/[^/]+\/.+$/.test(modelUri)) throw invalidArgument(`invalid modelUri "${modelUri}": expected emb://<folder_id>/<model>`);
    const text = requireString(body.text, 'text');
    const dimensions = optInt64(body.dim, 'dim', 1) ?? DIMENSIONS;
    return {
      model: modelUri,
      directiveText: text,
      respond: () => ({
        kind: 'json',
        body: { embedding: Array.from(vectorOf(text, dimensions)), numTokens: String(tokenCount(text)), modelVersion: '06.12.2023' },
      }),
    };
  },
};
