import type { ChatCompletion, ChatCompletionRequest } from '@alltokens/contracts';
import type {
  AdapterContext,
  Capabilities,
  ProviderAdapter,
  ProviderError,
  StreamEvent,
  StreamTranslator,
  UpstreamRequest,
} from '../core/adapter';
import { readNdjsonEvents } from '../core/ndjson-decoder';
import { modelUri, yandexHeaders } from './yandex.connection';
import { YandexEmbeddings } from './yandex.embeddings';
import { parseYandexError } from './yandex.errors';
import { toYandexBody, YANDEX_PARAMETERS } from './yandex.request';
import { toChatCompletion } from './yandex.response';
import { YandexStreamTranslator } from './yandex.stream';

/**
 * Yandex Cloud Foundation Models (`POST /foundationModels/v1/completion`). `options.folder_id` is
 * required; `options.auth: iam` sends the key as an IAM token instead of an API key. Streams are
 * newline-delimited JSON whose every line repeats the whole text so far.
 */
export class YandexAdapter implements ProviderAdapter {
  readonly format = 'yandex';
  readonly displayName = 'YandexGPT (Foundation Models)';
  readonly defaultBaseUrl = 'https://llm.api.cloud.yandex.net';
  readonly capabilities: Capabilities = {
    chat: true,
    stream: true,
    tools: true,
    vision: false,
    jsonSchema: true,
    reasoning: true,
    promptCaching: false,
  };
  readonly parameters = YANDEX_PARAMETERS;
  /** Sent as `parallelToolCalls` beside the tools. */
  readonly alsoSupports = ['parallel_tool_calls'];
  readonly embeddings = new YandexEmbeddings();

  buildChatRequest(request: ChatCompletionRequest, { provider, endpoint }: AdapterContext, stream: boolean): UpstreamRequest {
    return {
      url: `${provider.baseUrl}/foundationModels/v1/completion`,
      headers: yandexHeaders(provider),
      body: JSON.stringify(toYandexBody(request, modelUri('gpt', provider, endpoint.upstreamModel), stream)),
    };
  }

  parseChatResponse(json: unknown, { endpoint }: AdapterContext): ChatCompletion {
    return toChatCompletion(json, endpoint.upstreamModel);
  }

  createStreamTranslator({ endpoint }: AdapterContext): StreamTranslator {
    return new YandexStreamTranslator(endpoint.upstreamModel);
  }

  parseError(status: number, body: string): ProviderError {
    return parseYandexError(status, body);
  }

  readEvents(body: AsyncIterable<Uint8Array>): AsyncIterable<StreamEvent> {
    return readNdjsonEvents(body);
  }
}
