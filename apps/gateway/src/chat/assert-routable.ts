import type { Catalog } from '@alltokens/catalog';
import { ApiError, type ChatCompletionRequest } from '@alltokens/contracts';
import { parseModelSpec, readRoutingOptions } from '@alltokens/routing';

/**
 * Cheap checks before a job is enqueued: the routing fields are well formed and a concrete model
 * (or one of its `models` fallbacks) exists. The router does the full plan.
 */
export function assertRoutable(catalog: Catalog, request: ChatCompletionRequest): void {
  const options = readRoutingOptions(request);
  const spec = parseModelSpec(request.model);
  if (spec.kind !== 'concrete') return;
  if (catalog.model(spec.modelId) || options.fallbackModels.some((id) => catalog.model(id))) return;
  throw new ApiError(404, 'model_not_found', `Model '${request.model}' does not exist or is not served here`, 'model');
}
