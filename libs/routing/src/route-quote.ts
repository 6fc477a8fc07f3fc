import type { Catalog, CatalogEndpoint } from '@alltokens/catalog';
import type { ChatCompletionRequest, EmbeddingsApiRequest, RoutingPolicy } from '@alltokens/contracts';
import { assessEndpoint, type AdapterExclusion } from './endpoint-filter';
import { parseModelSpec } from './model-spec';
import { policyDenied, policyExclusion } from './policy-filter';
import { allowedByOrder } from './ranking';
import { candidateModels, embeddingsEndpoints, filterContext, noEndpointError } from './route-candidates';
import { readRoutingOptions } from './routing-options';
import { estimateEmbeddingsTokens, estimatePromptTokens } from './token-estimate';

/** What the gateway cannot know: the wire formats' capabilities live with the adapters, in the router. */
const NO_ADAPTER_GAPS: AdapterExclusion = () => null;

/** Margin on our prompt-token count in the price ceiling: a provider's tokenizer may count more. */
const PROMPT_MARGIN = 1.1;
/** Output assumed when neither the request nor the endpoint caps it. */
const DEFAULT_MAX_OUTPUT = 4096;

/** What admission needs to know about a request that can be routed. */
export interface RouteQuote {
  /** Prompt tokens by the shared estimator (runs the tokenizer once, on first call). */
  promptTokens(): number;
  /** The output cap the request sets itself (0 when none): what a tokens-per-minute limit adds. */
  readonly outputTokens: number;
  /** The most the request can cost (USD) on any endpoint that may serve it: what a budget must hold. */
  maxCostUsd(): number;
}

function once<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

/**
 * Decides before anything is enqueued whether a request can be routed and what it may cost, by the
 * planner's own rules: routing fields, `models` fallbacks, the endpoint filter (provider preferences,
 * the capabilities the catalog declares: tools, images, JSON schema, context), `max_cost_per_1k_tokens`
 * and the caller's policies. Left to the router: health (it orders, never excludes) and what a wire
 * format's adapter cannot do (only the router holds adapters); such an endpoint is priced, so the
 * quote errs high. Throws what the router would answer (400, 403 policy_denied, 404). The scan over
 * candidate endpoints runs only when policies must be checked or a budget asks the price, so a request
 * with neither costs two map lookups.
 */
export class RouteQuoter {
  constructor(private readonly catalog: Catalog) {}

  chat(request: ChatCompletionRequest, policies: RoutingPolicy[], legacyCompletion = false): RouteQuote {
    const spec = parseModelSpec(request.model);
    const options = readRoutingOptions(request);
    const models = spec.kind === 'concrete' ? candidateModels(this.catalog, request.model, spec, options) : null;
    const exclude = policyExclusion(policies);
    const candidates = once(() => {
      const ctx = filterContext(request, spec, options, { adapterExclusion: NO_ADAPTER_GAPS, legacyCompletion });
      const reports: Array<{ endpointId: string; excluded: string | null }> = [];
      const denials = new Set<string>();
      const eligible: CatalogEndpoint[] = [];
      for (const model of models ?? this.catalog.models()) {
        for (const endpoint of model.endpoints) {
          const { excluded } = assessEndpoint(endpoint, ctx);
          reports.push({ endpointId: endpoint.id, excluded });
          if (excluded !== null || !allowedByOrder(ctx.preferences, endpoint)) continue;
          const denied = exclude?.(endpoint) ?? null;
          if (denied) denials.add(denied);
          else eligible.push(endpoint);
        }
      }
      if (eligible.length) return eligible;
      throw denials.size ? policyDenied(policies, denials) : noEndpointError(reports);
    });
    if (exclude) candidates();
    const promptTokens = once(() => estimatePromptTokens(request));
    const requested = request.max_completion_tokens ?? request.max_tokens ?? null;
    return {
      promptTokens,
      outputTokens: requested ?? 0,
      maxCostUsd: () => worstCost(candidates(), promptTokens(), (endpoint) => requested ?? endpoint.maxOutputTokens ?? DEFAULT_MAX_OUTPUT),
    };
  }

  embeddings(request: EmbeddingsApiRequest, policies: RoutingPolicy[]): RouteQuote {
    const exclude = policyExclusion(policies);
    const candidates = once(() => embeddingsEndpoints(this.catalog, request.model, exclude));
    // An unknown model is a 404 at once, as for chat.
    if (exclude || !this.catalog.model(request.model)) candidates();
    const promptTokens = once(() => estimateEmbeddingsTokens(request.input));
    return { promptTokens, outputTokens: 0, maxCostUsd: () => worstCost(candidates(), promptTokens(), () => 0) };
  }
}

function worstCost(endpoints: CatalogEndpoint[], promptTokens: number, outputOf: (endpoint: CatalogEndpoint) => number): number {
  const prompt = Math.ceil(promptTokens * PROMPT_MARGIN);
  let worst = 0;
  for (const endpoint of endpoints) {
    const { pricing } = endpoint;
    worst = Math.max(worst, prompt * pricing.prompt + outputOf(endpoint) * pricing.completion + pricing.request);
  }
  return worst;
}
