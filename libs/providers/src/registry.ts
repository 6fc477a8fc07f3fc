import { AdapterRegistry } from './core/registry';
import type { ProviderAdapter } from './core/adapter';
import { OpenAiAdapter } from './openai/openai.adapter';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible/presets';

/** Every provider adapter: one line per wire format. */
export const ADAPTERS: readonly ProviderAdapter[] = [
  ...OPENAI_COMPATIBLE_PRESETS.map((preset) => new OpenAiAdapter(preset)),
];

export function createAdapterRegistry(): AdapterRegistry {
  return new AdapterRegistry([...ADAPTERS]);
}
