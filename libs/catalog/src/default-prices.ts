import { calcPrice, TieredPrices } from '@pydantic/genai-prices';
import type { EndpointPricing } from './types';

const PER_MILLION = 1_000_000;

function flat(value: number | TieredPrices | undefined): number {
  if (value === undefined) return 0;
  return typeof value === 'number' ? value : value.base;
}

const looked = new Map<string, EndpointPricing>();

/**
 * Per-token prices from @pydantic/genai-prices' embedded data, looked up once per model (the data is
 * static) so pricing a request is arithmetic, not a catalogue search.
 */
export function defaultPricing(author: string, upstreamModel: string): EndpointPricing {
  const key = `${author}/${upstreamModel}`;
  let pricing = looked.get(key);
  if (!pricing) looked.set(key, (pricing = lookUp(author, upstreamModel)));
  return pricing;
}

function lookUp(author: string, upstreamModel: string): EndpointPricing {
  const found = calcPrice({ input_tokens: 1, output_tokens: 1 }, upstreamModel, { providerId: author });
  if (!found) return { prompt: 0, completion: 0, cachedPrompt: 0, cacheWrite: 0, request: 0, source: 'unknown' };
  const prices = found.model_price;
  const prompt = flat(prices.input_mtok) / PER_MILLION;
  return {
    prompt,
    completion: flat(prices.output_mtok) / PER_MILLION,
    cachedPrompt: prices.cache_read_mtok === undefined ? prompt : flat(prices.cache_read_mtok) / PER_MILLION,
    cacheWrite: prices.cache_write_mtok === undefined ? prompt : flat(prices.cache_write_mtok) / PER_MILLION,
    request: flat(prices.requests_kcount) / 1000,
    source: 'genai-prices',
  };
}
