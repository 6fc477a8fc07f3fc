import type { ChatCompletion, ChatCompletionRequest } from '@alltokens/contracts';
import type {
  AdapterContext,
  Capabilities,
  ProviderAdapter,
  ProviderError,
  StreamTranslator,
  UpstreamRequest,
} from '../core/adapter';
import { unparsedError } from '../core/provider-error';
import { AI_STUDIO, type GoogleApi } from './gemini.api';
import { GoogleEmbeddings } from './gemini.embeddings';
import { toGeminiBody } from './gemini.request';
import { toChatCompletion } from './gemini.response';
import { GeminiStreamTranslator } from './gemini.stream';
import type { GeminiResponse, GoogleErrorBody } from './gemini.types';

/** Implicit caching reports `cachedContentTokenCount`, hence prompt caching. */
const GEMINI_CAPABILITIES: Capabilities = {
  chat: true,
  stream: true,
  tools: true,
  vision: true,
  jsonSchema: true,
  reasoning: true,
  embeddings: true,
  completions: false,
  promptCaching: true,
};

/** Google's `generateContent` API, served by AI Studio (`gemini`) and Vertex AI (`vertex`). */
export class GeminiAdapter implements ProviderAdapter {
  readonly format: string;
  readonly displayName: string;
  readonly defaultBaseUrl: string;
  readonly capabilities = GEMINI_CAPABILITIES;
  readonly embeddings: GoogleEmbeddings;

  constructor(private readonly api: GoogleApi = AI_STUDIO) {
    this.format = api.format;
    this.displayName = api.displayName;
    this.defaultBaseUrl = api.defaultBaseUrl;
    this.embeddings = new GoogleEmbeddings(api);
  }

  buildChatRequest(request: ChatCompletionRequest, { provider, endpoint }: AdapterContext, stream: boolean): UpstreamRequest {
    const method = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
    return {
      url: `${this.api.modelUrl(provider, endpoint.upstreamModel)}:${method}`,
      headers: this.api.headers(provider),
      body: JSON.stringify(toGeminiBody(request)),
    };
  }

  parseChatResponse(json: unknown, { endpoint }: AdapterContext): ChatCompletion {
    return toChatCompletion(json as GeminiResponse, endpoint.upstreamModel);
  }

  createStreamTranslator({ endpoint }: AdapterContext): StreamTranslator {
    return new GeminiStreamTranslator(endpoint.upstreamModel);
  }

  /** `{"error":{"code","message","status"}}`; a non-SSE stream wraps it in an array. */
  parseError(status: number, body: string): ProviderError {
    try {
      const parsed = JSON.parse(body) as GoogleErrorBody | GoogleErrorBody[];
      const error = (Array.isArray(parsed) ? parsed[0] : parsed)?.error;
      if (error?.message) return { code: error.status ?? `upstream_${status}`, message: error.message };
    } catch {
      // not JSON
    }
    return unparsedError(status, body);
  }
}
