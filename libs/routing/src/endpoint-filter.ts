import type { CatalogEndpoint } from '@alltokens/catalog';
import type { RequestNeeds } from './request-needs';
import type { ProviderPreferences } from '@alltokens/contracts';

export interface FilterContext {
  needs: RequestNeeds;
  preferences: ProviderPreferences;
  freeOnly: boolean;
  /** Extra exclusions (e.g. the caller's policies); returns the reason or null. */
  exclude?: (endpoint: CatalogEndpoint) => string | null;
  /** A legacy `/completions` request: text-completion models may serve it too. */
  legacyCompletion?: boolean;
  /** Why the provider's adapter cannot serve these needs (missing adapter or capability), or null. */
  adapterExclusion: AdapterExclusion;
  /** Hard cap on the estimated USD per 1k tokens (`max_cost_per_1k_tokens`), or null. */
  maxCostPer1k: number | null;
}

export type AdapterExclusion = (endpoint: CatalogEndpoint, needs: RequestNeeds) => string | null;

export interface EndpointAssessment {
  excluded: string | null;
  /** Estimated USD per 1k tokens of this request on the endpoint. */
  costPer1k: number;
}

const PER_MILLION = 1_000_000;

export function isFree(endpoint: CatalogEndpoint): boolean {
  const { prompt, completion, request } = endpoint.pricing;
  return prompt === 0 && completion === 0 && request === 0 && endpoint.pricing.source !== 'unknown';
}

/** Why this endpoint cannot serve the request, or null if it can. */
export function exclusionReason(endpoint: CatalogEndpoint, ctx: FilterContext): string | null {
  const { needs, preferences } = ctx;
  const params = endpoint.supportedParameters;
  if (endpoint.status !== 'active') return 'endpoint disabled';
  if (endpoint.type === 'embeddings') return 'not a chat model';
  if (endpoint.type === 'completion' && !ctx.legacyCompletion) return 'a text-completion model: call it through /completions';
  const adapterGap = ctx.adapterExclusion(endpoint, needs);
  if (adapterGap) return adapterGap;
  if (needs.tools && !params.includes('tools')) return 'does not support tools';
  if (needs.jsonSchema && !params.includes('response_format') && !params.includes('structured_outputs')) return 'does not support JSON schema';
  if (needs.vision && !endpoint.modalities.includes('image')) return 'does not accept images';
  if (needs.contextTokens > endpoint.contextLength) return `context ${endpoint.contextLength} < ${needs.contextTokens} tokens needed`;
  if (preferences.require_parameters && needs.parameters.some((name) => !params.includes(name))) return 'missing a required parameter';
  if (preferences.only && !preferences.only.includes(endpoint.providerId)) return 'provider not in provider.only';
  if (preferences.ignore?.includes(endpoint.providerId)) return 'provider in provider.ignore';
  if (preferences.quantizations && !preferences.quantizations.includes(endpoint.quantization ?? 'unknown')) return 'quantization not allowed';
  if (preferences.data_collection === 'deny' && (endpoint.trainsOnData || endpoint.retainsData)) return 'provider may store or train on prompts';
  if (preferences.zdr && !endpoint.zeroDataRetention) return 'not zero-data-retention';
  const maxPrice = preferences.max_price;
  if (maxPrice?.prompt !== undefined && endpoint.pricing.prompt * PER_MILLION > maxPrice.prompt) return 'prompt price above provider.max_price';
  if (maxPrice?.completion !== undefined && endpoint.pricing.completion * PER_MILLION > maxPrice.completion) return 'completion price above provider.max_price';
  if (ctx.freeOnly && !isFree(endpoint)) return 'not free';
  return ctx.exclude?.(endpoint) ?? null;
}

/** Whether the endpoint may serve the request (and why not) and what it would cost: the one test planning and quoting share. */
export function assessEndpoint(endpoint: CatalogEndpoint, ctx: FilterContext): EndpointAssessment {
  const cost = costPer1k(endpoint, ctx.needs);
  let excluded = exclusionReason(endpoint, ctx);
  if (!excluded && ctx.maxCostPer1k !== null && cost > ctx.maxCostPer1k) excluded = 'above max_cost_per_1k_tokens';
  return { excluded, costPer1k: cost };
}

/** Estimated USD per 1k tokens of this request on this endpoint. */
export function costPer1k(endpoint: CatalogEndpoint, needs: RequestNeeds): number {
  const output = Math.min(needs.maxOutputTokens, 1000);
  const total = needs.promptTokens + output;
  const cost = needs.promptTokens * endpoint.pricing.prompt + output * endpoint.pricing.completion + endpoint.pricing.request;
  return total ? (cost / total) * 1000 : 0;
}
