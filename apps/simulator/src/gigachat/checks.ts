import type { ApiError } from '../personality';
import { invalidParams } from './errors';

/** Request validation worded the way GigaChat words it (422 `Invalid params: ...`). `null` counts as absent. */

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const mustBe = (field: string, what: string): ApiError => invalidParams(`${field} must be ${what}`);

export function requireObject(value: unknown, field: string, known: readonly string[]): Json {
  if (!isObject(value)) throw mustBe(field, 'an object');
  const extra = Object.keys(value).find((key) => !known.includes(key));
  if (extra !== undefined) throw invalidParams(`unknown field ${field === 'request' ? '' : `${field}.`}${extra}`);
  return value;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw value == null ? invalidParams(`${field} is required`) : mustBe(field, 'a non-empty string');
  return value;
}

export function optBoolean(value: unknown, field: string): boolean | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'boolean') throw mustBe(field, 'a boolean');
  return value;
}

/** A number in a range; `exclusiveMin` for GigaChat's `(0, +inf)` ranges. */
export function optNumber(value: unknown, field: string, range: { min: number; max?: number; exclusiveMin?: boolean; integer?: boolean }): number | undefined {
  if (value == null) return undefined;
  const { min, max = Infinity, exclusiveMin = false, integer = false } = range;
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) throw mustBe(field, integer ? 'an integer' : 'a number');
  const outOfRange = () => invalidParams(`${field} must be in range ${exclusiveMin ? '(' : '['}${min}, ${max === Infinity ? '+inf)' : `${max}]`}`);
  if (exclusiveMin ? value <= min : value < min) throw outOfRange();
  if (value > max) throw outOfRange();
  return value;
}

export function requireList(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw value == null ? invalidParams(`${field} is required`) : mustBe(field, 'an array');
  return value;
}

/** Function arguments and results are JSON objects in GigaChat's API. */
export function isJsonObjectText(text: string): boolean {
  try {
    return isObject(JSON.parse(text));
  } catch {
    return false;
  }
}
