import fc from 'fast-check';
import { z } from 'zod';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
};

const json = fc.jsonValue({ maxDepth: 2 });

/** An arbitrary of values matching a JSON Schema (as `z.toJSONSchema` writes them), bounded in size and depth. */
function fromJsonSchema(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((member) => fromJsonSchema(member, depth)));
  if (schema.allOf?.length) return fromJsonSchema(schema.allOf[0]!, depth);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
      // Mostly identifier-like (names and ids have rules JSON Schema does not carry), sometimes anything.
      const word = fc.stringMatching(/^[a-zA-Z0-9_-]*$/).filter((text) => text.length >= minLength && text.length <= maxLength);
      return fc.oneof({ weight: 3, arbitrary: word }, { weight: 1, arbitrary: fc.string({ minLength, maxLength }) });
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 100_000, 1_000_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      if (depth <= 0) return fc.constant([]);
      return fc.array(schema.items ? fromJsonSchema(schema.items, depth - 1) : json, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 2, 2) });
    case 'object': {
      if (!schema.properties) return fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 3 });
      const required = new Set(schema.required ?? []);
      // Depth is spent on arrays only: a schema's object nesting is finite, its arrays are what grows.
      const entries = Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, fromJsonSchema(property, depth)]));
      return fc.record(entries, { requiredKeys: [...required].filter((name) => name in entries) });
    }
    default:
      return json;
  }
}

/**
 * Request bodies for an endpoint, from its zod schema: mostly valid ones, the rest broken the ways
 * clients break them: a field of the wrong type, a required field missing, any JSON at all, or not JSON.
 * Each is the raw text that goes on the wire.
 */
export function requestBodies(schema: z.ZodType, model: string): fc.Arbitrary<string> {
  const jsonSchema = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  // Most drawn bodies name a model the stack serves, so that valid ones go all the way to the upstream.
  const valid = fc.tuple(fromJsonSchema(jsonSchema, 3) as fc.Arbitrary<Record<string, unknown>>, fc.nat(3)).map(([body, pick]) => (pick > 0 && 'model' in body ? { ...body, model } : body));
  const fields = Object.keys(jsonSchema.properties ?? {});
  const wrongField = fc.tuple(valid, fc.constantFrom(...fields), fc.anything({ maxDepth: 2 })).map(([body, field, value]) => ({ ...body, [field]: value }));
  const missingField = fc.tuple(valid, fc.constantFrom(...(jsonSchema.required ?? fields))).map(([body, field]) => {
    const copy = { ...body };
    delete copy[field];
    return copy;
  });
  const notJson = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('{', '{"model":', '[1,2', 'null', '{"model":"x","messages":[{]}', '\u0000'));
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((body) => JSON.stringify(body)) },
    { weight: 3, arbitrary: wrongField.map((body) => JSON.stringify(body)) },
    { weight: 2, arbitrary: missingField.map((body) => JSON.stringify(body)) },
    { weight: 1, arbitrary: json.map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: notJson },
  );
}
