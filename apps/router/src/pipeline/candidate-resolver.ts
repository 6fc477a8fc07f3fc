import type { Catalog, CatalogEndpoint, ProviderInfo } from '@alltokens/catalog';
import { ApiError, type ChatCompletionRequest, type RoutingPolicy } from '@alltokens/contracts';
import { capabilityGap, type AdapterRegistry, type ProviderAdapter } from '@alltokens/providers';
import { policyExclusion, RoutePlanner, type Balancing, type RequestNeeds, type RoutePlan } from '@alltokens/routing';
import type { HealthSnapshot } from '../routing/health-snapshot';

export interface Candidate {
  endpoint: CatalogEndpoint;
  provider: ProviderInfo;
  adapter: ProviderAdapter;
}

export interface Resolution {
  plan: RoutePlan;
  candidates: Candidate[];
}

/** Plans the route (model choice, provider preferences, health) and pairs each endpoint with its adapter. */
export class CandidateResolver {
  private readonly planner: RoutePlanner;

  constructor(
    private readonly catalog: Catalog,
    private readonly adapters: AdapterRegistry,
    private readonly health: Pick<HealthSnapshot, 'current'>,
    private readonly balancing: Balancing = 'price-weighted',
  ) {
    this.planner = new RoutePlanner(catalog);
  }

  resolve(request: ChatCompletionRequest, policies: RoutingPolicy[] = [], legacyCompletion = false): Resolution {
    const plan = this.planner.plan({
      legacyCompletion,
      request,
      health: this.health.current(),
      adapterExclusion: (endpoint, needs) => this.adapterExclusion(endpoint, needs),
      exclude: policyExclusion(policies),
      balancing: this.balancing,
    });
    const candidates = plan.endpoints.map((endpoint) => ({
      endpoint,
      provider: this.providerFor(endpoint.providerId)!,
      adapter: this.adapterFor(endpoint.providerId)!,
    }));
    return { plan, candidates };
  }

  /** Embeddings endpoints of `modelId` this caller may use, cheapest first, open breakers last. */
  resolveEmbeddings(modelId: string, policies: RoutingPolicy[] = []): Candidate[] {
    const model = this.catalog.model(modelId);
    if (!model) throw new ApiError(404, 'model_not_found', `Model '${modelId}' does not exist or is not served here`, 'model');
    const exclude = policyExclusion(policies);
    const reasons: string[] = [];
    const eligible = model.endpoints.filter((endpoint) => {
      const reason =
        endpoint.type !== 'embeddings'
          ? 'not an embeddings model'
          : endpoint.status !== 'active'
            ? 'endpoint disabled'
            : !this.adapterFor(endpoint.providerId)?.embeddings
              ? 'provider format has no embeddings API'
              : (exclude?.(endpoint) ?? null);
      if (reason) reasons.push(`${endpoint.id}: ${reason}`);
      return !reason;
    });
    if (!eligible.length) throw new ApiError(400, 'no_endpoint_available', `No endpoint can serve embeddings for '${modelId}': ${reasons.join('; ')}`, 'model');
    const health = this.health.current();
    const open = (endpointId: string) => (health.get(endpointId)?.breakerOpen ? 1 : 0);
    return eligible
      .sort((a, b) => open(a.id) - open(b.id) || a.pricing.prompt - b.pricing.prompt)
      .map((endpoint) => ({ endpoint, provider: this.providerFor(endpoint.providerId)!, adapter: this.adapterFor(endpoint.providerId)! }));
  }

  private adapterExclusion(endpoint: CatalogEndpoint, needs: RequestNeeds): string | null {
    const adapter = this.adapterFor(endpoint.providerId);
    if (!adapter) return 'no adapter for provider format';
    if (endpoint.type === 'completion' && !adapter.textCompletions) return `${adapter.displayName} has no native completions API`;
    return capabilityGap(adapter, needs);
  }

  adapterFor(providerId: string): ProviderAdapter | undefined {
    const provider = this.catalog.provider(providerId);
    return provider ? this.adapters.get(provider.format) : undefined;
  }

  /** The provider as configured, with the format's default base URL when the config names none. */
  providerFor(providerId: string): ProviderInfo | undefined {
    const cached = this.providers.get(providerId);
    if (cached) return cached;
    const provider = this.catalog.provider(providerId);
    if (!provider) return undefined;
    const resolved = { ...provider, baseUrl: provider.baseUrl || this.adapterFor(providerId)?.defaultBaseUrl || '' };
    this.providers.set(providerId, resolved);
    return resolved;
  }

  private readonly providers = new Map<string, ProviderInfo>();
}
