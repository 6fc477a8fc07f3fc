import type { EndpointStatus } from './config.schema';

/** Prices in USD per token (per request for `request`). */
export interface EndpointPricing {
  prompt: number;
  completion: number;
  cachedPrompt: number;
  cacheWrite: number;
  request: number;
  /** Where the price came from: the config file or @pydantic/genai-prices; `unknown` prices are 0. */
  source: 'config' | 'genai-prices' | 'unknown';
}

export interface ProviderInfo {
  id: string;
  name: string;
  format: string;
  baseUrl: string;
  apiKey?: string;
  headers: Record<string, string>;
  options: Record<string, string>;
  /** Set when the base URL came from an organisation's own credential (BYOK): connect through the SSRF guard. */
  customerUrl?: boolean;
  timeoutMs: number;
  firstByteTimeoutMs: number;
  /** Longest silence between a stream's events before it is given up as stalled. */
  streamIdleTimeoutMs: number;
}

export interface CatalogEndpoint {
  /** `<providerId>:<modelId>` */
  id: string;
  providerId: string;
  modelId: string;
  upstreamModel: string;
  pricing: EndpointPricing;
  contextLength: number;
  maxOutputTokens: number | null;
  supportedParameters: string[];
  modalities: string[];
  quantization: string | null;
  region: string | null;
  trainsOnData: boolean;
  retainsData: boolean;
  zeroDataRetention: boolean;
  status: EndpointStatus;
  type: 'chat' | 'completion' | 'embeddings';
}

export interface CatalogModel {
  id: string;
  name: string;
  description: string | null;
  contextLength: number;
  endpoints: CatalogEndpoint[];
  /** Seconds since epoch the model entered this catalog (OpenRouter's `created`). */
  created: number;
}
