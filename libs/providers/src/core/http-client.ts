import { Agent, request, type Dispatcher } from 'undici';
import type { UpstreamRequest } from './adapter';

/** One keep-alive pool per origin, shared by every request of this process. */
const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 512, pipelining: 1 });

export interface SendOptions {
  /** No response headers by then → `UND_ERR_HEADERS_TIMEOUT` (failover territory). */
  firstByteTimeoutMs: number;
  /** Longest silence between body bytes. */
  bodyTimeoutMs: number;
  signal: AbortSignal;
  /** Another connection pool (the SSRF-guarded one for customer-supplied URLs). */
  dispatcher?: Dispatcher;
}

export type UpstreamResponse = Awaited<ReturnType<typeof request>>;

export function sendUpstream(upstream: UpstreamRequest, options: SendOptions): Promise<UpstreamResponse> {
  return request(upstream.url, {
    method: upstream.method ?? 'POST',
    headers: upstream.headers,
    body: upstream.method === 'GET' ? undefined : upstream.body,
    dispatcher: options.dispatcher ?? agent,
    headersTimeout: options.firstByteTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    signal: options.signal,
  });
}
