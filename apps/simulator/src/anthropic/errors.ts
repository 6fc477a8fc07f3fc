import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { randomString } from '../ids';
import { ApiError } from '../personality';

/** Anthropic's request ids: `req_011C` and 20 base58-looking characters. */
export const newRequestId = (): string => `req_011C${randomString(20)}`;

/** Anthropic's error envelope: `{"type":"error","error":{"type","message"},"request_id"}`. */
export function anthropicError(status: number, type: string, message: string, headers: OutgoingHttpHeaders = {}): ApiError {
  return new ApiError(status, { type: 'error', error: { type, message }, request_id: newRequestId() }, headers);
}

export const invalidRequest = (message: string): ApiError => anthropicError(400, 'invalid_request_error', message);

/** How Anthropic words each status it documents, so injected failures look like the real ones. */
const FAILURES: Record<number, [type: string, message: string]> = {
  400: ['invalid_request_error', 'There was an issue with the format or content of your request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  402: ['billing_error', 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'The requested resource could not be found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of requests has exceeded your per-minute rate limit. Please try again later.'],
  500: ['api_error', 'Internal server error'],
  504: ['timeout_error', 'Request timed out'],
  529: ['overloaded_error', 'Overloaded'],
};

export function failure(status: number, message?: string, retryAfterSec?: number): ApiError {
  const [type, text] = FAILURES[status] ?? [status >= 500 ? 'api_error' : 'invalid_request_error', `Simulated error (HTTP ${status}).`];
  const retryAfter = retryAfterSec ?? (status === 429 ? 1 : undefined);
  return anthropicError(status, type, message ?? text, retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) });
}

/** The `error` event Anthropic sends when a stream fails after it started (its docs' example). */
export const streamErrorFrame = (): string =>
  `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`;

/**
 * `x-api-key: <key>`, checked before anything else. `Authorization: Bearer <key>` is accepted too:
 * the official TypeScript SDK installed here sends API keys that way.
 */
export function authenticate(headers: IncomingHttpHeaders, apiKey: string): ApiError | undefined {
  const key = headers['x-api-key'] || headers.authorization?.replace(/^Bearer\s+/i, '');
  if (!key) return anthropicError(401, 'authentication_error', 'x-api-key header is required');
  return key === apiKey ? undefined : anthropicError(401, 'authentication_error', 'invalid x-api-key');
}

/** API versions Anthropic serves; `2026-10-21` removed `temperature`, `top_p` and `top_k`. */
export const VERSIONS = ['2023-01-01', '2023-06-01', '2026-10-21'];

/** Every Messages request names the API version it was written against. */
export function checkVersion(headers: IncomingHttpHeaders): string {
  const version = headers['anthropic-version'];
  if (version === undefined || version === '') throw invalidRequest('anthropic-version: header is required');
  if (typeof version !== 'string' || !VERSIONS.includes(version)) {
    throw invalidRequest(`anthropic-version: "${String(version)}" is not a valid version`);
  }
  return version;
}
