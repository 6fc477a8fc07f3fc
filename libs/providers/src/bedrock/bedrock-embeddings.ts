import { ApiError } from '@alltokens/contracts';
import type { AdapterContext, EmbeddingsRequest, EmbeddingsResult, EmbeddingsSupport, UpstreamRequest } from '../core/adapter';
import { parseUpstream } from '../core/upstream-json';
import { bedrockRequest } from './bedrock-http';
import { embeddingsSchema } from './converse.schema';

/** Cohere's own rule of thumb ("1 token is about 4 characters"): its Bedrock response carries no token count. */
const CHARS_PER_TOKEN = 4;

const unsupported = (message: string, param: string | null = null) => new ApiError(400, 'unsupported_parameter', message, param);

/** Titan Text Embeddings embed one text per call; v2 takes `dimensions` (256, 512 or 1024) and `normalize`. */
function titanBody(request: EmbeddingsRequest, inputs: string[], model: string): Record<string, unknown> {
  if (inputs.length !== 1) {
    throw new ApiError(400, 'unsupported_input', `Titan embeddings on AWS Bedrock take one input per call; got ${inputs.length}`, 'input');
  }
  const body: Record<string, unknown> = { inputText: inputs[0] };
  if (!model.includes('titan-embed-text-v2')) {
    if (request.dimensions !== undefined) throw unsupported(`${model} does not take dimensions`, 'dimensions');
    return body;
  }
  if (request.dimensions !== undefined) body.dimensions = request.dimensions;
  body.normalize = true;
  return body;
}

/** Cohere Embed needs an `input_type` (`search_document` unless the request names one); v4 takes `output_dimension`. */
function cohereBody(request: EmbeddingsRequest, inputs: string[], model: string): Record<string, unknown> {
  const inputType = typeof request.input_type === 'string' ? request.input_type : 'search_document';
  const body: Record<string, unknown> = { texts: inputs, input_type: inputType };
  if (request.dimensions === undefined) return body;
  if (!model.includes('embed-v4')) throw unsupported(`${model} does not take dimensions`, 'dimensions');
  body.output_dimension = request.dimensions;
  return body;
}

/** `POST /model/{id}/invoke` with the model family's own body: Titan Text Embeddings or Cohere Embed. */
export class BedrockEmbeddings implements EmbeddingsSupport {
  /** Titan embeds one text per call; Cohere Embed on Bedrock takes up to 96. */
  maxInputs(endpoint: AdapterContext['endpoint']): number {
    return endpoint.upstreamModel.includes('amazon.titan-embed') ? 1 : 96;
  }

  async buildRequest(request: EmbeddingsRequest, inputs: string[], { provider, endpoint }: AdapterContext): Promise<UpstreamRequest> {
    const model = endpoint.upstreamModel;
    let body: Record<string, unknown>;
    if (model.includes('cohere.embed')) body = cohereBody(request, inputs, model);
    else if (model.includes('amazon.titan-embed')) body = titanBody(request, inputs, model);
    else throw new ApiError(400, 'unsupported_model', `AWS Bedrock embeddings work with Titan Text Embeddings and Cohere Embed models, not ${model}`, 'model');
    return bedrockRequest(provider, model, 'invoke', JSON.stringify(body));
  }

  parseResponse(json: unknown, inputs: string[]): EmbeddingsResult {
    const response = parseUpstream(embeddingsSchema, json, 'Bedrock embeddings response');
    if ('embedding' in response) return { vectors: [response.embedding], promptTokens: response.inputTextTokenCount ?? 0 };
    const { embeddings } = response;
    const vectors = Array.isArray(embeddings) ? embeddings : embeddings.float;
    const chars = inputs.reduce((sum, input) => sum + input.length, 0);
    return { vectors, promptTokens: Math.ceil(chars / CHARS_PER_TOKEN) };
  }
}
