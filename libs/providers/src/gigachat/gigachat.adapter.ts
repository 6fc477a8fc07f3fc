import type { ProviderInfo } from '@alltokens/catalog';
import type { ChatCompletion, ChatCompletionRequest } from '@alltokens/contracts';
import type { AdapterContext, Capabilities, ProviderAdapter, ProviderError, StreamTranslator, UpstreamRequest } from '../core/adapter';
import { parseProviderError, type ErrorFormat } from '../core/upstream-json';
import { gigachatHeaders } from './gigachat.connection';
import { GigaChatEmbeddings } from './gigachat.embeddings';
import { GIGACHAT_PARAMETERS, toGigaChatBody } from './gigachat.request';
import { errorSchema } from './gigachat.schema';
import { toChatCompletion } from './gigachat.response';
import { GigaChatStreamTranslator } from './gigachat.stream';
import { TokenCache } from './token-cache';

const GIGACHAT_ERRORS: ErrorFormat<typeof errorSchema> = {
  schema: errorSchema,
  read: ({ status: code, message }, status) => (message ? { code: `upstream_${code ?? status}`, message } : undefined),
};

/**
 * Sber's GigaChat API: OpenAI-like chat over SSE, behind an OAuth exchange of the authorization
 * key (`api_key`) for short-lived access tokens. Functions instead of tools, images only as
 * uploaded files (not supported here), no JSON-schema output.
 */
export class GigaChatAdapter implements ProviderAdapter {
  readonly format = 'gigachat';
  readonly displayName = 'GigaChat (Sber)';
  readonly defaultBaseUrl = 'https://gigachat.devices.sberbank.ru/api/v1';
  readonly capabilities: Capabilities = {
    chat: true,
    stream: true,
    tools: true,
    vision: false,
    jsonSchema: false,
    reasoning: true,
    promptCaching: true,
  };
  readonly parameters = GIGACHAT_PARAMETERS;
  readonly embeddings: GigaChatEmbeddings;

  constructor(private readonly tokens = new TokenCache()) {
    this.embeddings = new GigaChatEmbeddings((provider) => this.headers(provider));
  }

  async buildChatRequest(request: ChatCompletionRequest, { provider, endpoint }: AdapterContext, stream: boolean): Promise<UpstreamRequest> {
    return {
      url: `${provider.baseUrl}/chat/completions`,
      headers: await this.headers(provider),
      body: JSON.stringify(toGigaChatBody(request, endpoint.upstreamModel, stream)),
    };
  }

  parseChatResponse(json: unknown, { endpoint }: AdapterContext): ChatCompletion {
    return toChatCompletion(json, endpoint.upstreamModel);
  }

  createStreamTranslator({ endpoint }: AdapterContext): StreamTranslator {
    return new GigaChatStreamTranslator(endpoint.upstreamModel);
  }

  /** `{"status": 401, "message": "..."}`. A 401 means a token went bad early: all are dropped (this hook does not know which provider failed). */
  parseError(status: number, body: string): ProviderError {
    if (status === 401) this.tokens.invalidate();
    return parseProviderError(GIGACHAT_ERRORS, status, body);
  }

  private headers(provider: ProviderInfo): Promise<Record<string, string>> {
    return gigachatHeaders(provider, this.tokens);
  }
}
