import type { ChatCompletion, ChatCompletionRequest } from '@alltokens/contracts';
import type { ProviderInfo } from '@alltokens/catalog';
import type { AdapterContext, Capabilities, ProviderAdapter, ProviderError, StreamTranslator, UpstreamRequest } from '../core/adapter';
import { parseProviderError, type ErrorFormat } from '../core/upstream-json';
import { CohereEmbeddings } from './cohere.embeddings';
import { COHERE_PARAMETERS, toCohereBody } from './cohere.request';
import { toChatCompletion } from './cohere.response';
import { errorSchema } from './cohere.schema';
import { CohereStreamTranslator } from './cohere.stream';

/** Images need a vision model (Command A Vision), thinking a reasoning model; `usage.cached_tokens` reports cache hits. */
const COHERE_CAPABILITIES: Capabilities = {
  chat: true,
  stream: true,
  tools: true,
  vision: true,
  jsonSchema: true,
  reasoning: true,
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

const COHERE_ERRORS: ErrorFormat<typeof errorSchema> = {
  schema: errorSchema,
  read: ({ message }, status) => (message ? { code: ERROR_CODES[status] ?? `upstream_${status}`, message } : undefined),
};

/** Cohere's v2 Chat API (`POST /v2/chat`) and v2 Embed API. */
export class CohereAdapter implements ProviderAdapter {
  readonly format = 'cohere';
  readonly displayName = 'Cohere';
  readonly defaultBaseUrl = 'https://api.cohere.com';
  readonly capabilities = COHERE_CAPABILITIES;
  readonly parameters = COHERE_PARAMETERS;
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
    return toChatCompletion(json, endpoint.upstreamModel);
  }

  createStreamTranslator({ endpoint }: AdapterContext): StreamTranslator {
    return new CohereStreamTranslator(endpoint.upstreamModel);
  }

  parseError(status: number, body: string): ProviderError {
    return parseProviderError(COHERE_ERRORS, status, body);
  }
}
