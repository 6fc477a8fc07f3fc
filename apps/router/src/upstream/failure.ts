import { redactSecrets } from '@alltokens/platform';
import { ApiError, type Attempt } from '@alltokens/contracts';

/** Statuses that say "this provider, not this request": try the next endpoint. */
export function isFailoverStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408 || status === 409 || status === 401 || status === 403 || status === 404;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** How a thrown transport error is recorded. */
export function classifyTransportError(error: unknown): Attempt['outcome'] {
  const code = (error as { code?: string }).code ?? '';
  if ((error as Error).name === 'AbortError' || code === 'UND_ERR_ABORTED') return 'cancelled';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  return 'connect_error';
}

export function describeError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = redactSecrets((error as Error).message ?? String(error));
  return code ? `${code}: ${message}` : message;
}

/** The error of a request every candidate failed: a timeout or rate limit when all said so, else a 502. */
export function allFailed(attempts: Attempt[]): ApiError {
  const summary = attempts.map(({ providerId, httpStatus, outcome, error }) => ({ provider: providerId, status: httpStatus, outcome, error }));
  if (attempts.every((attempt) => attempt.outcome === 'timeout')) {
    return new ApiError(504, 'upstream_timeout', 'Every provider timed out before answering', null, { attempts: summary });
  }
  if (attempts.every((attempt) => attempt.httpStatus === 429)) {
    return new ApiError(429, 'rate_limited', 'Every provider is rate limiting; retry shortly', null, { attempts: summary });
  }
  return new ApiError(502, 'upstream_error', 'Every provider failed before answering', null, { attempts: summary });
}
