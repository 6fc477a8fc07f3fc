import type { Catalog, CatalogEndpoint, CatalogModel } from '@alltokens/catalog';
import { ApiError, type ChatCompletionRequest } from '@alltokens/contracts';
import { costPer1k, exclusionReason, type FilterContext } from './endpoint-filter';
import type { EndpointHealth } from './health-store';
import { parseModelSpec } from './model-spec';
import { rankEndpoints, scoreModels, type Balancing } from './ranking';
import { requestNeeds } from './request-needs';
import { REASON_BY_OBJECTIVE, type CandidateReport, type RoutePlan } from './route-plan';
import { readRoutingOptions } from './routing-options';

/** How many models `router` tries, best first, before giving up. */
const AUTO_MODEL_FALLBACKS = 3;

export interface PlanInput {
  request: ChatCompletionRequest;
  health: ReadonlyMap<string, EndpointHealth>;
  adapterExclusion: FilterContext['adapterExclusion'];
  legacyCompletion?: boolean;
  exclude?: (endpoint: CatalogEndpoint) => string | null;
  /** How endpoints of one model share traffic when the request sets no `sort` (default cheapest first). */
  balancing?: Balancing;
}

/** Turns a request into the ordered endpoints to try and the record of why. */
export class RoutePlanner {
  constructor(private readonly catalog: Catalog) {}

  plan({ request, health, adapterExclusion, exclude, balancing, legacyCompletion }: PlanInput): RoutePlan {
    const spec = parseModelSpec(request.model);
    const options = readRoutingOptions(request);
    const needs = requestNeeds(request);
    const freeOnly = spec.kind === 'free' || (spec.kind === 'concrete' && spec.variant === 'free');
    const ctx: FilterContext = { needs, preferences: options.preferences, freeOnly, exclude, adapterExclusion, legacyCompletion };
    const reports: CandidateReport[] = [];
    const eligible = (model: CatalogModel) =>
      model.endpoints.filter((endpoint) => {
        let reason = exclusionReason(endpoint, ctx);
        const cost = costPer1k(endpoint, needs);
        if (!reason && options.maxCostPer1k !== null && cost > options.maxCostPer1k) reason = 'above max_cost_per_1k_tokens';
        reports.push({ endpointId: endpoint.id, modelId: model.id, providerId: endpoint.providerId, excluded: reason, rank: null, score: null, costPer1k: cost, breakerOpen: health.get(endpoint.id)?.breakerOpen ?? false });
        return reason === null;
      });

    let endpoints: CatalogEndpoint[];
    let plan: Pick<RoutePlan, 'mode' | 'decisionReason' | 'objective'>;
    if (spec.kind === 'concrete') {
      const modelIds = [spec.modelId, ...options.fallbackModels];
      const models = modelIds.map((id) => this.catalog.model(id)).filter((m): m is CatalogModel => Boolean(m));
      if (!this.catalog.model(spec.modelId) && !models.length) {
        throw new ApiError(404, 'model_not_found', `Model '${spec.modelId}' does not exist or is not served here`, 'model');
      }
      const sort = spec.variant === 'nitro' ? 'throughput' : spec.variant === 'floor' ? 'price' : options.preferences.sort;
      endpoints = models.flatMap((model) => rankEndpoints(eligible(model), { ...options.preferences, sort }, needs, health, balancing));
      const single = models.length === 1 && models[0]!.endpoints.length === 1;
      plan = { mode: single ? 'fixed' : 'provider', decisionReason: 'fixed_model', objective: null };
    } else {
      const objective = spec.kind === 'auto' ? (spec.objective ?? options.objective) : 'cheapest';
      const pool = this.catalog.models().map((model) => ({ model, endpoints: eligible(model) })).filter((entry) => entry.endpoints.length);
      const ranked = scoreModels(pool, objective, needs, health).slice(0, AUTO_MODEL_FALLBACKS);
      endpoints = ranked.flatMap(({ endpoints: modelEndpoints }) => rankEndpoints(modelEndpoints, options.preferences, needs, health, balancing));
      plan = { mode: 'model', decisionReason: spec.kind === 'free' ? 'cheapest_under_budget' : REASON_BY_OBJECTIVE[objective], objective };
      for (const { model, score } of ranked) for (const report of reports) if (report.modelId === model.id) report.score = score;
    }
    endpoints.forEach((endpoint, index) => {
      const report = reports.find((r) => r.endpointId === endpoint.id && r.excluded === null);
      if (report) report.rank = index + 1;
    });
    if (!endpoints.length) throw noEndpoint(reports);
    return { ...plan, endpoints, reports };
  }
}

function noEndpoint(reports: CandidateReport[]): ApiError {
  const reasons = [...new Set(reports.map((r) => r.excluded).filter(Boolean))];
  const detail = reasons.length ? `: ${reasons.join('; ')}` : '';
  return new ApiError(400, 'no_endpoint_available', `No endpoint can serve this request${detail}`, null, {
    excluded: reports.map(({ endpointId, excluded }) => ({ endpoint: endpointId, reason: excluded })),
  });
}
