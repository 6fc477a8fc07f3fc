import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../personality';

/** `google.rpc.Code` names by HTTP status, as Google's JSON errors spell them in `status`. */
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const statusName = (code: number): string => STATUS_NAMES[code] ?? (code >= 500 ? 'UNKNOWN' : 'FAILED_PRECONDITION');

/** Google's error envelope: `{"error":{"code","message","status","details"?}}`. */
export function googleError(code: number, message: string, details?: unknown[], headers = {}): ApiError {
  return new ApiError(code, { error: { code, message, status: statusName(code), ...(details && { details }) } }, headers);
}

/** A request Google rejects while reading it, with the field it blames. */
export function fieldViolation(field: string, description: string): ApiError {
  return googleError(400, description, [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] }]);
}

/** A semantic check, worded like Google's validator: `* GenerateContentRequest.<field>: <what>`. */
export const invalidRequest = (message: string, field: string, request = 'GenerateContentRequest'): ApiError =>
  googleError(400, `* ${request}.${field}: ${message}\n`);

export const invalidJson = (): ApiError => googleError(400, 'Invalid JSON payload received. Unexpected token.');

const FAILURES: Record<number, string> = {
  400: 'Request contains an invalid argument.',
  401: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  413: 'Request payload size exceeds the limit: 20971520 bytes.',
  429: 'Resource has been exhausted (e.g. check quota).',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
  504: 'Deadline expired before operation could complete.',
};

export function failure(status: number, message?: string, retryAfterSec?: number): ApiError {
  const text = message ?? FAILURES[status] ?? `Simulated error (HTTP ${status}).`;
  // Google states the wait in a RetryInfo detail; the header is for clients that only read headers.
  if (retryAfterSec === undefined) return googleError(status, text);
  const retry = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSec}s` };
  return googleError(status, text, [retry], { 'retry-after': String(retryAfterSec) });
}

/** The `data:` event a failing stream ends with. */
export const streamErrorFrame = (): string => `data: ${JSON.stringify(failure(500).body)}\r\n\r\n`;

const OAUTH_HINT = 'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** Vertex AI takes an OAuth access token as `Authorization: Bearer`. */
function authenticateVertex(headers: IncomingHttpHeaders, apiKey: string): ApiError | undefined {
  const header = headers.authorization;
  if (header === undefined) return googleError(401, `Request is missing required authentication credential. ${OAUTH_HINT}`);
  if (header.replace(/^Bearer\s+/i, '').trim() === apiKey) return undefined;
  return googleError(401, `Request had invalid authentication credentials. ${OAUTH_HINT}`);
}

/** AI Studio takes the key in `x-goog-api-key` or the `key` query parameter. */
function authenticateAiStudio(headers: IncomingHttpHeaders, apiKey: string, query: URLSearchParams): ApiError | undefined {
  const key = headers['x-goog-api-key'] ?? query.get('key') ?? undefined;
  if (key === undefined) {
    return googleError(
      403,
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    );
  }
  if (key === apiKey) return undefined;
  const reason = { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } };
  return googleError(400, 'API key not valid. Please pass a valid API key.', [reason]);
}

export const isVertexPath = (path: string): boolean => path.startsWith('/v1/projects/');

export function authenticate(headers: IncomingHttpHeaders, apiKey: string, path: string, query: URLSearchParams): ApiError | undefined {
  return isVertexPath(path) ? authenticateVertex(headers, apiKey) : authenticateAiStudio(headers, apiKey, query);
}
