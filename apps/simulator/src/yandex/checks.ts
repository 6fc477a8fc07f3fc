import type { ApiError } from '../personality';
import { invalidArgument } from './errors';

/**
 * Request validation the way Yandex Cloud's JSON gateway does it: unknown fields are refused at
 * any depth (`unknown field "x"`), types are checked per the proto, and oneof groups allow one
 * member. An explicit `null` counts as absent.
 */

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const invalid = (field: string, expected: string, value: unknown): ApiError =>
  invalidArgument(`invalid value for ${field}: expected ${expected}, got ${JSON.stringify(value)}`);

export const missing = (field: string): ApiError => invalidArgument(`${field} is required`);

export function requireObject(value: unknown, field: string, known: readonly string[]): Json {
  if (!isObject(value)) throw value == null ? missing(field) : invalid(field, 'an object', value);
  const extra = Object.keys(value).find((key) => !known.includes(key));
  if (extra !== undefined) throw invalidArgument(`unknown field "${extra}" in ${field}`);
  return value;
}

export function requireString(value: unknown, field: string): string {
  if (value == null || value === '') throw missing(field);
  if (typeof value !== 'string') throw invalid(field, 'a string', value);
  return value;
}

export function optBoolean(value: unknown, field: string): boolean | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'boolean') throw invalid(field, 'a boolean', value);
  return value;
}

export function optNumber(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, 'a number', value);
  if (value < min || value > max) throw invalidArgument(`${field} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** An int64: proto JSON takes a decimal string (what the docs show) or a number. */
export function optInt64(value: unknown, field: string, min: number): number | undefined {
  if (value == null) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalid(field, 'an int64 (a decimal string or an integer)', value);
  if (n < min) throw invalidArgument(`${field} must be at least ${min}, got ${n}`);
  return n;
}

export function optEnum<T extends string>(value: unknown, field: string, values: readonly T[]): T | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'string' || !values.includes(value as T)) throw invalid(field, `one of ${values.join(', ')}`, value);
  return value as T;
}

/** At most one member of a oneof group; returns the one that is set. */
export function oneOf(value: Json, members: readonly string[], field: string): string | undefined {
  const set = members.filter((member) => value[member] != null);
  if (set.length > 1) throw invalidArgument(`${field}: only one of ${members.join(', ')} may be set, got ${set.join(' and ')}`);
  return set[0];
}

export function requireList(value: unknown, field: string): unknown[] {
  if (value == null) throw missing(field);
  if (!Array.isArray(value)) throw invalid(field, 'an array', value);
  return value;
}
