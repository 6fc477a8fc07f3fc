import type { ApiError } from '../personality';
import { validationError } from './errors';

/** Request validation worded the way Bedrock (AWS Coral) words it. Paths are 1-based: `messages.1.member.role`. */

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const show = (value: unknown) => (value === null || value === undefined ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`);

/** `1 validation error detected: Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must ...` */
export const constraint = (value: unknown, at: string, rule: string): ApiError =>
  validationError(`1 validation error detected: Value ${show(value)} at '${at}' failed to satisfy constraint: Member must ${rule}`);

export const malformed = (detail: string): ApiError => validationError(`Malformed input request: ${detail}, please reformat your input and try again.`);

export const wrongType = (at: string, expected: string): ApiError => malformed(`expected ${expected} at '${at}'`);

/** `prefix` is `#: ` for model bodies (InvokeModel), whose errors quote the JSON-schema path. */
export function knownKeys(object: Json, known: readonly string[], prefix = ''): void {
  const extra = Object.keys(object).find((key) => !known.includes(key));
  if (extra !== undefined) throw malformed(`${prefix}extraneous key [${extra}] is not permitted`);
}

export function requireObject(value: unknown, at: string): Json {
  if (value === undefined || value === null) throw constraint(value, at, 'not be null');
  if (!isObject(value)) throw wrongType(at, 'an object');
  return value;
}

export function requireArray(value: unknown, at: string, minLength = 0): unknown[] {
  if (value === undefined || value === null) throw constraint(value, at, 'not be null');
  if (!Array.isArray(value)) throw wrongType(at, 'a list');
  if (value.length < minLength) throw constraint(value, at, `have length greater than or equal to ${minLength}`);
  return value;
}

export function requireString(value: unknown, at: string): string {
  if (value === undefined || value === null) throw constraint(value, at, 'not be null');
  if (typeof value !== 'string') throw wrongType(at, 'a string');
  return value;
}

export function optNumber(object: Json, key: string, at: string, min: number, max: number, integer = false): number | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) throw wrongType(`${at}.${key}`, integer ? 'an integer' : 'a number');
  if (value < min) throw constraint(value, `${at}.${key}`, `have value greater than or equal to ${min}`);
  if (value > max) throw constraint(value, `${at}.${key}`, `have value less than or equal to ${max}`);
  return value;
}

/** A union member such as a content block: exactly one of the known keys is set. */
export function unionMember(value: unknown, at: string, members: readonly string[]): [string, unknown] {
  const object = requireObject(value, at);
  const keys = Object.keys(object);
  knownKeys(object, members);
  if (keys.length !== 1) throw malformed(`${at} must set exactly one of [${members.join(', ')}]`);
  return [keys[0]!, object[keys[0]!]];
}
