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

/** What a stream's route proof may still say once it ended, as HTTP trailers (declared in `Trailer` when it starts). */
export const ROUTE_TRAILERS = ['x-alltokens-failover-count', 'x-alltokens-continued', 'x-alltokens-total-latency-ms', 'x-alltokens-ttft-ms'] as const;

/**
 * The trailers of a stream that ended: the final failover count (a stream continued on another
 * endpoint fails over after its headers went out), whether it was continued, and the timings.
 */
export function routeTrailers(meta: Partial<RouteMeta>): Record<string, string> {
  const trailers: Record<string, string> = {};
  if (meta.failoverCount !== undefined) trailers['x-alltokens-failover-count'] = String(meta.failoverCount);
  trailers['x-alltokens-continued'] = String(meta.continued === true);
  if (meta.totalLatencyMs != null) trailers['x-alltokens-total-latency-ms'] = String(Math.round(meta.totalLatencyMs));
  if (meta.ttftMs != null) trailers['x-alltokens-ttft-ms'] = String(Math.round(meta.ttftMs));
  return trailers;
}
