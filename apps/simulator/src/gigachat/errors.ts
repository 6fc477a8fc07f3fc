import { randomUUID } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import { ApiError } from '../personality';

/** The API's errors: `{"status": 404, "message": "No such model"}`. */
export const gigachatError = (status: number, message: string, headers: OutgoingHttpHeaders = {}): ApiError =>
  new ApiError(status, { status, message }, headers);

/** The OAuth endpoint's errors: `{"code": 6, "message": "credentials doesn't match db data"}`. */
export const oauthError = (status: number, code: number, message: string): ApiError => new ApiError(status, { code, message });

/** What GigaChat answers a request it cannot accept: 422 `Invalid params: ...`. */
export const invalidParams = (detail: string): ApiError => gigachatError(422, `Invalid params: ${detail}`);

export const badRequest = (message: string): ApiError => gigachatError(400, message);

const FAILURES: Record<number, string> = {
  400: 'Bad request: the request could not be processed',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Permission denied',
  404: 'No such model',
  413: 'Payload too large',
  422: 'Invalid params',
  429: 'Too many requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function failure(status: number, message?: string, retryAfterSec?: number): ApiError {
  const retryAfter = retryAfterSec ?? (status === 429 ? 1 : undefined);
  const headers = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
  return gigachatError(status, message ?? FAILURES[status] ?? `Simulated error (HTTP ${status})`, headers);
}

/** A stream that fails midway ends with an error event instead of `[DONE]`. */
export const streamErrorFrame = (): string => `data: ${JSON.stringify({ status: 500, message: FAILURES[500] })}\n\n`;

export const newRequestId = (): string => randomUUID();
