import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@alltokens/contracts';
import { OPENAI_COMPATIBLE_PRESETS } from '../openai-compatible/presets';
import type { OpenAiPreset } from '../openai-compatible/preset';
import { unparsedError } from '../core/provider-error';
import { OpenAiEmbeddings } from './openai.embeddings';
import { OpenAiTextCompletions } from './openai.text-completions';
import {
  type AdapterContext,
  type Capabilities,
  type EmbeddingsSupport,
  type TextCompletionSupport,
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

function toUpstreamBody(request: ChatCompletionRequest, upstreamModel: string, stream: boolean, preset: OpenAiPreset): Record<string, unknown> {
  const body: Record<string, unknown> = { model: upstreamModel };
  for (const name of OPENAI_PARAMETERS) {
    const value = request[name];
    if (value === undefined || value === null || preset.drops?.includes(name)) continue;
    body[preset.renames?.[name] ?? name] = value;
  }
  const reasoning = (request as { reasoning?: { effort?: string } }).reasoning;
  if (preset.passThrough) {
    for (const name of preset.passThrough) if (request[name] !== undefined) body[name] = request[name];
  } else if (reasoning?.effort && body.reasoning_effort === undefined && !preset.drops?.includes('reasoning_effort')) {
    body.reasoning_effort = reasoning.effort;
  }
  if (request.messages.some(hasCacheControl)) body.messages = request.messages.map(withoutCacheControl);
  if (body.tool_choice === 'required' && preset.requiredToolChoice) body.tool_choice = preset.requiredToolChoice;
  if (stream) {
    body.stream = true;
    // Always ask for usage so the request can be billed; the relay hides it if the client did not ask.
    if (preset.streamOptions) body.stream_options = { include_usage: true };
  }
  return body;
}

type Message = ChatCompletionRequest['messages'][number];
const partsOf = (message: Message) => ((message as { content?: unknown }).content instanceof Array ? ((message as { content: Array<Record<string, unknown>> }).content) : []);
const hasCacheControl = (message: Message) => partsOf(message).some((part) => 'cache_control' in part);

/** OpenRouter's `cache_control` breakpoints are for Anthropic; OpenAI-format APIs cache on their own and reject the field. */
function withoutCacheControl(message: Message): Message {
  if (!hasCacheControl(message)) return message;
  const content = partsOf(message).map(({ cache_control: _dropped, ...part }) => part);
  return { ...message, content } as Message;
}

/** Some compatible servers (DeepSeek, vLLM) name the reasoning text `reasoning_content`. */
function normaliseReasoning(holder: { reasoning?: string | null; reasoning_content?: string | null } | undefined): void {
  if (!holder || holder.reasoning_content == null) return;
  holder.reasoning ??= holder.reasoning_content;
  delete holder.reasoning_content;
}

class OpenAiStreamTranslator implements StreamTranslator {
  translate(event: StreamEvent): ChatCompletionChunk[] {
    const data = event.data as ChatCompletionChunk & { error?: { message?: string; code?: string; type?: string } };
    if (data.error) {
      throw new UpstreamStreamError(String(data.error.code ?? data.error.type ?? 'upstream_error'), data.error.message ?? 'Upstream error');
    }
    for (const choice of data.choices ?? []) normaliseReasoning(choice.delta as Parameters<typeof normaliseReasoning>[0]);
    return [data];
  }
}

/** OpenAI's chat API, and every OpenAI-compatible provider through its preset. */
export class OpenAiAdapter implements ProviderAdapter {
  readonly format: string;
  readonly displayName: string;
  readonly defaultBaseUrl?: string;
  readonly capabilities: Capabilities;
  readonly embeddings?: EmbeddingsSupport;
  readonly textCompletions?: TextCompletionSupport;

  constructor(private readonly preset: OpenAiPreset = OPENAI_COMPATIBLE_PRESETS[0]!) {
    this.format = preset.format;
    this.displayName = preset.displayName;
    this.defaultBaseUrl = preset.defaultBaseUrl;
    this.capabilities = preset.capabilities;
    if (preset.capabilities.embeddings) this.embeddings = new OpenAiEmbeddings(preset, (provider) => this.headers(provider));
    if (preset.capabilities.completions) this.textCompletions = new OpenAiTextCompletions(preset, (provider) => this.headers(provider));
  }

  buildChatRequest(request: ChatCompletionRequest, { provider, endpoint }: AdapterContext, stream: boolean): UpstreamRequest {
    return {
      url: this.preset.chatUrl?.(provider, endpoint) ?? `${provider.baseUrl}/chat/completions`,
      headers: this.headers(provider),
      body: JSON.stringify(toUpstreamBody(request, endpoint.upstreamModel, stream, this.preset)),
    };
  }

  private headers(provider: AdapterContext['provider']): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...provider.headers };
    if (provider.apiKey) {
      if (this.preset.auth === 'api-key') headers['api-key'] = provider.apiKey;
      else headers.authorization = `Bearer ${provider.apiKey}`;
    }
    return headers;
  }

  parseChatResponse(json: unknown): ChatCompletion {
    const completion = json as ChatCompletion;
    if (!completion || !Array.isArray(completion.choices)) throw new Error('Upstream response has no choices');
    for (const choice of completion.choices) normaliseReasoning(choice.message as Parameters<typeof normaliseReasoning>[0]);
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
    return unparsedError(status, body);
  }
}
