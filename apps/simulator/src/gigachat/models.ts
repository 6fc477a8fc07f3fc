import type { Exchange, Route } from '../personality';

const MODELS: Array<[id: string, type: 'chat' | 'embedder']> = [
  ['GigaChat', 'chat'],
  ['GigaChat-2', 'chat'],
  ['GigaChat-2-Pro', 'chat'],
  ['GigaChat-2-Max', 'chat'],
  ['Embeddings', 'embedder'],
  ['EmbeddingsGigaR', 'embedder'],
];

const modelObject = (id: string, type: string) => ({ id, object: 'model', owned_by: 'salutedevices', type });

export const listModelsRoute: Route = {
  method: 'GET',
  path: '/api/v1/models',
  prepare: (): Exchange => ({ respond: () => ({ kind: 'json', body: { data: MODELS.map(([id, type]) => modelObject(id, type)), object: 'list' } }) }),
};

/** Any id is "available": chat accepts any model too. */
export const retrieveModelRoute: Route = {
  method: 'GET',
  path: /^\/api\/v1\/models\/(.+)$/,
  prepare: ({ params }): Exchange => ({
    model: params[0],
    respond: () => ({ kind: 'json', body: modelObject(params[0]!, params[0]!.startsWith('Embeddings') ? 'embedder' : 'chat') }),
  }),
};
