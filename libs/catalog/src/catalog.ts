import type { CatalogConfig, EndpointConfig, EndpointStatus, PriceConfig, ProviderConfig } from './config.schema';
import { defaultPricing } from './default-prices';
import { FORMAT_PARAMETERS } from './format-parameters';
import type { CatalogEndpoint, CatalogModel, EndpointPricing, ProviderInfo } from './types';

const DEFAULT_CONTEXT_LENGTH = 128_000;
const PER_MILLION = 1_000_000;

/** A management-API edit of one endpoint. */
export interface EndpointOverride {
  status?: EndpointStatus;
  pricing?: PriceConfig;
}

function configuredPricing(price: PriceConfig): EndpointPricing {
  const prompt = price.prompt / PER_MILLION;
  return {
    prompt,
    completion: price.completion / PER_MILLION,
    cachedPrompt: price.cached_prompt === undefined ? prompt : price.cached_prompt / PER_MILLION,
    cacheWrite: price.cache_write === undefined ? prompt : price.cache_write / PER_MILLION,
    request: price.request,
    source: 'config',
  };
}

function toProvider(config: ProviderConfig): ProviderInfo {
  return {
    id: config.id,
    name: config.name ?? config.id,
    format: config.format,
    baseUrl: (config.base_url ?? '').replace(/\/+$/, ''),
    apiKey: config.api_key || undefined,
    headers: config.headers,
    options: config.options,
    timeoutMs: config.timeout_ms,
    firstByteTimeoutMs: config.first_byte_timeout_ms,
    streamIdleTimeoutMs: config.stream_idle_timeout_ms,
  };
}

function toEndpoint(provider: ProviderConfig, config: EndpointConfig, contextLength: number): CatalogEndpoint {
  const [author, slug] = config.model.split('/', 2) as [string, string];
  const upstreamModel = config.upstream_id ?? slug;
  return {
    id: `${provider.id}:${config.model}`,
    providerId: provider.id,
    modelId: config.model,
    upstreamModel,
    pricing: config.pricing ? configuredPricing(config.pricing) : defaultPricing(author, upstreamModel),
    contextLength: config.context_length ?? contextLength,
    maxOutputTokens: config.max_output_tokens ?? null,
    // What the provider's wire format honours (from its adapter), unless the config narrows it.
    supportedParameters: config.supported_parameters ?? [...(FORMAT_PARAMETERS[provider.format] ?? [])],
    modalities: config.modalities ?? ['text'],
    quantization: config.quantization ?? null,
    region: config.region ?? provider.region ?? null,
    trainsOnData: config.trains_on_data ?? provider.trains_on_data,
    retainsData: config.retains_data ?? provider.retains_data,
    zeroDataRetention: config.zero_data_retention ?? provider.zero_data_retention,
    type: config.type,
    status: config.status,
  };
}

/** The models, providers and endpoints one deployment serves: the config file plus management-API overrides. */
export class Catalog {
  private readonly modelsById = new Map<string, CatalogModel>();
  private readonly providersById = new Map<string, ProviderInfo>();

  constructor(config: CatalogConfig, loadedAt = new Date()) {
    const created = Math.floor(loadedAt.getTime() / 1000);
    const meta = new Map(config.models.map((model) => [model.id, model]));
    for (const providerConfig of config.providers) {
      if (this.providersById.has(providerConfig.id)) throw new Error(`Duplicate provider id ${providerConfig.id}`);
      this.providersById.set(providerConfig.id, toProvider(providerConfig));
      for (const endpointConfig of providerConfig.models) {
        const info = meta.get(endpointConfig.model);
        let model = this.modelsById.get(endpointConfig.model);
        if (!model) {
          model = {
            id: endpointConfig.model,
            name: info?.name ?? endpointConfig.model,
            description: info?.description ?? null,
            contextLength: info?.context_length ?? endpointConfig.context_length ?? DEFAULT_CONTEXT_LENGTH,
            endpoints: [],
            created,
          };
          this.modelsById.set(model.id, model);
        }
        model.endpoints.push(toEndpoint(providerConfig, endpointConfig, model.contextLength));
      }
    }
  }

  models(): CatalogModel[] {
    return [...this.modelsById.values()];
  }

  model(id: string): CatalogModel | undefined {
    return this.modelsById.get(id);
  }

  provider(id: string): ProviderInfo | undefined {
    return this.providersById.get(id);
  }

  providers(): ProviderInfo[] {
    return [...this.providersById.values()];
  }

  /**
   * Applies management-API edits (price, status) on top of the config file. Each call replaces the
   * previous overrides, so an edit removed from the store reverts to the configured value.
   */
  applyOverrides(overrides: Record<string, EndpointOverride>): void {
    for (const model of this.modelsById.values()) {
      for (const endpoint of model.endpoints) {
        const base = (this.baseline ??= new Map()).get(endpoint.id) ?? { pricing: endpoint.pricing, status: endpoint.status };
        this.baseline.set(endpoint.id, base);
        const edit = overrides[endpoint.id];
        endpoint.status = edit?.status ?? base.status;
        endpoint.pricing = edit?.pricing ? configuredPricing(edit.pricing) : base.pricing;
      }
    }
  }

  private baseline?: Map<string, Pick<CatalogEndpoint, 'pricing' | 'status'>>;

  endpoint(id: string): CatalogEndpoint | undefined {
    const modelId = id.slice(id.indexOf(':') + 1);
    return this.modelsById.get(modelId)?.endpoints.find((endpoint) => endpoint.id === id);
  }
}
