import type { OutgoingHttpHeaders } from 'node:http';
import type { Personality } from '../personality';
import { anthropicError, authenticate, failure, invalidRequest, newRequestId, streamErrorFrame } from './errors';
import { messagesRoute } from './messages';

/** Headers api.anthropic.com sends on every response (rate-limit values are static, resets a minute out). */
function headers(requestId: string): OutgoingHttpHeaders {
  const reset = new Date(Math.ceil(Date.now() / 60_000) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const limits: OutgoingHttpHeaders = { 'request-id': requestId, 'anthropic-organization-id': '00000000-0000-4000-8000-000000000000' };
  for (const [kind, limit] of [['requests', 4000], ['tokens', 2_400_000], ['input-tokens', 2_000_000], ['output-tokens', 400_000]] as const) {
    limits[`anthropic-ratelimit-${kind}-limit`] = String(limit);
    limits[`anthropic-ratelimit-${kind}-remaining`] = String(limit - 1);
    limits[`anthropic-ratelimit-${kind}-reset`] = reset;
  }
  return limits;
}

/** Anthropic's Messages API on `POST /v1/messages` (OpenAI's personality owns `/v1/models`). */
export const anthropicPersonality: Personality = {
  name: 'anthropic',
  routes: [messagesRoute],
  authenticate: (requestHeaders, apiKey) => authenticate(requestHeaders, apiKey),
  notFound: () => anthropicError(404, 'not_found_error', 'Not Found'),
  methodNotAllowed: () => anthropicError(405, 'invalid_request_error', 'Method Not Allowed'),
  invalidJson: () => invalidRequest('There was an issue with the format of your request: the body is not valid JSON.'),
  badRequest: invalidRequest,
  failure,
  streamErrorFrame,
  headers,
  newRequestId,
};
