import type { Catalog, CatalogEndpoint, ProviderInfo } from '@alltokens/catalog';
import type { ChatCompletionRequest, RoutingPolicy } from '@alltokens/contracts';
import type { AdapterRegistry, ProviderAdapter } from '@alltokens/providers';
import {
  adapterLookup,
  chatAdapterExclusion,
  embeddingsEndpoints,
  policyExclusion,
  RoutePlanner,
  type AdapterExclusion,
  type AdapterLookup,
  type Balancing,
  type RoutePlan,
} from '@alltokens/routing';
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
  private readonly adapters: AdapterLookup;
  private readonly adapterExclusion: AdapterExclusion;
  private readonly providers = new Map<string, ProviderInfo>();

  constructor(
    private readonly catalog: Catalog,
    registry: AdapterRegistry,
    private readonly health: HealthSnapshot,
    private readonly balancing: Balancing = 'price-weighted',
  ) {
    this.planner = new RoutePlanner(catalog);
    this.adapters = adapterLookup(catalog, registry);
    this.adapterExclusion = chatAdapterExclusion(this.adapters);
  }

  resolve(request: ChatCompletionRequest, policies: RoutingPolicy[] = [], legacyCompletion = false): Resolution {
    const plan = this.planner.plan({
      legacyCompletion,
      request,
      health: this.health.current(),
      adapterExclusion: this.adapterExclusion,
      exclude: policyExclusion(policies),
      balancing: this.balancing,
    });
    return { plan, candidates: plan.endpoints.map((endpoint) => this.candidate(endpoint)) };
  }

  /** Embeddings endpoints of `modelId` this caller may use, cheapest first, open breakers last. */
  resolveEmbeddings(modelId: string, policies: RoutingPolicy[] = []): Candidate[] {
    const eligible = embeddingsEndpoints(this.catalog, modelId, this.adapters, policyExclusion(policies));
    const health = this.health.current();
    const open = (endpointId: string) => (health.get(endpointId)?.breakerOpen ? 1 : 0);
    return eligible.sort((a, b) => open(a.id) - open(b.id) || a.pricing.prompt - b.pricing.prompt).map((endpoint) => this.candidate(endpoint));
  }

  private candidate(endpoint: CatalogEndpoint): Candidate {
    return { endpoint, provider: this.providerFor(endpoint.providerId)!, adapter: this.adapters(endpoint.providerId)! };
  }

  /** The provider as configured, with the format's default base URL when the config names none. */
  private providerFor(providerId: string): ProviderInfo | undefined {
    const cached = this.providers.get(providerId);
    if (cached) return cached;
    const provider = this.catalog.provider(providerId);
    if (!provider) return undefined;
    const resolved = { ...provider, baseUrl: provider.baseUrl || this.adapters(providerId)?.defaultBaseUrl || '' };
    this.providers.set(providerId, resolved);
    return resolved;
  }
}
