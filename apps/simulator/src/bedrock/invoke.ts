import { randomUUID } from 'node:crypto';
import { vectorOf } from '../openai/embeddings';
import type { Exchange, Reply, Route } from '../personality';
import { tokenCount } from '../tokens';
import { isObject, knownKeys, malformed, type Json } from './checks';
import { validationError } from './errors';

const vector = (text: string, dimensions: number) => Array.from(vectorOf(text, dimensions));

/** Titan Text Embeddings: one `inputText`; v2 also `dimensions` (256, 512, 1024), `normalize`, `embeddingTypes`. */
function titan(body: Json, modelId: string): Exchange {
  const v2 = modelId.includes('titan-embed-text-v2');
  knownKeys(body, v2 ? ['inputText', 'dimensions', 'normalize', 'embeddingTypes'] : ['inputText'], '#: ');
  if (typeof body.inputText !== 'string') throw malformed(body.inputText === undefined ? '#: required key [inputText] not found' : '#/inputText: expected type: String');
  const text = body.inputText;
  if (body.dimensions !== undefined && ![256, 512, 1024].includes(body.dimensions as number)) throw malformed(`#/dimensions: ${String(body.dimensions)} is not a valid enum value`);
  const dimensions = (body.dimensions as number | undefined) ?? (v2 ? 1024 : 1536);
  const respond = (): Reply => ({ kind: 'json', body: { embedding: vector(text, dimensions), inputTextTokenCount: tokenCount(text) } });
  return { model: modelId, directiveText: text, respond };
}

const INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering', 'image'];

/** Cohere Embed: up to 96 `texts` and a required `input_type`; v4 also `output_dimension`. */
function cohere(body: Json, modelId: string): Exchange {
  const v4 = modelId.includes('embed-v4');
  knownKeys(body, ['texts', 'input_type', 'truncate', 'embedding_types', 'images', ...(v4 ? ['inputs', 'output_dimension', 'max_tokens'] : [])], '#: ');
  const { texts, input_type: inputType, embedding_types: types } = body;
  if (!Array.isArray(texts) || texts.length > 96 || texts.some((text) => typeof text !== 'string')) throw malformed('#/texts: expected a list of at most 96 strings');
  if (!INPUT_TYPES.includes(inputType as string)) throw malformed(inputType === undefined ? '#: required key [input_type] not found' : `#/input_type: ${String(inputType)} is not a valid enum value`);
  if (types !== undefined && (!Array.isArray(types) || types.some((type) => type !== 'float'))) throw validationError('The simulator returns float embeddings only (embedding_types: ["float"]).');
  const dimensions = v4 ? ((body.output_dimension as number | undefined) ?? 1536) : 1024;
  const respond = (): Reply => {
    const vectors = (texts as string[]).map((text) => vector(text, dimensions));
    const byType = types !== undefined;
    return {
      kind: 'json',
      body: { id: randomUUID(), texts, embeddings: byType ? { float: vectors } : vectors, response_type: byType ? 'embeddings_by_type' : 'embeddings_floats' },
    };
  };
  return { model: modelId, directiveText: (texts as string[]).at(-1), respond };
}

/** `POST /model/{modelId}/invoke`: the embedding models' own bodies (InvokeModel for chat models is not simulated). */
export const invokeRoute: Route = {
  method: 'POST',
  path: /^\/model\/([^/]+)\/invoke$/,
  prepare({ body, params }): Exchange {
    const modelId = params[0]!;
    if (!isObject(body)) throw malformed('#: expected type: JSONObject');
    if (modelId.includes('amazon.titan-embed-text')) return titan(body, modelId);
    if (modelId.includes('cohere.embed')) return cohere(body, modelId);
    throw validationError(`The simulator serves InvokeModel for Titan Text Embeddings and Cohere Embed models only, not ${modelId}.`);
  },
};
