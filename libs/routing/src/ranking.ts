import type { CatalogEndpoint, CatalogModel } from '@alltokens/catalog';
import { costPer1k } from './endpoint-filter';
import { DISABLED_FIDELITY, fidelityScore, type FidelityPolicy } from './fidelity/fidelity';
import type { EndpointHealth } from './health-store';
import { qualityOf } from './quality-scores';
import type { RequestNeeds } from './request-needs';
import type { Objective, ProviderPreferences } from '@alltokens/contracts';

const MIN_SAMPLES = 5;

function expectedLatencyMs(endpoint: CatalogEndpoint, needs: RequestNeeds, health?: EndpointHealth): number {
  if (health && health.requests >= MIN_SAMPLES && health.latencyP50 !== null) return health.latencyP50;
  const tps = health?.tokensPerSecond ?? qualityOf(endpoint.modelId).tokensPerSecond;
  return 300 + (Math.min(needs.maxOutputTokens, 500) / tps) * 1000;
}

function throughput(endpoint: CatalogEndpoint, health?: EndpointHealth): number {
  return health?.tokensPerSecond ?? qualityOf(endpoint.modelId).tokensPerSecond;
}

/** With `allow_fallbacks: false`, only the providers named in `order` may serve. */
export function allowedByOrder(preferences: ProviderPreferences, endpoint: CatalogEndpoint): boolean {
  return preferences.allow_fallbacks || !preferences.order?.length || preferences.order.includes(endpoint.providerId);
}

/** `price-weighted` spreads load (OpenRouter's inverse-square of price); `cheapest-first` is deterministic. */
export type Balancing = 'price-weighted' | 'cheapest-first';

/** This request's measured fidelity on the endpoint (1: nothing wrong measured, or nothing known). */
export function endpointFidelity(endpoint: CatalogEndpoint, needs: RequestNeeds, health: ReadonlyMap<string, EndpointHealth>, fidelity: FidelityPolicy): number {
  return fidelityScore(health.get(endpoint.id)?.fidelity, { tools: needs.tools, json: needs.jsonOutput }, fidelity);
}

/**
 * Orders one model's endpoints. Open breakers go last (still a last resort); `order` pins its
 * providers first; then `sort`; by default a price-weighted random order (weight = 1 / effective
 * price², effective price = price × (1 + 5 × recent error rate) / measured fidelity⁴), or cheapest
 * first by the same effective price. The fourth power makes 20 % broken answers cost like 20 %
 * errors (≈ 2.4×) and 50 % broken like a sixteen times dearer endpoint.
 */
export function rankEndpoints(
  endpoints: CatalogEndpoint[],
  preferences: ProviderPreferences,
  needs: RequestNeeds,
  health: ReadonlyMap<string, EndpointHealth>,
  balancing: Balancing = 'cheapest-first',
  random: () => number = Math.random,
  fidelity: FidelityPolicy = DISABLED_FIDELITY,
): CatalogEndpoint[] {
  const order = preferences.order ?? [];
  const pinned = (e: CatalogEndpoint) => (order.includes(e.providerId) ? order.indexOf(e.providerId) : order.length);
  const key = (e: CatalogEndpoint): number => {
    const h = health.get(e.id);
    if (preferences.sort === 'throughput') return -throughput(e, h);
    if (preferences.sort === 'latency') return expectedLatencyMs(e, needs, h);
    const errorRate = h && h.requests >= MIN_SAMPLES ? h.errors / h.requests : 0;
    const price = (costPer1k(e, needs) * (1 + 5 * errorRate)) / Math.max(endpointFidelity(e, needs, health, fidelity), 0.05) ** 4;
    if (balancing === 'cheapest-first') return price;
    // Efraimidis–Spirakis: sorting by -ln(U) / weight draws a weighted random order.
    const weight = 1 / Math.max(price, 1e-12) ** 2;
    return -Math.log(1 - random()) / weight;
  };
  const usable = preferences.allow_fallbacks || !order.length ? endpoints : endpoints.filter((e) => allowedByOrder(preferences, e));
  return [...usable].sort((a, b) => {
    const breaker = Number(health.get(a.id)?.breakerOpen ?? false) - Number(health.get(b.id)?.breakerOpen ?? false);
    return breaker || pinned(a) - pinned(b) || key(a) - key(b);
  });
}

export interface ScoredModel {
  model: CatalogModel;
  endpoints: CatalogEndpoint[];
  score: number;
}

/**
 * Ranks models for `router` by the objective: quality, live speed and price, normalised across the
 * pool. Quality is the prior (quality-scores.ts) times the measured fidelity of the model's best
 * endpoint for this request, so a model whose providers break tool calls or JSON ranks lower.
 */
export function scoreModels(
  pool: Array<{ model: CatalogModel; endpoints: CatalogEndpoint[] }>,
  objective: Objective,
  needs: RequestNeeds,
  health: ReadonlyMap<string, EndpointHealth>,
  fidelity: FidelityPolicy = DISABLED_FIDELITY,
): ScoredModel[] {
  const facts = pool.map(({ model, endpoints }) => ({
    model,
    endpoints,
    quality: qualityOf(model.id).score * Math.max(...endpoints.map((e) => endpointFidelity(e, needs, health, fidelity))),
    cost: Math.min(...endpoints.map((e) => costPer1k(e, needs))),
    latency: Math.min(...endpoints.map((e) => expectedLatencyMs(e, needs, health.get(e.id)))),
  }));
  const range = (values: number[]) => [Math.min(...values), Math.max(...values)] as const;
  const [cMin, cMax] = range(facts.map((f) => f.cost));
  const [lMin, lMax] = range(facts.map((f) => f.latency));
  const norm = (value: number, min: number, max: number) => (max > min ? (value - min) / (max - min) : 0);
  const weights: Record<Objective, [number, number, number]> = {
    balanced: [0.5, 0.3, 0.2],
    cheapest: [0.05, 0.9, 0.05],
    fastest: [0.05, 0.05, 0.9],
    best: [0.97, 0.015, 0.015],
  };
  const [wq, wc, wl] = weights[objective];
  return facts
    .map((f) => ({ model: f.model, endpoints: f.endpoints, score: wq * f.quality + wc * (1 - norm(f.cost, cMin, cMax)) + wl * (1 - norm(f.latency, lMin, lMax)) }))
    .sort((a, b) => b.score - a.score);
}
