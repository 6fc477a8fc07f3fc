import type { ProviderError } from '../core/adapter';
import { parseProviderError, type ErrorFormat } from '../core/upstream-json';
import { errorSchema } from './converse.schema';

/**
 * Bedrock Runtime names its error in the `x-amzn-errortype` header; without it, each status has one
 * usual type (429 is also `ModelNotReadyException`, whose message says so).
 */
const ERROR_TYPES: Record<number, string> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

/** `com.amazon.coral.service#ValidationException:http://...` → `ValidationException`. */
const typeName = (type: string): string => type.split('#').pop()!.split(':')[0]!;

const BEDROCK_ERRORS: ErrorFormat<typeof errorSchema> = {
  schema: errorSchema,
  read: (parsed, status, headers) => {
    const message = parsed.message ?? parsed.Message;
    if (!message) return undefined;
    const header = headers['x-amzn-errortype'];
    const headerType = typeof header === 'string' && header ? typeName(header) : undefined;
    return { code: headerType ?? (parsed.__type ? typeName(parsed.__type) : (ERROR_TYPES[status] ?? `upstream_${status}`)), message };
  },
};

/** AWS's JSON error body `{"message": "..."}`, with the provider's message kept. */
export function parseBedrockError(status: number, body: string, headers: Record<string, string | string[] | undefined> = {}): ProviderError {
  return parseProviderError(BEDROCK_ERRORS, status, body, headers);
}
