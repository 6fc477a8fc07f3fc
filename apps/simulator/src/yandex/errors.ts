import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { ApiError } from '../personality';

/** The gRPC code Yandex Cloud pairs with each HTTP status. */
const GRPC_CODES: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 413: 3, 429: 8, 499: 1, 500: 13, 501: 12, 503: 14, 504: 4 };

/** `{"error":{"grpcCode":3,"httpCode":400,"message":"...","httpStatus":"Bad Request","details":[]}}`. */
export function yandexBody(status: number, message: string): { error: Record<string, unknown> } {
  const grpcCode = GRPC_CODES[status] ?? (status >= 500 ? 13 : 3);
  return { error: { grpcCode, httpCode: status, message, httpStatus: STATUS_CODES[status] ?? 'Unknown', details: [] } };
}

export const yandexError = (status: number, message: string, headers: OutgoingHttpHeaders = {}): ApiError =>
  new ApiError(status, yandexBody(status, message), headers);

export const invalidArgument = (message: string): ApiError => yandexError(400, message);

const FAILURES: Record<number, string> = {
  400: 'Request contains an invalid argument',
  401: 'Unknown api key',
  403: 'Permission denied',
  404: 'Model not found',
  429: 'ai.textGenerationCompletionSessionsCount.count gauge quota limit exceed: allowed 10 requests',
  500: 'Internal error',
  503: 'The service is currently unavailable',
  504: 'Deadline exceeded',
};

export function failure(status: number, message?: string, retryAfterSec?: number): ApiError {
  const retryAfter = retryAfterSec ?? (status === 429 ? 1 : undefined);
  const headers = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
  return yandexError(status, message ?? FAILURES[status] ?? `Simulated error (HTTP ${status}).`, headers);
}

/** A stream that fails midway ends with an error line instead of a result line. */
export const streamErrorFrame = (): string => `${JSON.stringify(yandexBody(500, FAILURES[500]!))}\n`;

export const newRequestId = (): string => randomUUID();

/** `Authorization: Api-Key <key>` or `Authorization: Bearer <IAM token>`; the simulator's key stands for both. */
export function authenticate(headers: IncomingHttpHeaders, apiKey: string): ApiError | undefined {
  const header = headers.authorization;
  if (!header) return yandexError(401, 'The request is unauthenticated: no Authorization header (expected "Api-Key <key>" or "Bearer <IAM token>")');
  const match = /^(Api-Key|Bearer)\s+(\S+)$/.exec(header);
  if (!match) return yandexError(401, 'The Authorization header must be "Api-Key <key>" or "Bearer <IAM token>"');
  if (match[2] === apiKey) return undefined;
  return yandexError(401, match[1] === 'Api-Key' ? `Unknown api key '${match[2]!.slice(0, 4)}****'` : 'The token is invalid');
}
