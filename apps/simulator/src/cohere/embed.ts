import { randomUUID } from 'node:crypto';
import { vectorOf } from '../openai/embeddings';
import type { Exchange, Route } from '../personality';
import { tokenCount } from '../tokens';
import { fields, isObject, optEnum, optNumber, optString, type Json } from './checks';
import { cohereError, invalidRequest } from './errors';

const KNOWN = ['texts', 'images', 'model', 'input_type', 'inputs', 'max_tokens', 'output_dimension', 'embedding_types', 'truncate', 'priority'];
const INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering', 'image'];
const EMBEDDING_TYPES = ['float', 'int8', 'uint8', 'binary', 'ubinary', 'base64'];
const MAX_TEXTS = 96;
const V4_DIMENSIONS = [256, 512, 1024, 1536];

const nativeDimensions = (model: string): number => (model.startsWith('embed-v4') ? 1536 : model.includes('light') ? 384 : 1024);

/** Binary types pack the sign of 8 dimensions per byte; `binary` is the signed reading of that byte. */
function packBits(vector: Float32Array, signed: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < vector.length; i += 8) {
    let byte = 0;
    for (let bit = 0; bit < 8; bit++) byte = (byte << 1) | ((vector[i + bit] ?? 0) > 0 ? 1 : 0);
    out.push(signed ? byte - 128 : byte);
  }
  return out;
}

const ENCODERS: Record<string, (vector: Float32Array) => unknown> = {
  float: (vector) => Array.from(vector),
  int8: (vector) => Array.from(vector, (value) => Math.round(value * 127)),
  uint8: (vector) => Array.from(vector, (value) => Math.round(value * 127) + 128),
  binary: (vector) => packBits(vector, true),
  ubinary: (vector) => packBits(vector, false),
  base64: (vector) => Buffer.from(vector.buffer).toString('base64'),
};

function parseTexts(body: Json): string[] {
  const { texts } = body;
  if (!Array.isArray(texts) || texts.some((text) => typeof text !== 'string')) throw invalidRequest('texts must be a list of strings.');
  if (texts.length > MAX_TEXTS) throw invalidRequest(`total number of texts must be at most ${MAX_TEXTS} - received ${texts.length}`);
  const empty = texts.indexOf('');
  if (empty !== -1) throw invalidRequest(`inputs contains an element that is the empty string at index ${empty}`);
  return texts as string[];
}

function parseDimensions(body: Json, model: string): number {
  const requested = optNumber(body, 'output_dimension', 1, Number.MAX_SAFE_INTEGER, true);
  if (requested === undefined) return nativeDimensions(model);
  if (!model.startsWith('embed-v4') || !V4_DIMENSIONS.includes(requested)) {
    throw invalidRequest(`output_dimension must be one of ${V4_DIMENSIONS.join(', ')} and is only available for embed-v4 and newer models.`);
  }
  return requested;
}

/** `POST /v2/embed` for texts (image inputs are accepted by the real API, not by the simulator). */
export const embedRoute: Route = {
  method: 'POST',
  path: '/v2/embed',
  prepare({ body: raw }): Exchange {
    if (!isObject(raw)) throw invalidRequest('request body must be a JSON object.');
    const body = fields(raw, 'request', KNOWN, 'embed');
    const model = optString(body, 'model');
    if (!model) throw cohereError(400, 'a model parameter is required for this endpoint.');
    if (optEnum(body, 'input_type', INPUT_TYPES) === undefined) throw invalidRequest('valid input_type must be provided with the provided model');
    const texts = parseTexts(body);
    const dimensions = parseDimensions(body, model);
    const types = body.embedding_types ?? ['float'];
    if (!Array.isArray(types) || types.length === 0 || types.some((type) => !EMBEDDING_TYPES.includes(type))) {
      throw invalidRequest(`embedding_types must be a list of ${EMBEDDING_TYPES.map((type) => `'${type}'`).join(', ')}.`);
    }
    optEnum(body, 'truncate', ['NONE', 'START', 'END']);
    const respond = () => {
      const vectors = texts.map((text) => vectorOf(text, dimensions));
      const embeddings = Object.fromEntries((types as string[]).map((type) => [type, vectors.map(ENCODERS[type]!)]));
      const inputTokens = texts.reduce((sum, text) => sum + tokenCount(text), 0);
      const meta = { api_version: { version: '2' }, billed_units: { input_tokens: inputTokens } };
      return { kind: 'json' as const, body: { id: randomUUID(), embeddings, texts, meta, response_type: 'embeddings_by_type' } };
    };
    return { model, directiveText: texts.at(-1), respond };
  },
};
