import { AdapterRegistry } from './core/registry';
import type { ProviderAdapter } from './core/adapter';
import { BedrockAdapter } from './bedrock/bedrock.adapter';
import { AnthropicAdapter } from './anthropic/anthropic.adapter';
import { OpenAiAdapter } from './openai/openai.adapter';
import { YandexAdapter } from './yandex/yandex.adapter';
import { GigaChatAdapter } from './gigachat/gigachat.adapter';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible/presets';
import { GeminiAdapter } from './gemini/gemini.adapter';
import { VERTEX_AI } from './gemini/gemini.api';
import { CohereAdapter } from './cohere/cohere.adapter';

/** Every provider adapter: one line per wire format. */
export const ADAPTERS: readonly ProviderAdapter[] = [
  ...OPENAI_COMPATIBLE_PRESETS.map((preset) => new OpenAiAdapter(preset)),
  new YandexAdapter(),
  new GigaChatAdapter(),
  new AnthropicAdapter(),
  new BedrockAdapter(),
  new GeminiAdapter(),
  new GeminiAdapter(VERTEX_AI),
  new CohereAdapter(),
];

export function createAdapterRegistry(): AdapterRegistry {
  return new AdapterRegistry([...ADAPTERS]);
}
