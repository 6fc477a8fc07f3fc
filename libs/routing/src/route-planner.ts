import type { Catalog, CatalogEndpoint, CatalogModel } from '@alltokens/catalog';
import type { ChatCompletionRequest } from '@alltokens/contracts';
import { assessEndpoint, type AdapterExclusion } from './endpoint-filter';
import { DEMOTION_SCORE, DISABLED_FIDELITY, fidelityExclusion, type FidelityPolicy } from './fidelity/fidelity';
import type { EndpointHealth } from './health-store';
import { parseModelSpec } from './model-spec';
import { endpointFidelity, rankEndpoints, scoreModels, type Balancing } from './ranking';
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
  /** How measured fidelity (in `health`) excludes and ranks endpoints; off when absent. */
  fidelity?: FidelityPolicy;
}

/** Turns a request into the ordered endpoints to try and the record of why. */
export class RoutePlanner {
  constructor(private readonly catalog: Catalog) {}

  plan({ request, health, adapterExclusion, exclude, balancing, legacyCompletion, fidelity = DISABLED_FIDELITY }: PlanInput): RoutePlan {
    const spec = parseModelSpec(request.model);
    const options = readRoutingOptions(request);
    const ctx = filterContext(request, spec, options, { exclude, adapterExclusion, legacyCompletion });
    const { needs } = ctx;
    const reports: CandidateReport[] = [];
    /** Endpoints measured fidelity rules out: kept as a last resort, should nothing else qualify. */
    const held: CatalogEndpoint[] = [];
    const eligible = (model: CatalogModel) =>
      model.endpoints.filter((endpoint) => {
        const assessed = assessEndpoint(endpoint, ctx);
        const measured = health.get(endpoint.id)?.fidelity;
        const unfaithful = assessed.excluded === null ? fidelityExclusion(measured, { tools: needs.tools, json: needs.jsonOutput }, fidelity) : null;
        const score = fidelity.enabled && measured ? endpointFidelity(endpoint, needs, health, fidelity) : null;
        reports.push({
          endpointId: endpoint.id,
          modelId: model.id,
          providerId: endpoint.providerId,
          excluded: assessed.excluded ?? unfaithful,
          rank: null,
          score: null,
          costPer1k: assessed.costPer1k,
          breakerOpen: health.get(endpoint.id)?.breakerOpen ?? false,
          fidelity: score,
          demotedByFidelity: unfaithful !== null || (score !== null && score < DEMOTION_SCORE),
        });
        if (unfaithful) held.push(endpoint);
        return assessed.excluded === null && unfaithful === null;
      });
    const rank = (list: CatalogEndpoint[], preferences = options.preferences) => rankEndpoints(list, preferences, needs, health, balancing, Math.random, fidelity);

    let endpoints: CatalogEndpoint[];
    let plan: Pick<RoutePlan, 'mode' | 'decisionReason' | 'objective'>;
    if (spec.kind === 'concrete') {
      const models = candidateModels(this.catalog, request.model, spec, options);
      const sort = spec.variant === 'nitro' ? 'throughput' : spec.variant === 'floor' ? 'price' : options.preferences.sort;
      endpoints = models.flatMap((model) => rank(eligible(model), { ...options.preferences, sort }));
      const single = models.length === 1 && models[0]!.endpoints.length === 1;
      plan = { mode: single ? 'fixed' : 'provider', decisionReason: 'fixed_model', objective: null };
    } else {
      const objective = spec.kind === 'auto' ? (spec.objective ?? options.objective) : 'cheapest';
      const pool = this.catalog.models().map((model) => ({ model, endpoints: eligible(model) })).filter((entry) => entry.endpoints.length);
      const ranked = scoreModels(pool, objective, needs, health, fidelity).slice(0, AUTO_MODEL_FALLBACKS);
      endpoints = ranked.flatMap(({ endpoints: modelEndpoints }) => rank(modelEndpoints));
      plan = { mode: 'model', decisionReason: spec.kind === 'free' ? 'cheapest_under_budget' : REASON_BY_OBJECTIVE[objective], objective };
      for (const { model, score } of ranked) for (const report of reports) if (report.modelId === model.id) report.score = score;
    }
    // Fidelity never turns a request that can be served into a 400: with nothing else left, the held ones serve.
    if (!endpoints.length && held.length) {
      endpoints = rank(held);
      for (const report of reports) if (held.some((endpoint) => endpoint.id === report.endpointId)) report.excluded = null;
    }
    endpoints.forEach((endpoint, index) => {
      const report = reports.find((r) => r.endpointId === endpoint.id && r.excluded === null);
      if (report) report.rank = index + 1;
    });
    if (!endpoints.length) throw noEndpointError(reports);
    return { ...plan, endpoints, reports };
  }
}
