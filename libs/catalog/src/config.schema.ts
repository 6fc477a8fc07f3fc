import { z } from 'zod';

/** Prices in USD per million tokens (how providers publish them); per-request fee in USD. */
export const priceConfigSchema = z.object({
  prompt: z.number().nonnegative(),
  completion: z.number().nonnegative(),
  cached_prompt: z.number().nonnegative().optional(),
  cache_write: z.number().nonnegative().optional(),
  request: z.number().nonnegative().default(0),
});

/** Whether routing may use an endpoint (the config's value, or a management-API override). */
export const endpointStatusSchema = z.enum(['active', 'disabled']);
export type EndpointStatus = z.infer<typeof endpointStatusSchema>;

const modelIdSchema = z.string().regex(/^[a-z0-9][\w.-]*\/[\w.:-]+$/i, 'must be author/slug, e.g. openai/gpt-4o-mini');

export const endpointConfigSchema = z.object({
  model: modelIdSchema,
  /** The id the provider's API expects; defaults to the slug of `model`. */
  upstream_id: z.string().optional(),
  pricing: priceConfigSchema.optional(),
  context_length: z.number().int().positive().optional(),
  max_output_tokens: z.number().int().positive().optional(),
  supported_parameters: z.array(z.string()).optional(),
  /** Input modalities, e.g. [text, image]. */
  modalities: z.array(z.enum(['text', 'image', 'audio', 'file'])).optional(),
  quantization: z.string().optional(),
  /** Where the provider runs this endpoint (data residency), e.g. `us`, `eu`, `ru`. */
  region: z.string().optional(),
  /** Data policy: does the provider train on prompts, retain them, or guarantee zero retention. */
  trains_on_data: z.boolean().optional(),
  retains_data: z.boolean().optional(),
  zero_data_retention: z.boolean().optional(),
  status: endpointStatusSchema.default('active'),
  /**
   * `chat` endpoints serve chat and legacy completions (translated); `completion` endpoints are text-completion
   * models (base or instruct) served natively on `/completions` only; `embeddings` endpoints serve `/embeddings`.
   */
  type: z.enum(['chat', 'completion', 'embeddings']).default('chat'),
});

export const providerConfigSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _'),
  name: z.string().optional(),
  /** Wire format / adapter id, e.g. `openai`, `anthropic`, `groq` (see docs/providers.md). */
  format: z.string().default('openai'),
  /** Defaults to the format's public endpoint; required for self-hosted formats (vLLM, Azure...). */
  base_url: z.string().url().optional(),
  api_key: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  /** Format-specific settings (Azure `api_version`, Bedrock `region`/`access_key_id`, Yandex `folder_id`...). */
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
  timeout_ms: z.number().int().positive().default(120_000),
  /** Provider-wide defaults for its endpoints' region and data policy. */
  region: z.string().optional(),
  trains_on_data: z.boolean().default(false),
  retains_data: z.boolean().default(false),
  zero_data_retention: z.boolean().default(false),
  /** How long to wait for response headers / the first byte before failing over. */
  first_byte_timeout_ms: z.number().int().positive().default(30_000),
  /** Longest silence inside a stream before it counts as stalled (and is continued elsewhere). */
  stream_idle_timeout_ms: z.number().int().positive().default(60_000),
  models: z.array(endpointConfigSchema).min(1),
});

export const modelConfigSchema = z.object({
  id: modelIdSchema,
  name: z.string().optional(),
  description: z.string().optional(),
  context_length: z.number().int().positive().optional(),
});

export const catalogConfigSchema = z.object({
  providers: z.array(providerConfigSchema).min(1),
  models: z.array(modelConfigSchema).default([]),
});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
export type EndpointConfig = z.infer<typeof endpointConfigSchema>;
export type PriceConfig = z.infer<typeof priceConfigSchema>;
