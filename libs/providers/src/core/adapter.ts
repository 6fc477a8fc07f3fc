import type { CatalogEndpoint, ProviderInfo } from '@alltokens/catalog';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@alltokens/contracts';

/** What a provider can do; a request needing a missing capability is refused, never silently degraded. */
export interface Capabilities {
  chat: boolean;
  stream: boolean;
  tools: boolean;
  vision: boolean;
  jsonSchema: boolean;
  reasoning: boolean;
  embeddings: boolean;
  completions: boolean;
  promptCaching: boolean;
}

export interface UpstreamRequest {
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
  buildChatRequest(request: ChatCompletionRequest, context: AdapterContext, stream: boolean): UpstreamRequest | Promise<UpstreamRequest>;
  parseChatResponse(json: unknown, context: AdapterContext): ChatCompletion;
  createStreamTranslator(context: AdapterContext): StreamTranslator;
  /** The provider's error body, with its own message kept. */
  parseError(status: number, body: string): ProviderError;
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
