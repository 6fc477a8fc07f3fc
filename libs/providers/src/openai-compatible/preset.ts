import type { CatalogEndpoint, ProviderInfo } from '@alltokens/catalog';
import type { Capabilities } from '../core/adapter';

/**
 * How a compatible server continues a prefilled answer: `prefill` takes a trailing assistant message as
 * the start of the answer (OpenRouter, llama.cpp), `prefix` needs it flagged `prefix: true` (Mistral),
 * `vllm` needs `continue_final_message` (vLLM's chat template switch). `off`: not continued.
 */
export const CONTINUATION_STYLES = ['prefill', 'prefix', 'vllm', 'off'] as const;
export type ContinuationStyle = (typeof CONTINUATION_STYLES)[number];

/**
 * How one OpenAI-compatible provider differs from OpenAI itself. Adding such a provider is one
 * preset: its URL, how it authenticates and the request fields it rejects or names differently.
 */
export interface OpenAiPreset {
  format: string;
  displayName: string;
  /** Absent for self-hosted servers (vLLM) and deployment-scoped services (Azure): `base_url` is then required. */
  defaultBaseUrl?: string;
  /** `bearer` → `Authorization: Bearer <key>`; `api-key` → `api-key: <key>` (Azure). */
  auth: 'bearer' | 'api-key';
  /** Request fields the provider rejects; removed before sending. */
  drops?: readonly string[];
  /** OpenAI field → the provider's name for it. */
  renames?: Readonly<Record<string, string>>;
  /** OpenRouter's sampling extras (`top_k`, `repetition_penalty`) the server takes under the same names; the rest drop them. */
  samplingExtras?: readonly ('top_k' | 'repetition_penalty')[];
  /** Non-OpenAI request fields forwarded as they are (OpenRouter's own `reasoning` object). */
  passThrough?: readonly string[];
  /** `tool_choice: "required"` spelled the provider's way (Mistral says `any`). */
  requiredToolChoice?: string;
  /** Whether a stream reports usage only when asked with `stream_options` (otherwise the option is dropped). */
  streamOptions: boolean;
  /** The chat URL when it is not `<base>/chat/completions`. */
  chatUrl?: (provider: ProviderInfo, endpoint: CatalogEndpoint) => string;
  /** The embeddings URL when it is not `<base>/embeddings`. */
  embeddingsUrl?: (provider: ProviderInfo, endpoint: CatalogEndpoint) => string;
  capabilities: Capabilities;
  /** `false`: the provider has no `/embeddings` API. */
  embeddings?: false;
  /** `false`: the provider has no legacy `/completions` API. */
  textCompletions?: false;
  /** How it continues a prefilled answer; absent: it does not (a provider's `options.continuation` may say otherwise). */
  continuation?: Exclude<ContinuationStyle, 'off'>;
}

export const FULL_OPENAI_CAPABILITIES: Capabilities = {
  chat: true,
  stream: true,
  tools: true,
  vision: true,
  jsonSchema: true,
  reasoning: true,
  promptCaching: true,
};

export const capabilities = (overrides: Partial<Capabilities>): Capabilities => ({ ...FULL_OPENAI_CAPABILITIES, ...overrides });
