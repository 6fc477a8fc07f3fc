import type { ZodError } from 'zod';
import { ApiError } from '@alltokens/contracts';

const paramOf = (path: PropertyKey[]) =>
  path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');

/** The first issue becomes the message, its path the OpenAI `param` (e.g. `messages[0].role`). */
export function zodToApiError(error: ZodError): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError(400, 'invalid_request', 'Invalid request body');
  if (issue.code === 'unrecognized_keys') {
    // Admin bodies are strict: a misspelt or unsupported field is refused, never silently ignored.
    const fields = issue.keys.map((key) => paramOf([...issue.path, key]));
    const message = `Unknown field${fields.length > 1 ? 's' : ''} ${fields.map((field) => `'${field}'`).join(', ')}: not accepted by this endpoint`;
    return new ApiError(400, 'unknown_field', message, fields[0]!);
  }
  const param = paramOf(issue.path);
  const message = param ? `Invalid value for '${param}': ${issue.message}` : issue.message;
  return new ApiError(400, 'invalid_request', message, param || null);
}
