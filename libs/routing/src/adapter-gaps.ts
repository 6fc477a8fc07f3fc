import type { Catalog, CatalogEndpoint } from '@alltokens/catalog';
import { capabilityGap, type AdapterRegistry, type ProviderAdapter } from '@alltokens/providers';
import type { AdapterExclusion } from './endpoint-filter';

/** The adapter speaking a provider's wire format, if any. */
export type AdapterLookup = (providerId: string) => ProviderAdapter | undefined;

export function adapterLookup(catalog: Catalog, registry: AdapterRegistry): AdapterLookup {
  return (providerId) => {
    const provider = catalog.provider(providerId);
    return provider ? registry.get(provider.format) : undefined;
  };
}

/** Why an endpoint's adapter cannot serve a chat request (no adapter, no native completions, a missing capability). */
export function chatAdapterExclusion(adapters: AdapterLookup): AdapterExclusion {
  return (endpoint, needs) => {
    const adapter = adapters(endpoint.providerId);
    if (!adapter) return 'no adapter for provider format';
    if (endpoint.type === 'completion' && !adapter.textCompletions) return `${adapter.displayName} has no native completions API`;
    return capabilityGap(adapter, needs);
  };
}

/** Why an endpoint cannot serve embeddings on its own terms (its type, status, adapter), or null. */
export function embeddingsExclusion(endpoint: CatalogEndpoint, adapters: AdapterLookup): string | null {
  if (endpoint.type !== 'embeddings') return 'not an embeddings model';
  if (endpoint.status !== 'active') return 'endpoint disabled';
  if (!adapters(endpoint.providerId)?.embeddings) return 'provider format has no embeddings API';
  return null;
}
