import { vectorOf } from '../openai/embeddings';
import type { Exchange, Route } from '../personality';
import { tokenCount } from '../tokens';
import { invalidRequest } from './errors';
import { protoType } from './contents';
import { aiStudioPath, vertexPath } from './generate';
import { child, enumValue, isObject, list, message, number, string, type Json } from './proto';

const EMBED_REQUEST = ['model', 'content', 'taskType', 'title', 'outputDimensionality'];
const BATCH_REQUEST = ['model', 'requests'];
const PREDICT_REQUEST = ['instances', 'parameters'];
const INSTANCE = ['content', 'taskType', 'title'];
const PREDICT_PARAMETERS = ['outputDimensionality', 'autoTruncate'];
const TASK_TYPES = [
  'TASK_TYPE_UNSPECIFIED', 'RETRIEVAL_QUERY', 'RETRIEVAL_DOCUMENT', 'SEMANTIC_SIMILARITY', 'CLASSIFICATION', 'CLUSTERING',
  'QUESTION_ANSWERING', 'FACT_VERIFICATION', 'CODE_RETRIEVAL_QUERY',
];

const nativeDimensions = (model: string): number => (model.startsWith('gemini-embedding') ? 3072 : 768);

function dimensionsOf(value: unknown, path: string, model: string, request: string): number {
  const native = nativeDimensions(model);
  const requested = number(value, path, true);
  if (requested !== undefined && (requested < 1 || requested > native)) {
    throw invalidRequest(`output_dimensionality must be between 1 and ${native}.`, path, request);
  }
  return requested ?? native;
}

const embedding = (text: string, dimensions: number) => ({ values: Array.from(vectorOf(text, dimensions)) });

/** One `EmbedContentRequest`: the text of its content's parts. */
function readEmbedRequest(raw: unknown, path: string, model: string, request: string): { text: string; dimensions: number } {
  const body = message(raw, path, protoType(false, 'EmbedContentRequest'), EMBED_REQUEST);
  const content = message(body.content, child(path, 'content'), protoType(false, 'Content'), ['role', 'parts']);
  const parts = list(content.parts).map((part, i) => message(part, `${child(path, 'content')}.parts[${i}]`, protoType(false, 'Part'), ['text']));
  const text = parts.map((part) => string(part.text, 'text') ?? '').join('');
  if (!text) throw invalidRequest('content must not be empty', child(path, 'content'), request);
  enumValue(body.taskType, child(path, 'taskType'), protoType(false, 'TaskType'), TASK_TYPES);
  return { text, dimensions: dimensionsOf(body.outputDimensionality, child(path, 'outputDimensionality'), model, request) };
}

const embedContentRoute: Route = {
  method: 'POST',
  path: aiStudioPath('embedContent'),
  prepare({ body, params }): Exchange {
    const model = params[0]!;
    const { text, dimensions } = readEmbedRequest(body ?? {}, '', model, 'EmbedContentRequest');
    return { model, directiveText: text, respond: () => ({ kind: 'json', body: { embedding: embedding(text, dimensions) } }) };
  },
};

const batchEmbedContentsRoute: Route = {
  method: 'POST',
  path: aiStudioPath('batchEmbedContents'),
  prepare({ body: raw, params }): Exchange {
    const model = params[0]!;
    const body = message(raw ?? {}, '', protoType(false, 'BatchEmbedContentsRequest'), BATCH_REQUEST);
    const requests = list(body.requests);
    if (requests.length === 0) throw invalidRequest('requests is not specified', 'requests', 'BatchEmbedContentsRequest');
    const inputs = requests.map((request, i) => {
      const path = `requests[${i}]`;
      if (isObject(request) && request.model !== `models/${model}`) {
        throw invalidRequest(`model must be models/${model}, the model in the URL`, `${path}.model`, 'BatchEmbedContentsRequest');
      }
      return readEmbedRequest(request, path, model, 'BatchEmbedContentsRequest');
    });
    const respond = () => ({ kind: 'json' as const, body: { embeddings: inputs.map(({ text, dimensions }) => embedding(text, dimensions)) } });
    return { model, directiveText: inputs.at(-1)!.text, respond };
  },
};

/** Vertex AI's text embedding models answer `:predict`, one instance per text, with token counts. */
const predictRoute: Route = {
  method: 'POST',
  path: vertexPath('predict'),
  prepare({ body: raw, params }): Exchange {
    const model = params[0]!;
    const body = message(raw ?? {}, '', protoType(true, 'PredictRequest'), PREDICT_REQUEST);
    const parameters: Json = body.parameters === undefined ? {} : message(body.parameters, 'parameters', 'google.protobuf.Value', PREDICT_PARAMETERS);
    const dimensions = dimensionsOf(parameters.outputDimensionality, 'parameters.output_dimensionality', model, 'PredictRequest');
    const texts = list(body.instances).map((value, i) => {
      const instance = message(value, `instances[${i}]`, 'google.protobuf.Value', INSTANCE);
      const text = string(instance.content, `instances[${i}].content`);
      if (!text) throw invalidRequest('content must not be empty', `instances[${i}].content`, 'PredictRequest');
      return text;
    });
    if (texts.length === 0) throw invalidRequest('instances is not specified', 'instances', 'PredictRequest');
    const respond = () => ({
      kind: 'json' as const,
      body: {
        predictions: texts.map((text) => ({ embeddings: { statistics: { truncated: false, token_count: tokenCount(text) }, values: embedding(text, dimensions).values } })),
        metadata: { billableCharacterCount: texts.reduce((sum, text) => sum + text.replace(/\s/g, '').length, 0) },
      },
    });
    return { model, directiveText: texts.at(-1), respond };
  },
};

export const embedRoutes: Route[] = [embedContentRoute, batchEmbedContentsRoute, predictRoute];
