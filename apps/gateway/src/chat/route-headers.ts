import type { RouteMeta } from '@alltokens/contracts';

/** AllTokens' route proof headers (`x-alltokens-*`). */
export function routeHeaders(meta: RouteMeta): Record<string, string> {
  const headers: Record<string, string> = {
    'x-alltokens-route-mode': meta.routeMode,
    'x-alltokens-chosen-model': meta.model,
    'x-alltokens-chosen-provider': meta.provider,
    'x-alltokens-failover-count': String(meta.failoverCount),
    'x-alltokens-trace-id': meta.traceId,
  };
  if (meta.totalLatencyMs !== null) headers['x-alltokens-total-latency-ms'] = String(Math.round(meta.totalLatencyMs));
  if (meta.ttftMs !== null) headers['x-alltokens-ttft-ms'] = String(Math.round(meta.ttftMs));
  return headers;
}
