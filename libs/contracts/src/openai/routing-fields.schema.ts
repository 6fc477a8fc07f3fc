import { z } from 'zod';

/** What the `router` model optimises for. */
export const OBJECTIVES = ['balanced', 'cheapest', 'fastest', 'best'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export function isObjective(value: unknown): value is Objective {
  return OBJECTIVES.includes(value as Objective);
}

/** OpenRouter's `provider` routing preferences object. */
export const providerPreferencesSchema = z.object({
  order: z.array(z.string()).optional(),
  allow_fallbacks: z.boolean().default(true),
  require_parameters: z.boolean().default(false),
  data_collection: z.enum(['allow', 'deny']).default('allow'),
  zdr: z.boolean().default(false),
  only: z.array(z.string()).optional(),
  ignore: z.array(z.string()).optional(),
  quantizations: z.array(z.string()).optional(),
  sort: z.enum(['price', 'throughput', 'latency']).optional(),
  /** USD per million tokens. */
  max_price: z.object({ prompt: z.number().nonnegative().optional(), completion: z.number().nonnegative().optional() }).optional(),
});
export type ProviderPreferences = z.infer<typeof providerPreferencesSchema>;

/**
 * The routing fields a chat request may carry beside OpenAI's, at the top level (as `extra_body` sends
 * them); `objective` and `max_cost_per_1k_tokens` may also sit in `metadata`. The chat schema lets them
 * through unchecked: routing validates them, naming the field in its error.
 */
export interface RoutingFields {
  /** OpenRouter's provider preferences ({@link providerPreferencesSchema}). */
  provider?: unknown;
  /** OpenRouter's model fallbacks: model ids tried after `model`. */
  models?: unknown;
  /** One of {@link OBJECTIVES}, for `router`. */
  objective?: unknown;
  /** A hard cap on the estimated USD per 1k tokens. */
  max_cost_per_1k_tokens?: unknown;
  /** `false`: a stream broken mid-answer ends with an error event instead of being continued on another endpoint. */
  stream_continuation?: unknown;
}
