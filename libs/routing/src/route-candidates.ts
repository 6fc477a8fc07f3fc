import type { Catalog, CatalogEndpoint, CatalogModel } from '@alltokens/catalog';
import { ApiError, type ChatCompletionRequest } from '@alltokens/contracts';
import type { FilterContext } from './endpoint-filter';
import { isFreeOnly, type ModelSpec } from './model-spec';
import { requestNeeds } from './request-needs';
import type { RoutingOptions } from './routing-options';

/**
 * The models that may serve a request: a concrete model and whichever of its `models` fallbacks exist,
 * or every model for `router` and `free`. A concrete model none of which exists is a 404.
 */
export function candidateModels(catalog: Catalog, requestedModel: string, spec: ModelSpec, options: RoutingOptions): CatalogModel[] {
  if (spec.kind !== 'concrete') return catalog.models();
  const models: CatalogModel[] = [];
  for (const id of [spec.modelId, ...options.fallbackModels]) {
    const model = catalog.model(id);
    if (model) models.push(model);
  }
  if (!models.length) throw new ApiError(404, 'model_not_found', `Model '${requestedModel}' does not exist or is not served here`, 'model');
  return models;
}

/** What the endpoint filter needs to know about one request. */
export function filterContext(
  request: ChatCompletionRequest,
  spec: ModelSpec,
  options: RoutingOptions,
  extras: Pick<FilterContext, 'adapterExclusion' | 'exclude' | 'legacyCompletion'>,
): FilterContext {
  return { needs: requestNeeds(request), preferences: options.preferences, freeOnly: isFreeOnly(spec), maxCostPer1k: options.maxCostPer1k, ...extras };
}

/** The 400 for a request no endpoint can serve, naming every reason an endpoint was excluded. */
export function noEndpointError(reports: ReadonlyArray<{ endpointId: string; excluded: string | null }>): ApiError {
  const reasons = [...new Set(reports.map((r) => r.excluded).filter(Boolean))];
  const detail = reasons.length ? `: ${reasons.join('; ')}` : '';
  return new ApiError(400, 'no_endpoint_available', `No endpoint can serve this request${detail}`, null, {
    excluded: reports.map(({ endpointId, excluded }) => ({ endpoint: endpointId, reason: excluded })),
  });
}

type Exclusion = (endpoint: CatalogEndpoint) => string | null;

/**
 * The endpoints of embeddings model `modelId` a caller may use, in catalog order: 404 for an unknown
 * model, 400 naming every reason when none qualifies. `adapterGap` says why a provider's wire format
 * cannot embed (the router knows its adapters; the gateway does not).
 */
export function embeddingsEndpoints(catalog: Catalog, modelId: string, exclude?: Exclusion, adapterGap?: Exclusion): CatalogEndpoint[] {
  const model = catalog.model(modelId);
  if (!model) throw new ApiError(404, 'model_not_found', `Model '${modelId}' does not exist or is not served here`, 'model');
  const reasons: string[] = [];
  const eligible = model.endpoints.filter((endpoint) => {
    const reason =
      endpoint.type !== 'embeddings' ? 'not an embeddings model'
      : endpoint.status !== 'active' ? 'endpoint disabled'
      : (adapterGap?.(endpoint) ?? exclude?.(endpoint) ?? null);
    if (reason) reasons.push(`${endpoint.id}: ${reason}`);
    return !reason;
  });
  if (!eligible.length) throw new ApiError(400, 'no_endpoint_available', `No endpoint can serve embeddings for '${modelId}': ${reasons.join('; ')}`, 'model');
  return eligible;
}
