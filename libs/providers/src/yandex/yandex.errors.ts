import type { ProviderError } from '../core/adapter';
import { parseProviderError, type ErrorFormat } from '../core/upstream-json';
import { errorSchema, type YandexError } from './yandex.schema';

/** gRPC status codes, which Yandex Cloud reports in every error. */
const GRPC_CODES: Readonly<Record<number, string>> = {
  1: 'cancelled',
  2: 'unknown',
  3: 'invalid_argument',
  4: 'deadline_exceeded',
  5: 'not_found',
  6: 'already_exists',
  7: 'permission_denied',
  8: 'resource_exhausted',
  9: 'failed_precondition',
  10: 'aborted',
  11: 'out_of_range',
  12: 'unimplemented',
  13: 'internal',
  14: 'unavailable',
  15: 'data_loss',
  16: 'unauthenticated',
};

export function yandexErrorCode(error: YandexError, status?: number): string {
  const grpc = error.grpcCode ?? error.code;
  return (grpc !== undefined && GRPC_CODES[grpc]) || `upstream_${error.httpCode ?? status ?? 'error'}`;
}

const YANDEX_ERRORS: ErrorFormat<typeof errorSchema> = {
  schema: errorSchema,
  read: (parsed, status) => {
    const error = parsed.error ?? parsed;
    return error.message ? { code: yandexErrorCode(error, status), message: error.message } : undefined;
  },
};

/** `{"error":{"grpcCode":3,"httpCode":400,"message":"...","httpStatus":"Bad Request","details":[]}}`. */
export function parseYandexError(status: number, body: string): ProviderError {
  return parseProviderError(YANDEX_ERRORS, status, body);
}
