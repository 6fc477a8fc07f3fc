import { z } from 'zod';

/** The OpenAI error body: `{"error":{"message","type","param","code"}}`. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    param: z.string().nullable(),
    code: z.union([z.string(), z.number()]).nullable(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'insufficient_quota',
  403: 'permission_error',
  404: 'invalid_request_error',
  408: 'timeout_error',
  409: 'conflict_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
  501: 'not_implemented_error',
  502: 'upstream_error',
  503: 'service_unavailable_error',
  504: 'timeout_error',
};

export function errorTypeFor(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function apiErrorBody(
  status: number,
  code: string,
  message: string,
  param: string | null = null,
  metadata?: Record<string, unknown>,
): ApiErrorBody {
  return { error: { message, type: errorTypeFor(status), param, code, ...(metadata ? { metadata } : {}) } };
}

/** An error that knows its HTTP status and OpenAI-shaped body; thrown anywhere, rendered at the edge. */
export class ApiError extends Error {
  /** Response headers that belong with this error (e.g. `retry-after`). */
  headers?: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    readonly metadata?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  withHeaders(headers: Record<string, string>): this {
    this.headers = headers;
    return this;
  }

  toBody(): ApiErrorBody {
    return apiErrorBody(this.status, this.code, this.message, this.param, this.metadata);
  }
}
