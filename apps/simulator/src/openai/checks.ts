import type { ApiError } from '../personality';
import { badRequest, invalidJson } from './errors';

/** Request validation worded the way OpenAI words it. An explicit `null` counts as absent. */

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const quoteList = (values: readonly string[]): string => {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length <= 2 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
};

export const invalidType = (param: string, expected: string, value: unknown): ApiError =>
  badRequest(`Invalid type for '${param}': expected ${expected}, but got ${describe(value)} instead.`, param, 'invalid_type');

export const missing = (param: string): ApiError =>
  badRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');

export const invalidValue = (param: string, value: unknown, supported: readonly string[]): ApiError =>
  badRequest(`Invalid value: '${String(value)}'. Supported values are: ${quoteList(supported)}.`, param, 'invalid_value');

export const emptyArray = (param: string): ApiError =>
  badRequest(
    `Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
    param,
    'empty_array',
  );

/** The body must be a JSON object; rejects parameters the endpoint does not know. */
export function requireBody(body: unknown, known: ReadonlySet<string>): Json {
  if (!isObject(body)) throw invalidJson();
  const unknown = Object.keys(body).filter((key) => !known.has(key));
  if (unknown.length === 1) throw badRequest(`Unrecognized request argument supplied: ${unknown[0]}`);
  if (unknown.length > 1) throw badRequest(`Unrecognized request arguments supplied: ${unknown.join(', ')}`);
  return body;
}

export function requireModel(body: Json): string {
  const { model } = body;
  if (model === undefined || model === null || model === '') throw badRequest('you must provide a model parameter');
  if (typeof model !== 'string') throw invalidType('model', 'a string', model);
  return model;
}

export function optString(body: Json, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidType(key, 'a string', value);
  return value;
}

export function optBoolean(body: Json, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidType(key, 'a boolean', value);
  return value;
}

/** A number within [min, max]; `integer` selects OpenAI's integer wording and check. */
export function optNumber(body: Json, key: string, min: number, max: number, integer = false): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  const kind = integer ? 'integer' : 'decimal';
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
    throw invalidType(key, integer ? 'an integer' : 'a number', value);
  }
  if (value < min) {
    throw badRequest(
      `Invalid '${key}': ${kind} below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      key,
      `${kind}_below_min_value`,
    );
  }
  if (value > max) {
    throw badRequest(
      `Invalid '${key}': ${kind} above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      key,
      `${kind}_above_max_value`,
    );
  }
  return value;
}

/** `stop`: a string or up to 4 strings. */
export function optStop(body: Json): string[] {
  const { stop } = body;
  if (stop === undefined || stop === null) return [];
  if (typeof stop === 'string') return [stop];
  if (!Array.isArray(stop) || stop.some((s) => typeof s !== 'string')) {
    throw invalidType('stop', 'one of a string or array of strings', stop);
  }
  if (stop.length > 4) {
    throw badRequest(
      `Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length ${stop.length} instead.`,
      'stop',
      'array_above_max_length',
    );
  }
  return stop as string[];
}

/** `stream` and `stream_options` (only allowed with a stream). */
export function streamSettings(body: Json): { stream: boolean; includeUsage: boolean; obfuscation: boolean } {
  const stream = optBoolean(body, 'stream') ?? false;
  const options = body.stream_options;
  if (options === undefined || options === null) return { stream, includeUsage: false, obfuscation: true };
  if (!stream) throw badRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  if (!isObject(options)) throw invalidType('stream_options', 'an object', options);
  return {
    stream,
    includeUsage: optBoolean(options, 'include_usage') ?? false,
    obfuscation: optBoolean(options, 'include_obfuscation') ?? true,
  };
}
