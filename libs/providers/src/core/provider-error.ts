import type { ProviderError } from './adapter';

/** An error body the adapter could not read (an HTML page from a proxy...): its text, or the status. */
export const unparsedError = (status: number, body: string): ProviderError => ({
  code: `upstream_${status}`,
  message: body.slice(0, 500) || `Upstream answered HTTP ${status}`,
});
