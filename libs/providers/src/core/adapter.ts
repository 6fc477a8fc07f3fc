import type { CatalogEndpoint, ProviderInfo } from '@alltokens/catalog';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, EmbeddingsApiRequest } from '@alltokens/contracts';
import type { ParameterDocs } from './parameters';

/**
 * What a provider's chat API can do; a request needing a missing capability is refused, never
 * silently degraded. Embeddings and legacy completions are not flags: an adapter has them when it
 * has their support object (`embeddings`, `textCompletions`).
 */
export interface Capabilities {
  chat: boolean;
  stream: boolean;
  tools: boolean;
  vision: boolean;
  jsonSchema: boolean;
  reasoning: boolean;
  promptCaching: boolean;
}

export interface UpstreamRequest {
  /** Default POST. */
  method?: 'POST' | 'GET';
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface AdapterContext {
  provider: ProviderInfo;
  endpoint: CatalogEndpoint;
}

/** One parsed event of the upstream's stream: SSE `event:` name (if any) and its JSON data. */
export interface StreamEvent {
  event?: string;
  data: unknown;
}

/** Stateful per stream: providers whose events refer back to earlier ones keep that state here. */
export interface StreamTranslator {
  /** Zero or more OpenAI chunks for one upstream event; throws `UpstreamStreamError` for an error event. */
  translate(event: StreamEvent): ChatCompletionChunk[];
}

export interface ProviderError {
  code: string;
  message: string;
}

export interface ProviderAdapter {
  /** Wire format id, as written in the catalog config's `format`. */
  readonly format: string;
  readonly capabilities: Capabilities;
  /** What the chat request's common parameters become (sent, renamed, clamped, dropped, refused), for docs/providers.md. */
  readonly parameters: ParameterDocs;
  /** Display name for docs and errors, e.g. `Anthropic Messages`. */
  readonly displayName: string;
  /** Used when the provider config has no `base_url`; absent for self-hosted formats. */
  readonly defaultBaseUrl?: string;
  buildChatRequest(request: ChatCompletionRequest, context: AdapterContext, stream: boolean): UpstreamRequest | Promise<UpstreamRequest>;
  parseChatResponse(json: unknown, context: AdapterContext): ChatCompletion;
  createStreamTranslator(context: AdapterContext): StreamTranslator;
  /** The provider's error body, with its own message kept (some, like Bedrock, name the error in a header). */
  parseError(status: number, body: string, headers?: Record<string, string | string[] | undefined>): ProviderError;
  /** Decodes a streamed response body into events. Default: the shared SSE framer (`readSseEvents`). */
  readEvents?(body: AsyncIterable<Uint8Array>): AsyncIterable<StreamEvent>;
  /** The provider's embeddings API; absent when it has none. */
  readonly embeddings?: EmbeddingsSupport;
  /** The native legacy `/completions` API, for text-completion models; absent when the provider has none. */
  readonly textCompletions?: TextCompletionSupport;
  /** Continuing an answer whose stream broke, from the text produced so far; absent when the provider cannot. */
  readonly continuation?: ContinuationSupport;
  /** Request parameters the adapter honours outside its parameter table (e.g. `parallel_tool_calls` in its tool mapping). */
  readonly alsoSupports?: readonly string[];
}

/**
 * Stream continuation: the request again with the text the client already has as the start of the
 * assistant's answer (a prefill), which the provider continues, so only new text comes back.
 */
export interface ContinuationSupport {
  /** Whether the format continues without being told to (else only providers whose `options.continuation` says so). */
  readonly byDefault: boolean;
  /** Why this endpoint cannot continue this request (turned off, extended thinking, a model without prefills), or null. */
  refusal(request: ChatCompletionRequest, context: AdapterContext): string | null;
  /** The prefill as the provider takes it (Anthropic refuses trailing whitespace, so it is trimmed); the rest may come again. */
  prefillOf(produced: string): string;
  buildRequest(request: ChatCompletionRequest, prefill: string, context: AdapterContext, stream: boolean): UpstreamRequest | Promise<UpstreamRequest>;
}

/** Text-completion models speak prompt in, text out; the router hands their replies on in chat shape. */
export interface TextCompletionSupport {
  buildRequest(request: ChatCompletionRequest, prompt: string, context: AdapterContext, stream: boolean): UpstreamRequest | Promise<UpstreamRequest>;
  parseResponse(json: unknown): ChatCompletion;
  createStreamTranslator(): StreamTranslator;
}

/** OpenAI's embeddings request, as the gateway validated it: the contract's schema is its one definition. */
export type EmbeddingsRequest = EmbeddingsApiRequest;

export interface EmbeddingsResult {
  vectors: number[][];
  promptTokens: number;
}

export interface EmbeddingsSupport {
  /** Inputs one upstream call takes at most (Titan and YandexGPT: 1); the router splits larger requests. */
  maxInputs?(endpoint: AdapterContext['endpoint']): number;
  buildRequest(request: EmbeddingsRequest, inputs: string[], context: AdapterContext): UpstreamRequest | Promise<UpstreamRequest>;
  parseResponse(json: unknown, inputs: string[]): EmbeddingsResult;
}

/** An error event inside an upstream stream. */
export class UpstreamStreamError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamStreamError';
  }
}

/** The needs a request puts on a wire format, as computed by routing. */
export interface FormatNeeds {
  stream: boolean;
  tools: boolean;
  vision: boolean;
  jsonSchema: boolean;
}

/** Why this adapter cannot serve the request, or null. Routing skips such endpoints, naming the reason. */
export function capabilityGap(adapter: ProviderAdapter, needs: FormatNeeds): string | null {
  const { capabilities, displayName } = adapter;
  if (needs.stream && !capabilities.stream) return `${displayName} does not stream`;
  if (needs.tools && !capabilities.tools) return `${displayName} does not support tools`;
  if (needs.vision && !capabilities.vision) return `${displayName} does not accept images`;
  if (needs.jsonSchema && !capabilities.jsonSchema) return `${displayName} does not support JSON schema`;
  return null;
}
