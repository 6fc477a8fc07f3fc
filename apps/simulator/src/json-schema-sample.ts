type Schema = Record<string, unknown>;

const MAX_DEPTH = 8;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

function resolveRef(ref: string, root: Schema): Schema {
  // Local refs only ("#/$defs/Name", "#/definitions/Name"), which is what tool schemas use.
  let node: unknown = root;
  for (const part of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    node = isSchema(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isSchema(node) ? node : {};
}

function typeOf(schema: Schema): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? type[0];
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function sampleObject(schema: Schema, root: Schema, depth: number): Record<string, unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((k) => typeof k === 'string') : [];
  // With nothing required, fill every property so the object is never empty.
  const keys = required.length > 0 ? required : Object.keys(properties);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = sample(properties[key], root, depth + 1, key);
  return out;
}

function sample(node: unknown, root: Schema, depth: number, key: string): unknown {
  if (!isSchema(node) || depth > MAX_DEPTH) return 'sample';
  if (typeof node.$ref === 'string') return sample(resolveRef(node.$ref, root), root, depth + 1, key);
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  if (node.default !== undefined) return node.default;
  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = node[combinator];
    if (Array.isArray(options) && options.length > 0) {
      const choice = options.find((o) => !isSchema(o) || o.type !== 'null') ?? options[0];
      return sample(choice, root, depth + 1, key);
    }
  }
  switch (typeOf(node)) {
    case 'object':
      return sampleObject(node, root, depth);
    case 'array': {
      const min = typeof node.minItems === 'number' ? Math.max(node.minItems, 1) : 1;
      return Array.from({ length: Math.min(min, 3) }, () => sample(node.items, root, depth + 1, key));
    }
    case 'integer':
      return typeof node.minimum === 'number' ? Math.ceil(node.minimum) : 1;
    case 'number':
      return typeof node.minimum === 'number' ? node.minimum : 1.5;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return node.format === 'date-time' ? '2024-01-01T00:00:00Z' : node.format === 'date' ? '2024-01-01' : `sample ${key}`;
  }
}

/** A small deterministic value that satisfies `schema`'s types and required properties. */
export function sampleFromSchema(schema: unknown): unknown {
  const root = isSchema(schema) ? schema : { type: 'object' };
  return sample(root, root, 0, 'value');
}
