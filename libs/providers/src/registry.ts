import { AdapterRegistry } from './core/registry';
import { OpenAiAdapter } from './openai/openai.adapter';

/** Every provider adapter: one line per wire format. */
export function createAdapterRegistry(): AdapterRegistry {
  return new AdapterRegistry([new OpenAiAdapter()]);
}
