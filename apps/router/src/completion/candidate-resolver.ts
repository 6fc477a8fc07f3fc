import type { Catalog, CatalogEndpoint, ProviderInfo } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import type { AdapterRegistry, ProviderAdapter } from '@alltokens/providers';

export interface Candidate {
  endpoint: CatalogEndpoint;
  provider: ProviderInfo;
  adapter: ProviderAdapter;
}

/** The endpoints that can serve a model, in the order the catalog lists them. */
export class CandidateResolver {
  constructor(
    private readonly catalog: Catalog,
    private readonly adapters: AdapterRegistry,
  ) {}

  resolve(modelId: string): Candidate[] {
    const model = this.catalog.model(modelId);
    if (!model) throw new ApiError(404, 'model_not_found', `Model '${modelId}' does not exist or is not served here`, 'model');
    const candidates: Candidate[] = [];
    for (const endpoint of model.endpoints) {
      const provider = this.catalog.provider(endpoint.providerId);
      const adapter = provider && this.adapters.get(provider.format);
      if (provider && adapter) candidates.push({ endpoint, provider, adapter });
    }
    if (!candidates.length) {
      throw new ApiError(503, 'no_provider_available', `No provider adapter is available for '${modelId}'`);
    }
    return candidates;
  }
}
