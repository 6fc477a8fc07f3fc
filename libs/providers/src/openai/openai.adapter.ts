import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@alltokens/contracts';
import {
  type AdapterContext,
  type Capabilities,
  type ProviderAdapter,
  type ProviderError,
  type StreamEvent,
  type StreamTranslator,
  type UpstreamRequest,
  UpstreamStreamError,
} from '../core/adapter';

/** Request fields OpenAI's chat completions API accepts; everything else (AllTokens/OpenRouter extras) stays home. */
const OPENAI_PARAMETERS = [
  'messages',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'n',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'seed',
  'user',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
  'service_tier',
  'modalities',
  'audio',
  'prediction',
  'verbosity',
  'prompt_cache_key',
  'safety_identifier',
] as const;

export const OPENAI_CAPABILITIES: Capabilities = {
  chat: true,
  stream: true,
  tools: true,
  vision: true,
  jsonSchema: true,
  reasoning: true,
  embeddings: true,
  completions: true,
  promptCaching: true,
};

function toUpstreamBody(request: ChatCompletionRequest, upstreamModel: string, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { model: upstreamModel };
  for (const name of OPENAI_PARAMETERS) {
    const value = request[name];
    if (value !== undefined && value !== null) body[name] = value;
  }
  if (stream) {
    body.stream = true;
    // Always ask for usage so the request can be billed; the relay hides it if the client did not ask.
    body.stream_options = { include_usage: true };
  }
  return body;
}

class OpenAiStreamTranslator implements StreamTranslator {
  translate(event: StreamEvent): ChatCompletionChunk[] {
    const data = event.data as ChatCompletionChunk & { error?: { message?: string; code?: string; type?: string } };
    if (data.error) {
      throw new UpstreamStreamError(String(data.error.code ?? data.error.type ?? 'upstream_error'), data.error.message ?? 'Upstream error');
    }
    return [data];
  }
}

export class OpenAiAdapter implements ProviderAdapter {
  readonly format: string = 'openai';
  readonly displayName: string = 'OpenAI';
  readonly defaultBaseUrl: string | undefined = 'https://api.openai.com/v1';
  readonly capabilities = OPENAI_CAPABILITIES;

  buildChatRequest(request: ChatCompletionRequest, { provider, endpoint }: AdapterContext, stream: boolean): UpstreamRequest {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...provider.headers };
    if (provider.apiKey) headers.authorization = `Bearer ${provider.apiKey}`;
    return {
      url: `${provider.baseUrl}/chat/completions`,
      headers,
      body: JSON.stringify(toUpstreamBody(request, endpoint.upstreamModel, stream)),
    };
  }

  parseChatResponse(json: unknown): ChatCompletion {
    const completion = json as ChatCompletion;
    if (!completion || !Array.isArray(completion.choices)) throw new Error('Upstream response has no choices');
    return completion;
  }

  createStreamTranslator(): StreamTranslator {
    return new OpenAiStreamTranslator();
  }

  parseError(status: number, body: string): ProviderError {
    try {
      const parsed = JSON.parse(body) as { error?: { message?: string; code?: string | null; type?: string } };
      if (parsed.error?.message) {
        return { code: String(parsed.error.code ?? parsed.error.type ?? `upstream_${status}`), message: parsed.error.message };
      }
    } catch {
      // not JSON: fall through to the raw text
    }
    return { code: `upstream_${status}`, message: body.slice(0, 500) || `Upstream answered HTTP ${status}` };
  }
}
