import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Behaviour } from './behaviour';

/** A response a provider would send instead of a result (validation, auth, injected status). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: OutgoingHttpHeaders = {},
  ) {
    super(`simulated ${status}`);
  }
}

/** SSE frames, each already framed (`data: ...\n\n`). Body frames are spaced by the chunk interval. */
export interface StreamPlan {
  head: string[];
  body: string[];
  tail: string[];
}

export type Reply = { kind: 'json'; body: unknown } | { kind: 'stream'; plan: StreamPlan };

export interface Instance {
  name: string;
  /** Stable per instance, so callers can tell which simulator answered. */
  fingerprint: string;
  models: readonly string[];
}

/** A validated request, ready to be answered once faults and latency have been applied. */
export interface Exchange {
  model?: string;
  /** Text scanned for `[sim:...]` directives (the last user message, the prompt, the input). */
  directiveText?: string;
  respond(behaviour: Behaviour, instance: Instance): Reply;
}

export interface RouteInput {
  body: unknown;
  params: string[];
  headers: IncomingHttpHeaders;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Exact path, or a pattern whose groups become `params`. */
  path: string | RegExp;
  /** Validates the request; throws ApiError for a bad one. */
  prepare(input: RouteInput): Exchange;
}

/** One provider's wire format: its routes and how it words errors and headers. */
export interface Personality {
  name: string;
  routes: Route[];
  /** Returns the provider's auth error when the request does not carry `apiKey`. */
  authenticate(headers: IncomingHttpHeaders, apiKey: string, method: string, path: string): ApiError | undefined;
  notFound(method: string, path: string): ApiError;
  methodNotAllowed(method: string, path: string): ApiError;
  invalidJson(): ApiError;
  badRequest(message: string): ApiError;
  /** An injected failure with this status, worded as the provider words it. */
  failure(status: number, message?: string, retryAfterSec?: number): ApiError;
  /** The SSE frame a provider sends when a stream fails midway. */
  streamErrorFrame(): string;
  headers(requestId: string, processingMs: number): OutgoingHttpHeaders;
  newRequestId(): string;
}
