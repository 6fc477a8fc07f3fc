import { ApiError } from '@alltokens/contracts';

/** The header that carries a request's tags: `x-alltokens-tags: team:search,feature:summaries`. */
export const TAGS_HEADER = 'x-alltokens-tags';
export const MAX_TAGS = 20;
export const MAX_TAG_NAME = 64;
export const MAX_TAG_VALUE = 128;
export const MAX_END_USER = 256;

const NAME = /^[A-Za-z0-9_.-]+$/;
/** Printable ASCII without commas, so a tag always survives the header's comma list. */
const VALUE = /^[\x21-\x2b\x2d-\x7e]+(?: [\x21-\x2b\x2d-\x7e]+)*$/;

const invalid = (param: string, message: string) => new ApiError(400, 'invalid_tags', message, param);

/** One `name:value` (or a bare `name`) checked and normalised (the name lowercased). */
export function parseTag(raw: string, param: string): { name: string; value: string } {
  const tag = raw.trim();
  const colon = tag.indexOf(':');
  const name = (colon === -1 ? tag : tag.slice(0, colon)).trim().toLowerCase();
  const value = colon === -1 ? '' : tag.slice(colon + 1).trim();
  if (!name) throw invalid(param, `Tag '${tag}' has no name; write name:value, e.g. team:search`);
  if (name.length > MAX_TAG_NAME || !NAME.test(name)) {
    throw invalid(param, `Tag name '${name.slice(0, MAX_TAG_NAME)}' must be 1-${MAX_TAG_NAME} characters of letters, digits, _ . or -`);
  }
  if (value.length > MAX_TAG_VALUE || (value && !VALUE.test(value))) {
    throw invalid(param, `Value of tag '${name}' must be at most ${MAX_TAG_VALUE} printable characters without commas`);
  }
  return { name, value };
}

/** Tags as stored: `name:value`, or `name` alone. */
export const formatTag = ({ name, value }: { name: string; value: string }) => (value ? `${name}:${value}` : name);

/** A list of tags (a key's defaults) checked as one set: each name once, at most MAX_TAGS. */
export function normaliseTags(raw: string[], param: string): string[] {
  return [...toMap(raw.map((tag) => parseTag(tag, param)), param).values()].map(formatTag);
}

function toMap(tags: Array<{ name: string; value: string }>, param: string): Map<string, { name: string; value: string }> {
  const byName = new Map<string, { name: string; value: string }>();
  for (const tag of tags) {
    if (byName.has(tag.name)) throw invalid(param, `Tag '${tag.name}' is given twice`);
    byName.set(tag.name, tag);
  }
  if (byName.size > MAX_TAGS) throw invalid(param, `At most ${MAX_TAGS} tags per request (got ${byName.size})`);
  return byName;
}

export interface Attribution {
  tags: string[];
  endUser: string | null;
}

/**
 * A request's tags: the key's defaults, then the `x-alltokens-tags` header, then the body's OpenAI
 * `metadata` map (each entry a tag). A key's own tags cannot be overridden by a request (they are the
 * administrator's attribution); the header wins over metadata for the same name.
 */
export function requestAttribution(input: { keyTags: string[]; header?: string | string[]; metadata?: unknown; user?: unknown }): Attribution {
  const fromHeader = headerTags(input.header);
  const fromMetadata = metadataTags(input.metadata);
  const merged = new Map<string, { name: string; value: string }>();
  for (const tag of [...fromMetadata.values(), ...fromHeader.values()]) merged.set(tag.name, tag);
  for (const raw of input.keyTags) {
    const tag = parseTag(raw, 'key.tags');
    merged.set(tag.name, tag);
  }
  if (merged.size > MAX_TAGS) throw invalid(TAGS_HEADER, `At most ${MAX_TAGS} tags per request, the key's included (got ${merged.size})`);
  return { tags: [...merged.values()].map(formatTag).sort(), endUser: endUser(input.user) };
}

function headerTags(header: string | string[] | undefined) {
  const raw = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').filter((tag) => tag.trim());
  return toMap(raw.map((tag) => parseTag(tag, TAGS_HEADER)), TAGS_HEADER);
}

function metadataTags(metadata: unknown) {
  if (metadata === undefined || metadata === null) return new Map();
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw invalid('metadata', 'metadata must be an object of string values');
  const tags = Object.entries(metadata as Record<string, unknown>).map(([name, value]) => {
    if (typeof value !== 'string') throw invalid(`metadata.${name}`, `metadata.${name} must be a string`);
    return parseTag(`${name}:${value}`, `metadata.${name}`);
  });
  return toMap(tags, 'metadata');
}

/** OpenAI's `user` (Anthropic's `metadata.user_id`): the end user a request is made for. */
function endUser(user: unknown): string | null {
  if (user === undefined || user === null || user === '') return null;
  if (typeof user !== 'string') throw new ApiError(400, 'invalid_request', 'user must be a string', 'user');
  if (user.length > MAX_END_USER || /[\x00-\x1f\x7f]/.test(user)) {
    throw new ApiError(400, 'invalid_request', `user must be at most ${MAX_END_USER} characters without control characters`, 'user');
  }
  return user;
}
