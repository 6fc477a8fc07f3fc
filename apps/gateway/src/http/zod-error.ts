import type { ZodError } from 'zod';
import { ApiError } from '@alltokens/contracts';

/** The first issue becomes the message, its path the OpenAI `param` (e.g. `messages[0].role`). */
export function zodToApiError(error: ZodError): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError(400, 'invalid_request', 'Invalid request body');
  const param = issue.path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );
  const message = param ? `Invalid value for '${param}': ${issue.message}` : issue.message;
  return new ApiError(400, 'invalid_request', message, param || null);
}
