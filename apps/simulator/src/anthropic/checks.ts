import type { ApiError } from '../personality';
import { invalidRequest } from './errors';

/**
 * Request validation worded the way Anthropic's API words it: `<dotted.path>: <message>`, e.g.
 * `messages.0.content: Field required`. An explicit `null` in an optional field counts as absent.
 */

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const path = (...parts: Array<string | number>): string => parts.filter((part) => part !== '').join('.');

export const invalid = (loc: string, message: string): ApiError => invalidRequest(`${loc}: ${message}`);
export const fieldRequired = (loc: string): ApiError => invalid(loc, 'Field required');

/** Anthropic rejects fields it does not know, at any depth. */
export function rejectExtra(value: Json, known: readonly string[], loc: string): void {
  const extra = Object.keys(value).find((key) => !known.includes(key));
  if (extra !== undefined) throw invalid(path(loc, extra), 'Extra inputs are not permitted');
}

export function requireObject(value: unknown, loc: string): Json {
  if (value === undefined) throw fieldRequired(loc);
  if (!isObject(value)) throw invalid(loc, 'Input should be a valid dictionary');
  return value;
}

export function requireList(value: unknown, loc: string): unknown[] {
  if (value === undefined) throw fieldRequired(loc);
  if (!Array.isArray(value)) throw invalid(loc, 'Input should be a valid list');
  return value;
}

export function requireString(value: unknown, loc: string): string {
  if (value === undefined) throw fieldRequired(loc);
  if (typeof value !== 'string') throw invalid(loc, 'Input should be a valid string');
  return value;
}

export const optString = (value: unknown, loc: string): string | undefined => (value == null ? undefined : requireString(value, loc));

export function optBoolean(value: unknown, loc: string): boolean | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'boolean') throw invalid(loc, 'Input should be a valid boolean');
  return value;
}

/** A number (an integer when `integer`) within [min, max]. */
export function optNumber(value: unknown, loc: string, min: number, max = Infinity, integer = false): number | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
    throw invalid(loc, integer ? 'Input should be a valid integer' : 'Input should be a valid number');
  }
  if (value < min) throw invalid(loc, `Input should be greater than or equal to ${min}`);
  if (value > max) throw invalid(loc, `Input should be less than or equal to ${max}`);
  return value;
}

export function requireInteger(value: unknown, loc: string, min: number): number {
  if (value === undefined) throw fieldRequired(loc);
  return optNumber(value, loc, min, Infinity, true) as number;
}

/** A `type`-tagged union member that is not one of `tags`. */
export function unknownTag(tag: unknown, loc: string, tags: readonly string[]): ApiError {
  if (tag === undefined) return invalid(loc, "Unable to extract tag using discriminator 'type'");
  return invalid(loc, `Input tag '${String(tag)}' found using 'type' does not match any of the expected tags: ${tags.map((t) => `'${t}'`).join(', ')}`);
}
