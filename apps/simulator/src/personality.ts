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

/** One stream frame, already framed: SSE text (`data: ...\n\n`) or a binary message (AWS event stream). */
export type Frame = string | Uint8Array;

/** Stream frames. Body frames are spaced by the chunk interval. */
export interface StreamPlan {
  head: Frame[];
  body: Frame[];
  tail: Frame[];
}

export type Reply =
  | { kind: 'json'; body: unknown }
  /** `contentType` defaults to `text/event-stream; charset=utf-8`. */
  | { kind: 'stream'; plan: StreamPlan; contentType?: string };

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
  /** The request continues a prefilled answer (it ends with an assistant message): `on=fresh` directives skip it. */
  continues?: boolean;
  respond(behaviour: Behaviour, instance: Instance): Reply;
}

export interface RouteInput {
  body: unknown;
  params: string[];
  headers: IncomingHttpHeaders;
  /** The URL's query string (Gemini streams only with `alt=sse`). */
  query: URLSearchParams;
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
  /**
   * Returns the provider's auth error when the request does not carry `apiKey`; `body` is the raw
   * body, since request signatures (AWS SigV4) cover it, and checking one may be asynchronous.
   */
  authenticate(
    headers: IncomingHttpHeaders,
    apiKey: string,
    method: string,
    path: string,
    body: string,
    /** Some APIs take the key in the URL (Gemini's `?key=`). */
    query: URLSearchParams,
  ): ApiError | undefined | Promise<ApiError | undefined>;
  notFound(method: string, path: string): ApiError;
  methodNotAllowed(method: string, path: string): ApiError;
  invalidJson(): ApiError;
  badRequest(message: string): ApiError;
  /** An injected failure with this status, worded as the provider words it. */
  failure(status: number, message?: string, retryAfterSec?: number): ApiError;
  /** The frame a provider sends when a stream fails midway. */
  streamErrorFrame(): Frame;
  headers(requestId: string, processingMs: number): OutgoingHttpHeaders;
  newRequestId(): string;
}
