import type { ChatCompletion, ChatCompletionRequest } from '@alltokens/contracts';
import type {
  AdapterContext,
  Capabilities,
  ProviderAdapter,
  ProviderError,
  StreamTranslator,
  UpstreamRequest,
} from '../core/adapter';
import { parseProviderError, type ErrorFormat } from '../core/upstream-json';
import { AI_STUDIO, type GoogleApi } from './gemini.api';
import { GoogleEmbeddings } from './gemini.embeddings';
import { GEMINI_PARAMETERS, toGeminiBody } from './gemini.request';
import { toChatCompletion } from './gemini.response';
import { errorSchema } from './gemini.schema';
import { GeminiStreamTranslator } from './gemini.stream';

/** Implicit caching reports `cachedContentTokenCount`, hence prompt caching. */
const GEMINI_CAPABILITIES: Capabilities = {
  chat: true,
  stream: true,
  tools: true,
  vision: true,
  jsonSchema: true,
  reasoning: true,
  promptCaching: true,
};

/** `{"error":{"code","message","status"}}`; a non-SSE stream wraps it in an array. */
const GOOGLE_ERRORS: ErrorFormat<typeof errorSchema> = {
  schema: errorSchema,
  read: (parsed, status) => {
    const { error } = Array.isArray(parsed) ? parsed[0] : parsed;
    return error.message ? { code: error.status ?? `upstream_${status}`, message: error.message } : undefined;
  },
};

/** Google's `generateContent` API, served by AI Studio (`gemini`) and Vertex AI (`vertex`). */
export class GeminiAdapter implements ProviderAdapter {
  readonly format: string;
  readonly displayName: string;
  readonly defaultBaseUrl: string;
  readonly capabilities = GEMINI_CAPABILITIES;
  readonly parameters = GEMINI_PARAMETERS;
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
    return toChatCompletion(json, endpoint.upstreamModel);
  }

  createStreamTranslator({ endpoint }: AdapterContext): StreamTranslator {
    return new GeminiStreamTranslator(endpoint.upstreamModel);
  }

  parseError(status: number, body: string): ProviderError {
    return parseProviderError(GOOGLE_ERRORS, status, body);
  }
}
