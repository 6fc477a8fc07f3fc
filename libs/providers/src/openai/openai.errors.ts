import { UpstreamStreamError } from '../core/adapter';
import { parseUpstream, type ErrorFormat } from '../core/upstream-json';
import { errorSchema } from './openai.schema';

/** `{"error":{"message","type","code"}}`, the provider's message kept. */
export const OPENAI_ERRORS: ErrorFormat<typeof errorSchema> = {
  schema: errorSchema,
  read: ({ error }, status) =>
    typeof error !== 'string' && error.message ? { code: String(error.code ?? error.type ?? `upstream_${status}`), message: error.message } : undefined,
};

/** An error event inside the stream: the same envelope as an error body. */
export function throwIfStreamError(data: unknown): void {
  if (typeof data !== 'object' || data === null || !('error' in data)) return;
  const { error } = parseUpstream(errorSchema, data, 'stream error event');
  if (typeof error === 'string') throw new UpstreamStreamError('upstream_error', error || 'Upstream error');
  throw new UpstreamStreamError(String(error.code ?? error.type ?? 'upstream_error'), error.message ?? 'Upstream error');
}
