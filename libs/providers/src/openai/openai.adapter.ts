import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@alltokens/contracts';
import type { AdapterContext, Capabilities, ContinuationSupport, ProviderAdapter, ProviderError, StreamEvent, StreamTranslator, UpstreamRequest } from '../core/adapter';
import type { ChatParameters, ParameterTable } from '../core/parameters';
import { openRouterReasoning } from '../core/reasoning';
import { checkUpstream, parseProviderError } from '../core/upstream-json';
import type { OpenAiPreset } from '../openai-compatible/preset';
import { OPENAI_COMPATIBLE_PRESETS } from '../openai-compatible/presets';
import { OpenAiEmbeddings } from './openai.embeddings';
import { OPENAI_ERRORS, throwIfStreamError } from './openai.errors';
import { openAiContinuation } from './openai.continuation';
import { chatParameters } from './openai.parameters';
import { chunkSchema, completionSchema } from './openai.schema';
import { OpenAiTextCompletions } from './openai.text-completions';

/** Some compatible servers (DeepSeek, vLLM) name the reasoning text `reasoning_content`. */
function normaliseReasoning(holder: { reasoning?: string | null; reasoning_content?: string | null }): void {
  if (holder.reasoning_content == null) return;
  holder.reasoning ??= holder.reasoning_content;
  delete holder.reasoning_content;
}

class OpenAiStreamTranslator implements StreamTranslator {
  translate({ data }: StreamEvent): ChatCompletionChunk[] {
    throwIfStreamError(data);
    const chunk = checkUpstream<ChatCompletionChunk, typeof chunkSchema>(chunkSchema, data, 'OpenAI stream chunk');
    for (const choice of chunk.choices) normaliseReasoning(choice.delta);
    return [chunk];
  }
}

/** OpenAI's chat API, and every OpenAI-compatible provider through its preset. */
export class OpenAiAdapter implements ProviderAdapter {
  readonly format: string;
  readonly displayName: string;
  readonly defaultBaseUrl?: string;
  readonly capabilities: Capabilities;
  readonly parameters: ParameterTable<ChatParameters>;
  readonly embeddings?: OpenAiEmbeddings;
  readonly textCompletions?: OpenAiTextCompletions;
  readonly continuation: ContinuationSupport;

  constructor(private readonly preset: OpenAiPreset = OPENAI_COMPATIBLE_PRESETS[0]!) {
    this.format = preset.format;
    this.displayName = preset.displayName;
    this.defaultBaseUrl = preset.defaultBaseUrl;
    this.capabilities = preset.capabilities;
    this.parameters = chatParameters(preset);
    if (preset.embeddings !== false) this.embeddings = new OpenAiEmbeddings(preset, (provider) => this.headers(provider));
    if (preset.textCompletions !== false) this.textCompletions = new OpenAiTextCompletions(preset, (provider) => this.headers(provider));
    this.continuation = openAiContinuation(preset, (request, context, stream) => this.chatRequestParts(request, context, stream));
  }

  buildChatRequest(request: ChatCompletionRequest, context: AdapterContext, stream: boolean): UpstreamRequest {
    const { body, ...rest } = this.chatRequestParts(request, context, stream);
    return { ...rest, body: JSON.stringify(body) };
  }

  private chatRequestParts(request: ChatCompletionRequest, { provider, endpoint }: AdapterContext, stream: boolean) {
    return {
      url: this.preset.chatUrl?.(provider, endpoint) ?? `${provider.baseUrl}/chat/completions`,
      headers: this.headers(provider),
      body: this.body(request, endpoint.upstreamModel, stream),
    };
  }

  private body(request: ChatCompletionRequest, upstreamModel: string, stream: boolean): Record<string, unknown> {
    const { preset } = this;
    const body: Record<string, unknown> = { model: upstreamModel, ...this.parameters.apply(request, undefined) };
    const reasoning = openRouterReasoning(request);
    if (preset.passThrough) {
      for (const name of preset.passThrough) if (request[name] !== undefined) body[name] = request[name];
    } else if (reasoning?.effort && body.reasoning_effort === undefined && !preset.drops?.includes('reasoning_effort')) {
      body.reasoning_effort = reasoning.effort;
    }
    if (stream) {
      body.stream = true;
      // Always ask for usage so the request can be billed; the relay hides it if the client did not ask.
      if (preset.streamOptions) body.stream_options = { include_usage: true };
    }
    return body;
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
    const completion = checkUpstream<ChatCompletion, typeof completionSchema>(completionSchema, json, 'OpenAI chat completion');
    for (const choice of completion.choices) normaliseReasoning(choice.message);
    return completion;
  }

  createStreamTranslator(): StreamTranslator {
    return new OpenAiStreamTranslator();
  }

  parseError(status: number, body: string): ProviderError {
    return parseProviderError(OPENAI_ERRORS, status, body);
  }
}
