import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../personality';

/** Cohere's error body: `{"id","message"}`. */
export const cohereError = (status: number, message: string, headers = {}): ApiError => new ApiError(status, { id: randomUUID(), message }, headers);

/** Most validation errors are 400s worded `invalid request: …`. */
export const invalidRequest = (message: string): ApiError => cohereError(400, `invalid request: ${message}`);

/** A field the endpoint does not know (top level or nested): 422. */
export const unknownField = (name: string, endpoint: 'chat' | 'embed'): ApiError =>
  cohereError(422, `unknown field: parameter '${name}' is not a valid field. For proper usage, please refer to https://docs.cohere.com/reference/${endpoint}`);

export const invalidJson = (): ApiError => cohereError(400, "invalid json syntax: invalid character 'x' looking for beginning of value");

const FAILURES: Record<number, string> = {
  400: 'invalid request',
  401: 'invalid api token',
  402: 'Please add or update your payment method at https://dashboard.cohere.com/billing?tab=payment to continue',
  404: "model not found, make sure the correct model ID was used and that you have access to the model.",
  413: 'invalid request: request body too large',
  429: 'You are past the per minute request limit, please wait and try again later.',
  499: 'request cancelled',
  500: 'internal server error, this has been reported to our developers',
  503: 'service unavailable',
  504: 'gateway timeout',
};

export function failure(status: number, message?: string, retryAfterSec?: number): ApiError {
  const retryAfter = retryAfterSec ?? (status === 429 ? 1 : undefined);
  return cohereError(status, message ?? FAILURES[status] ?? `simulated error (HTTP ${status})`, retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) });
}

/** A generation failing midway ends the stream with `message-end` carrying the error. */
export const streamErrorFrame = (): string =>
  `event: message-end\ndata: ${JSON.stringify({ type: 'message-end', delta: { error: FAILURES[500], finish_reason: 'ERROR' } })}\n\n`;

export function authenticate(headers: IncomingHttpHeaders, apiKey: string): ApiError | undefined {
  const header = headers.authorization;
  if (header === undefined) return cohereError(401, 'no api key supplied');
  return header.replace(/^Bearer\s+/i, '').trim() === apiKey ? undefined : cohereError(401, 'invalid api token');
}
