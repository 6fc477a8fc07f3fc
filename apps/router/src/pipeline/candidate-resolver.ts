import type { Catalog, CatalogEndpoint, ProviderInfo } from '@alltokens/catalog';
import type { ChatCompletionRequest, RoutingPolicy } from '@alltokens/contracts';
import { capabilityGap, type AdapterRegistry, type ProviderAdapter } from '@alltokens/providers';
import { DISABLED_FIDELITY, embeddingsEndpoints, policyExclusion, RoutePlanner, type Balancing, type FidelityPolicy, type RequestNeeds, type RoutePlan } from '@alltokens/routing';
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
  private readonly adapterExclusion = (endpoint: CatalogEndpoint, needs: RequestNeeds) => this.adapterGap(endpoint, needs);
  private readonly embeddingsGap = (endpoint: CatalogEndpoint) => (this.adapterFor(endpoint.providerId)?.embeddings ? null : 'provider format has no embeddings API');

  constructor(
    private readonly catalog: Catalog,
    private readonly adapters: AdapterRegistry,
    private readonly health: Pick<HealthSnapshot, 'current'>,
    private readonly balancing: Balancing = 'price-weighted',
    private readonly fidelity: FidelityPolicy = DISABLED_FIDELITY,
  ) {
    this.planner = new RoutePlanner(catalog);
  }

  resolve(request: ChatCompletionRequest, policies: RoutingPolicy[] = [], legacyCompletion = false): Resolution {
    const plan = this.planner.plan({
      legacyCompletion,
      request,
      health: this.health.current(),
      adapterExclusion: this.adapterExclusion,
      exclude: policyExclusion(policies),
      balancing: this.balancing,
      fidelity: this.fidelity,
    });
    return { plan, candidates: plan.endpoints.map((endpoint) => this.candidate(endpoint)) };
  }

  /** Embeddings endpoints of `modelId` this caller may use, cheapest first, open breakers last. */
  resolveEmbeddings(modelId: string, policies: RoutingPolicy[] = []): Candidate[] {
    const eligible = embeddingsEndpoints(this.catalog, modelId, policyExclusion(policies), this.embeddingsGap);
    const health = this.health.current();
    const open = (endpointId: string) => (health.get(endpointId)?.breakerOpen ? 1 : 0);
    return eligible.sort((a, b) => open(a.id) - open(b.id) || a.pricing.prompt - b.pricing.prompt).map((endpoint) => this.candidate(endpoint));
  }

  /** Why the provider's wire format cannot serve these needs: what only the router, holding the adapters, knows. */
  private adapterGap(endpoint: CatalogEndpoint, needs: RequestNeeds): string | null {
    const adapter = this.adapterFor(endpoint.providerId);
    if (!adapter) return 'no adapter for provider format';
    if (endpoint.type === 'completion' && !adapter.textCompletions) return `${adapter.displayName} has no native completions API`;
    return capabilityGap(adapter, needs);
  }

  /** The endpoint with its provider and adapter, or null when no adapter speaks its provider's format. */
  candidateFor(endpoint: CatalogEndpoint): Candidate | null {
    const adapter = this.adapterFor(endpoint.providerId);
    return adapter ? { endpoint, provider: this.providerFor(endpoint.providerId)!, adapter } : null;
  }

  private candidate(endpoint: CatalogEndpoint): Candidate {
    return { endpoint, provider: this.providerFor(endpoint.providerId)!, adapter: this.adapterFor(endpoint.providerId)! };
  }

  private adapterFor(providerId: string): ProviderAdapter | undefined {
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
