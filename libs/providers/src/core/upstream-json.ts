import { z } from 'zod';
import type { FinishReason } from '@alltokens/contracts';
import { UpstreamStreamError, type ProviderError } from './adapter';
import { unparsedError } from './provider-error';

/**
 * A provider body or stream event without its documented shape. A stream ends with it as with an
 * error event (its code is `upstream_invalid_response`); a whole body the router answers with 502.
 */
export class UpstreamInvalidResponse extends UpstreamStreamError {
  constructor(message: string) {
    super('upstream_invalid_response', message);
    this.name = 'UpstreamInvalidResponse';
  }
}

const pathText = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');

/** `content[0].type: expected string, received number`; a union names what each of its shapes missed. */
function describeIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): string {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    return issue.errors.map((branch) => (branch[0] ? describeIssue(branch[0], path) : 'invalid')).join(' or ');
  }
  const where = pathText(path);
  return `${where ? `${where}: ` : ''}${issue.message.replace(/^Invalid input: /, '')}`;
}

function describeIssues(error: z.ZodError): string {
  const [issue, ...rest] = error.issues;
  if (!issue) return 'invalid';
  return `${describeIssue(issue, [])}${rest.length ? ` (and ${rest.length} more)` : ''}`;
}

/**
 * Provider JSON read through its schema: only the fields the adapter reads are declared, unknown
 * ones are ignored (a provider may add fields at any time), a missing or mistyped one is refused
 * with a message naming it.
 */
export function parseUpstream<S extends z.ZodType>(schema: S, json: unknown, what: string): z.output<S> {
  const result = schema.safeParse(json);
  if (!result.success) throw new UpstreamInvalidResponse(`${what}: ${describeIssues(result.error)}`);
  return result.data;
}

/**
 * For bodies relayed as they are (OpenAI-compatible completions and chunks): checked like
 * `parseUpstream`, but the original object comes back as `T`, unknown fields and all, and nothing
 * is copied. `T` must be at least as strict as the schema (the schema checks a part of it), and
 * the schema may have no transforms or defaults, so that its output is its input.
 */
export function checkUpstream<T extends z.output<S>, S extends z.ZodType>(schema: S, json: unknown, what: string): T {
  parseUpstream(schema, json, what);
  return json as T;
}

/** A finish reason as the provider spells it: checked to be text, passed on as its word. */
export const relayedFinishReason = z.custom<FinishReason>((value) => typeof value === 'string');

/** A stream event's data as JSON; anything else ends the stream as an invalid response. */
export function parseEventJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamInvalidResponse(`${what} is not JSON: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`);
  }
}

/** How one provider's error bodies read: their shape, and the code and message in it. */
export interface ErrorFormat<S extends z.ZodType> {
  schema: S;
  /** `undefined` when the body, though of this shape, carries no message. */
  read(body: z.output<S>, status: number, headers: Record<string, string | string[] | undefined>): ProviderError | undefined;
}

/** The provider's own code and message from an error body; its raw text when it is not JSON of the provider's shape. */
export function parseProviderError<S extends z.ZodType>(
  format: ErrorFormat<S>,
  status: number,
  body: string,
  headers: Record<string, string | string[] | undefined> = {},
): ProviderError {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return unparsedError(status, body);
  }
  const parsed = format.schema.safeParse(json);
  return (parsed.success && format.read(parsed.data, status, headers)) || unparsedError(status, body);
}

type Kinds<M extends Record<string, z.ZodType>> = { [K in keyof M & string]: { kind: K; value: z.output<M[K]> } }[keyof M & string];

/**
 * JSON of one of several kinds, each read with its own schema. An unknown kind is `undefined`:
 * providers add kinds (stream events, content blocks) and ask clients to skip what they do not know.
 */
export function parseKind<M extends Record<string, z.ZodType>>(schemas: M, kind: string | undefined, json: unknown, what: string): Kinds<M> | undefined {
  if (kind === undefined || !Object.hasOwn(schemas, kind)) return undefined;
  return { kind, value: parseUpstream(schemas[kind]!, json, `${what} ${kind}`) } as Kinds<M>;
}

/** The same, for JSON that names its own kind in one field (`type` in Anthropic's and Cohere's events). */
export function parseTagged<M extends Record<string, z.ZodType>>(schemas: M, field: string, json: unknown, what: string): Kinds<M> | undefined {
  if (typeof json !== 'object' || json === null) throw new UpstreamInvalidResponse(`${what}: expected object, received ${json === null ? 'null' : typeof json}`);
  const kind: unknown = Reflect.get(json, field);
  if (typeof kind !== 'string') throw new UpstreamInvalidResponse(`${what}: ${field}: expected string, received ${typeof kind}`);
  return parseKind(schemas, kind, json, what);
}
