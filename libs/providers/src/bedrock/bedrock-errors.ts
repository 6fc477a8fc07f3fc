import type { ProviderError } from '../core/adapter';
import { unparsedError } from '../core/provider-error';

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

interface AwsErrorBody {
  message?: string;
  /** AWS's edge (authentication, authorization) capitalises it. */
  Message?: string;
  __type?: string;
}

/** `com.amazon.coral.service#ValidationException:http://...` → `ValidationException`. */
const typeName = (type: string): string => type.split('#').pop()!.split(':')[0]!;

/** AWS's JSON error body `{"message": "..."}`, with the provider's message kept. */
export function parseBedrockError(status: number, body: string, headers: Record<string, string | string[] | undefined> = {}): ProviderError {
  const header = headers['x-amzn-errortype'];
  const headerType = typeof header === 'string' && header ? typeName(header) : undefined;
  try {
    const parsed = JSON.parse(body) as AwsErrorBody;
    const message = parsed.message ?? parsed.Message;
    if (message) return { code: headerType ?? (parsed.__type ? typeName(parsed.__type) : (ERROR_TYPES[status] ?? `upstream_${status}`)), message };
  } catch {
    // not JSON: fall through to the raw text
  }
  return unparsedError(status, body);
}
