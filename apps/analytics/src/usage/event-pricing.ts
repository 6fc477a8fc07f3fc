import { type Catalog, defaultPricing, priceUsage } from '@alltokens/catalog';
import type { UsageEvent } from '@alltokens/contracts';

/**
 * What one event bills: the cost the router priced it at (the `usage.cost` its client saw). Nothing
 * reached an upstream, or a cache answered → nothing to bill.
 */
export function billedCost(catalog: Catalog, event: UsageEvent): number {
  if (event.cacheHit || !event.attempts.length || !event.model) return 0;
  return event.costUsd ?? priceEvent(catalog, event, event.model);
}

/**
 * For events of routers that predate `costUsd`: the serving endpoint's catalog price (config or
 * management-API override, else @pydantic/genai-prices), or the model's default price if the endpoint
 * left the catalog.
 */
function priceEvent(catalog: Catalog, event: UsageEvent, model: string): number {
  const endpoint = event.endpointId ? catalog.endpoint(event.endpointId) : undefined;
  if (endpoint) return priceUsage(endpoint.pricing, event.usage);
  const [author, slug] = model.split('/', 2);
  if (!author || !slug) return 0;
  return priceUsage(defaultPricing(author, slug), event.usage);
}

/** The trace id inside a W3C traceparent (`00-<trace>-<span>-<flags>`). */
export function traceIdOf(traceparent: string | undefined): string | null {
  const parts = traceparent?.split('-');
  return parts && parts.length === 4 ? parts[1]! : null;
}
