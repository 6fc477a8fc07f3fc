import type { EndpointPricing } from './types';

export interface BillableUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

const SCALE = 1e10;

/**
 * Cost in USD, rounded to 1e-10 (the ledger's precision). `promptTokens` includes cached and
 * cache-write tokens (OpenAI's convention); reasoning tokens are part of `completionTokens`.
 */
export function priceUsage(pricing: EndpointPricing, usage: BillableUsage): number {
  const cached = Math.min(usage.cachedTokens ?? 0, usage.promptTokens);
  const cacheWrite = Math.min(usage.cacheWriteTokens ?? 0, usage.promptTokens - cached);
  const uncached = usage.promptTokens - cached - cacheWrite;
  const cost =
    uncached * pricing.prompt +
    cached * pricing.cachedPrompt +
    cacheWrite * pricing.cacheWrite +
    usage.completionTokens * pricing.completion +
    pricing.request;
  return Math.round(cost * SCALE) / SCALE;
}
