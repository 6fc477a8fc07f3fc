import { invalidRequest, unknownField } from './errors';

/** Request validation worded the way Cohere words it. `null` counts as absent. */
export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object with only `known` fields; anything else is Cohere's 422 "unknown field". */
export function fields(value: unknown, name: string, known: readonly string[], endpoint: 'chat' | 'embed'): Json {
  if (!isObject(value)) throw invalidRequest(`${name} must be an object.`);
  for (const key of Object.keys(value)) if (!known.includes(key)) throw unknownField(key, endpoint);
  return value;
}

export function optString(body: Json, key: string, name = key): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${name} must be a string.`);
  return value;
}

export function optBoolean(body: Json, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidRequest(`${key} must be a boolean.`);
  return value;
}

/** A number within [min, max], worded `<key> must be between <min> and <max> inclusive.` */
export function optNumber(body: Json, key: string, min: number, max: number, integer = false, maxText = String(max)): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) throw invalidRequest(`${key} must be ${integer ? 'an integer' : 'a number'}.`);
  if (value < min || value > max) throw invalidRequest(`${key} must be between ${min} and ${maxText} inclusive.`);
  return value;
}

export function optEnum(body: Json, key: string, values: readonly string[]): string | undefined {
  const value = optString(body, key);
  if (value !== undefined && !values.includes(value)) throw invalidRequest(`${key} must be one of ${values.map((v) => `'${v}'`).join(', ')}.`);
  return value;
}

export function optStrings(body: Json, key: string, max: number): string[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw invalidRequest(`${key} must be a list of strings.`);
  if (value.length > max) throw invalidRequest(`${key} must contain at most ${max} items - received ${value.length}.`);
  return value as string[];
}
