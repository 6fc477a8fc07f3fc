import type { Catalog, CatalogEndpoint, ProviderInfo } from '@alltokens/catalog';
import type { ChatCompletionRequest, RoutingPolicy } from '@alltokens/contracts';
import type { AdapterRegistry, ProviderAdapter } from '@alltokens/providers';
import { policyExclusion, RoutePlanner, type Balancing, type RoutePlan } from '@alltokens/routing';
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
    private readonly health: HealthSnapshot,
    private readonly balancing: Balancing = 'price-weighted',
  ) {
    this.planner = new RoutePlanner(catalog);
  }

  resolve(request: ChatCompletionRequest, policies: RoutingPolicy[] = []): Resolution {
    const plan = this.planner.plan({
      request,
      health: this.health.current(),
      hasAdapter: (providerId) => Boolean(this.adapterFor(providerId)),
      exclude: policyExclusion(policies),
      balancing: this.balancing,
    });
    const candidates = plan.endpoints.map((endpoint) => ({
      endpoint,
      provider: this.catalog.provider(endpoint.providerId)!,
      adapter: this.adapterFor(endpoint.providerId)!,
    }));
    return { plan, candidates };
  }

  private adapterFor(providerId: string): ProviderAdapter | undefined {
    const provider = this.catalog.provider(providerId);
    return provider ? this.adapters.get(provider.format) : undefined;
  }
}
