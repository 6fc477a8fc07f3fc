import type { Exchange, Instance, Route } from '../personality';

// A fixed creation time keeps `/v1/models` byte-stable across runs.
const CREATED = 1_700_000_000;

const modelObject = (id: string) => ({ id, object: 'model', created: CREATED, owned_by: 'system' });

export const listModelsRoute: Route = {
  method: 'GET',
  path: '/v1/models',
  prepare: (): Exchange => ({
    respond: (_behaviour, instance: Instance) => ({ kind: 'json', body: { object: 'list', data: instance.models.map(modelObject) } }),
  }),
};

/** Any id is "available": the generation endpoints accept any model too. */
export const retrieveModelRoute: Route = {
  method: 'GET',
  path: /^\/v1\/models\/(.+)$/,
  prepare: ({ params }): Exchange => ({ model: params[0], respond: () => ({ kind: 'json', body: modelObject(params[0]!) }) }),
};
