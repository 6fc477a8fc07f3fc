import { z } from 'zod';
import type { CatalogEndpoint, CatalogModel } from '@alltokens/catalog';

export const listModelsQuerySchema = z.object({ supported_parameters: z.string().optional() });

/** USD per token as OpenRouter writes it: a decimal string, never exponent notation. */
export function priceString(value: number): string {
  if (value === 0) return '0';
  return value.toFixed(12).replace(/0+$/, '').replace(/\.$/, '');
}

function cheapest(endpoints: CatalogEndpoint[]): CatalogEndpoint {
  return endpoints.reduce((best, endpoint) =>
    endpoint.pricing.prompt + endpoint.pricing.completion < best.pricing.prompt + best.pricing.completion ? endpoint : best,
  );
}

/** OpenRouter's model object, with OpenAI's `object`/`owned_by` so `client.models.list()` works too. */
export function toModelView(model: CatalogModel) {
  const top = cheapest(model.endpoints);
  const supported = new Set(model.endpoints.flatMap((endpoint) => endpoint.supportedParameters));
  return {
    id: model.id,
    canonical_slug: model.id,
    object: 'model' as const,
    owned_by: model.id.split('/')[0],
    name: model.name,
    created: model.created,
    description: model.description ?? '',
    context_length: model.contextLength,
    architecture: { modality: 'text->text', input_modalities: ['text'], output_modalities: ['text'], tokenizer: 'Other', instruct_type: null },
    pricing: {
      prompt: priceString(top.pricing.prompt),
      completion: priceString(top.pricing.completion),
      request: priceString(top.pricing.request),
      image: '0',
      web_search: '0',
      internal_reasoning: '0',
      input_cache_read: priceString(top.pricing.cachedPrompt),
    },
    top_provider: { context_length: top.contextLength, max_completion_tokens: top.maxOutputTokens, is_moderated: false },
    per_request_limits: null,
    supported_parameters: [...supported].sort(),
  };
}
