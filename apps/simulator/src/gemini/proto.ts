import { fieldViolation } from './errors';

/**
 * Reading a JSON body the way Google's proto JSON parser does: field names in lowerCamelCase or
 * snake_case, unknown names rejected, scalars type-checked. Error paths use the snake_case proto
 * path (`contents[0].parts[1]`), as Google's messages do.
 */
export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
const snake = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export const child = (path: string, field: string): string => (path ? `${path}.${snake(field)}` : snake(field));

function invalidValue(path: string, type: string, value: unknown): never {
  throw fieldViolation(path, `Invalid value at '${path}' (${type}), ${JSON.stringify(value)}`);
}

/** A message object with its keys normalised to lowerCamelCase; unknown names are a 400. */
export function message(value: unknown, path: string, type: string, known: readonly string[]): Json {
  if (Array.isArray(value)) throw fieldViolation(path, 'Invalid JSON payload received. Proto field is not repeating, cannot start list.');
  if (!isObject(value)) invalidValue(path, type, value);
  const out: Json = {};
  for (const [key, field] of Object.entries(value)) {
    const name = camel(key);
    if (!known.includes(name)) {
      const at = path ? ` at '${path}'` : '';
      throw fieldViolation(path, `Invalid JSON payload received. Unknown name "${key}"${at}: Cannot find field.`);
    }
    out[name] = field;
  }
  return out;
}

/** A repeated field: absent → [], and a single value counts as a list of one, as Google's parser allows. */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function string(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : invalidValue(path, 'TYPE_STRING', value);
}

export function bool(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'boolean' ? value : invalidValue(path, 'TYPE_BOOL', value);
}

/** Numbers may also come as numeric strings, as proto JSON allows. */
export function number(value: unknown, path: string, integer: boolean): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || Number.isNaN(n) || (integer && !Number.isInteger(n))) invalidValue(path, integer ? 'TYPE_INT32' : 'TYPE_FLOAT', value);
  return n;
}

export function enumValue(value: unknown, path: string, type: string, values: readonly string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && values.includes(value) ? value : invalidValue(path, type, value);
}
