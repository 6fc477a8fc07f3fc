import type { Catalog, CatalogEndpoint, CatalogModel } from '@alltokens/catalog';
import type { ChatCompletionRequest } from '@alltokens/contracts';
import { assessEndpoint, type AdapterExclusion } from './endpoint-filter';
import type { EndpointHealth } from './health-store';
import { parseModelSpec } from './model-spec';
import { rankEndpoints, scoreModels, type Balancing } from './ranking';
import { candidateModels, filterContext, noEndpointError } from './route-candidates';
import { REASON_BY_OBJECTIVE, type CandidateReport, type RoutePlan } from './route-plan';
import { readRoutingOptions } from './routing-options';

/** How many models `router` tries, best first, before giving up. */
const AUTO_MODEL_FALLBACKS = 3;

export interface PlanInput {
  request: ChatCompletionRequest;
  health: ReadonlyMap<string, EndpointHealth>;
  adapterExclusion: AdapterExclusion;
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
    const ctx = filterContext(request, spec, options, { exclude, adapterExclusion, legacyCompletion });
    const { needs } = ctx;
    const reports: CandidateReport[] = [];
    const eligible = (model: CatalogModel) =>
      model.endpoints.filter((endpoint) => {
        const { excluded, costPer1k } = assessEndpoint(endpoint, ctx);
        reports.push({ endpointId: endpoint.id, modelId: model.id, providerId: endpoint.providerId, excluded, rank: null, score: null, costPer1k, breakerOpen: health.get(endpoint.id)?.breakerOpen ?? false });
        return excluded === null;
      });

    let endpoints: CatalogEndpoint[];
    let plan: Pick<RoutePlan, 'mode' | 'decisionReason' | 'objective'>;
    if (spec.kind === 'concrete') {
      const models = candidateModels(this.catalog, request.model, spec, options);
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
    if (!endpoints.length) throw noEndpointError(reports);
    return { ...plan, endpoints, reports };
  }
}
