import type { ChatCompletion, ChatCompletionRequest } from '@alltokens/contracts';
import type { ProviderInfo } from '@alltokens/catalog';
import type { AdapterContext, Capabilities, ProviderAdapter, ProviderError, StreamTranslator, UpstreamRequest } from '../core/adapter';
import { unparsedError } from '../core/provider-error';
import { CohereEmbeddings } from './cohere.embeddings';
import { toCohereBody } from './cohere.request';
import { toChatCompletion } from './cohere.response';
import { CohereStreamTranslator } from './cohere.stream';
import type { CohereChatResponse } from './cohere.types';

/** Images need a vision model (Command A Vision), thinking a reasoning model; `usage.cached_tokens` reports cache hits. */
const COHERE_CAPABILITIES: Capabilities = {
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

/** Cohere's error bodies carry only `{id, message}`; the code names the status as Cohere's API spec does. */
const ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  402: 'payment_required',
  403: 'forbidden',
  404: 'not_found',
  422: 'unprocessable_entity',
  429: 'rate_limit',
  498: 'invalid_token',
  499: 'request_cancelled',
  500: 'internal_server_error',
  501: 'not_implemented',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/** Cohere's v2 Chat API (`POST /v2/chat`) and v2 Embed API. */
export class CohereAdapter implements ProviderAdapter {
  readonly format = 'cohere';
  readonly displayName = 'Cohere';
  readonly defaultBaseUrl = 'https://api.cohere.com';
  readonly capabilities = COHERE_CAPABILITIES;
  readonly embeddings = new CohereEmbeddings((provider) => this.headers(provider));

  buildChatRequest(request: ChatCompletionRequest, { provider, endpoint }: AdapterContext, stream: boolean): UpstreamRequest {
    return {
      url: `${provider.baseUrl}/v2/chat`,
      headers: this.headers(provider),
      body: JSON.stringify(toCohereBody(request, endpoint.upstreamModel, stream)),
    };
  }

  private headers(provider: ProviderInfo): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...provider.headers };
    if (provider.apiKey) headers.authorization = `Bearer ${provider.apiKey}`;
    return headers;
  }

  parseChatResponse(json: unknown, { endpoint }: AdapterContext): ChatCompletion {
    return toChatCompletion(json as CohereChatResponse, endpoint.upstreamModel);
  }

  createStreamTranslator({ endpoint }: AdapterContext): StreamTranslator {
    return new CohereStreamTranslator(endpoint.upstreamModel);
  }

  parseError(status: number, body: string): ProviderError {
    try {
      const parsed = JSON.parse(body) as { message?: string };
      if (parsed.message) return { code: ERROR_CODES[status] ?? `upstream_${status}`, message: parsed.message };
    } catch {
      // not JSON
    }
    return unparsedError(status, body);
  }
}
