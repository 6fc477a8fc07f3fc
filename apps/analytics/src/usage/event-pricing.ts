import { type Catalog, defaultPricing, priceUsage } from '@alltokens/catalog';
import type { UsageEvent } from '@alltokens/contracts';

/**
 * The cost of one event: the serving endpoint's catalog price (config override, else
 * @pydantic/genai-prices), falling back to the model's default price if the endpoint left the
 * catalog. Nothing reached an upstream → nothing to bill.
 */
export function priceEvent(catalog: Catalog, event: UsageEvent): number {
  if (event.cacheHit || !event.attempts.length || !event.model) return 0;
  const endpoint = event.endpointId ? catalog.endpoint(event.endpointId) : undefined;
  if (endpoint) return priceUsage(endpoint.pricing, event.usage);
  const [author, slug] = event.model.split('/', 2);
  if (!author || !slug) return 0;
  return priceUsage(defaultPricing(author, slug), event.usage);
}

/** The trace id inside a W3C traceparent (`00-<trace>-<span>-<flags>`). */
export function traceIdOf(traceparent: string | undefined): string | null {
  const parts = traceparent?.split('-');
  return parts && parts.length === 4 ? parts[1]! : null;
}
