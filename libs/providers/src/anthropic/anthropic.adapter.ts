import type { ChatCompletion, ChatCompletionRequest } from '@alltokens/contracts';
import type { AdapterContext, Capabilities, ContinuationSupport, ProviderAdapter, ProviderError, StreamTranslator, UpstreamRequest } from '../core/adapter';
import { parseProviderError, type ErrorFormat } from '../core/upstream-json';
import { anthropicContinuation } from './anthropic.continuation';
import { ANTHROPIC_PARAMETERS, toAnthropicBody } from './anthropic.request';
import { toChatCompletion } from './anthropic.response';
import { errorSchema } from './anthropic.schema';
import { AnthropicStreamTranslator } from './anthropic.stream';

/** Pinned: the version this mapping is written for (`2026-10-21` removed `temperature`, `top_p` and `top_k`). */
const ANTHROPIC_VERSION = '2023-06-01';

const ANTHROPIC_ERRORS: ErrorFormat<typeof errorSchema> = {
  schema: errorSchema,
  read: ({ error }, status) => (error.message ? { code: error.type || `upstream_${status}`, message: error.message } : undefined),
};

/** Anthropic's Messages API (`POST /v1/messages`). Anthropic has no embeddings or legacy completions API. */
export class AnthropicAdapter implements ProviderAdapter {
  readonly format = 'anthropic';
  readonly displayName = 'Anthropic Messages';
  readonly defaultBaseUrl = 'https://api.anthropic.com';
  readonly capabilities: Capabilities = {
    chat: true,
    stream: true,
    tools: true,
    vision: true,
    jsonSchema: true,
    reasoning: true,
    promptCaching: true,
  };
  readonly parameters = ANTHROPIC_PARAMETERS;
  /** `parallel_tool_calls: false` becomes `disable_parallel_tool_use`. */
  readonly alsoSupports = ['parallel_tool_calls'];
  readonly continuation: ContinuationSupport = anthropicContinuation((request, context, stream) => this.buildChatRequest(request, context, stream));

  buildChatRequest(request: ChatCompletionRequest, { provider, endpoint }: AdapterContext, stream: boolean): UpstreamRequest {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION, ...provider.headers };
    if (provider.apiKey) headers['x-api-key'] = provider.apiKey;
    return {
      url: `${provider.baseUrl}/v1/messages`,
      headers,
      body: JSON.stringify(toAnthropicBody(request, endpoint, provider.options, stream)),
    };
  }

  parseChatResponse(json: unknown): ChatCompletion {
    return toChatCompletion(json);
  }

  createStreamTranslator(): StreamTranslator {
    return new AnthropicStreamTranslator();
  }

  parseError(status: number, body: string): ProviderError {
    return parseProviderError(ANTHROPIC_ERRORS, status, body);
  }
}
