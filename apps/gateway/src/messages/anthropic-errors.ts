import type { ApiErrorBody } from '@alltokens/contracts';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** Anthropic's error shape, keeping AllTokens' message (and code, as an extra field). */
export function anthropicErrorBody(status: number, body: ApiErrorBody | unknown): Record<string, unknown> {
  const error = (body as ApiErrorBody)?.error;
  return {
    type: 'error',
    error: { type: TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message: error?.message ?? 'Error', code: error?.code },
  };
}

export const isMessagesPath = (path: string): boolean => /\/v1\/messages(\/count_tokens)?$/.test(path);
