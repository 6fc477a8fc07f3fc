import type { ChatCompletion, ChatCompletionRequest } from '@alltokens/contracts';
import type { AdapterContext, Capabilities, ProviderAdapter, ProviderError, StreamEvent, StreamTranslator, UpstreamRequest } from '../core/adapter';
import { readAwsEventStream } from '../core/aws-event-stream';
import { BedrockEmbeddings } from './bedrock-embeddings';
import { parseBedrockError } from './bedrock-errors';
import { BEDROCK_RUNTIME_URL, bedrockRequest } from './bedrock-http';
import { CONVERSE_PARAMETERS, toConverseRequest } from './converse-request';
import { toChatCompletion } from './converse-response';
import { ConverseStreamTranslator } from './converse-stream';

/**
 * Amazon Bedrock's Converse API: one message format for every Bedrock chat model, SigV4-signed (or a
 * Bedrock API key), streamed as AWS event-stream frames. Embeddings go through InvokeModel.
 */
export class BedrockAdapter implements ProviderAdapter {
  readonly format = 'bedrock';
  readonly displayName = 'AWS Bedrock Converse';
  readonly defaultBaseUrl = BEDROCK_RUNTIME_URL;
  readonly capabilities: Capabilities = {
    chat: true,
    stream: true,
    tools: true,
    vision: true,
    jsonSchema: true,
    reasoning: true,
    promptCaching: true,
  };
  readonly parameters = CONVERSE_PARAMETERS;
  readonly embeddings = new BedrockEmbeddings();

  async buildChatRequest(request: ChatCompletionRequest, { provider, endpoint }: AdapterContext, stream: boolean): Promise<UpstreamRequest> {
    const body = JSON.stringify(toConverseRequest(request, endpoint.upstreamModel));
    return bedrockRequest(provider, endpoint.upstreamModel, stream ? 'converse-stream' : 'converse', body);
  }

  parseChatResponse(json: unknown, { endpoint }: AdapterContext): ChatCompletion {
    return toChatCompletion(json, endpoint.upstreamModel);
  }

  createStreamTranslator({ endpoint }: AdapterContext): StreamTranslator {
    return new ConverseStreamTranslator(endpoint.upstreamModel);
  }

  parseError(status: number, body: string, headers?: Record<string, string | string[] | undefined>): ProviderError {
    return parseBedrockError(status, body, headers);
  }

  readEvents(body: AsyncIterable<Uint8Array>): AsyncIterable<StreamEvent> {
    return readAwsEventStream(body);
  }
}
