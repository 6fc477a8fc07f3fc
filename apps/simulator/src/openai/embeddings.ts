import type { Exchange, Reply, Route } from '../personality';
import { tokenCount } from '../tokens';
import { invalidType, invalidValue, optNumber, optString, requireBody, requireModel } from './checks';
import { badRequest } from './errors';

const KNOWN = new Set(['input', 'model', 'dimensions', 'encoding_format', 'user']);
const MAX_INPUTS = 2048;

type Input = string | number[];

const invalidInput = () =>
  badRequest("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");

function parseInputs(value: unknown): Input[] {
  const isTokens = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((t) => Number.isInteger(t));
  const inputs: unknown[] = typeof value === 'string' || isTokens(value) ? [value] : Array.isArray(value) ? value : [];
  if (value === undefined || value === null) throw badRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  if (inputs.length === 0 || inputs.length > MAX_INPUTS) throw invalidInput();
  if (!inputs.every((input) => (typeof input === 'string' && input.length > 0) || isTokens(input))) throw invalidInput();
  return inputs as Input[];
}

/** FNV-1a: a stable seed per input, so the same text always embeds to the same vector. */
function seedOf(input: Input): number {
  const text = typeof input === 'string' ? input : input.join(',');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A unit-length vector drawn from mulberry32 seeded by the input. */
export function vectorOf(input: Input, dimensions: number): Float32Array {
  let state = seedOf(input);
  const vector = new Float32Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const value = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
    vector[i] = value;
    norm += value * value;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) vector[i] = vector[i]! * scale;
  return vector;
}

const nativeDimensions = (model: string) => (model.includes('3-large') ? 3072 : 1536);

export const embeddingsRoute: Route = {
  method: 'POST',
  path: '/v1/embeddings',
  prepare({ body: raw }): Exchange {
    const body = requireBody(raw, KNOWN);
    const model = requireModel(body);
    const inputs = parseInputs(body.input);
    const format = optString(body, 'encoding_format') ?? 'float';
    if (format !== 'float' && format !== 'base64') throw invalidValue('encoding_format', format, ['float', 'base64']);
    const requested = optNumber(body, 'dimensions', 1, nativeDimensions(model), true);
    if (requested !== undefined && model.includes('ada-002')) throw badRequest('This model does not support specifying dimensions.');
    if (body.user !== undefined && body.user !== null && typeof body.user !== 'string') throw invalidType('user', 'a string', body.user);
    const dimensions = requested ?? nativeDimensions(model);

    const respond = (): Reply => {
      const data = inputs.map((input, index) => {
        const vector = vectorOf(input, dimensions);
        const embedding = format === 'base64' ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector);
        return { object: 'embedding', index, embedding };
      });
      const promptTokens = inputs.reduce((sum, input) => sum + (typeof input === 'string' ? tokenCount(input) : input.length), 0);
      return { kind: 'json', body: { object: 'list', data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } } };
    };
    const lastText = inputs.findLast((input): input is string => typeof input === 'string');
    return { model, directiveText: lastText, respond };
  },
};
