import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../personality';

interface ErrorFields {
  type?: string;
  param?: string | null;
  code?: string | number | null;
}

/** OpenAI's error envelope: `{"error":{"message","type","param","code"}}`. */
export function openaiError(status: number, message: string, fields: ErrorFields = {}, headers = {}): ApiError {
  const error = {
    message,
    type: fields.type ?? 'invalid_request_error',
    param: fields.param ?? null,
    code: fields.code ?? null,
  };
  return new ApiError(status, { error }, headers);
}

export const badRequest = (message: string, param: string | null = null, code: string | null = null): ApiError =>
  openaiError(400, message, { param, code });

export const invalidJson = (): ApiError =>
  badRequest(
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. " +
      'The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix ' +
      'this, please contact us through our help center at help.openai.com.)',
  );

/** How OpenAI words each status it sends, so injected failures look like the real ones. */
const FAILURES: Record<number, [message: string, fields: ErrorFields]> = {
  400: ['Bad request.', {}],
  401: ['Incorrect API key provided.', { code: 'invalid_api_key' }],
  403: ['Country, region, or territory not supported', { type: 'request_forbidden', code: 'unsupported_country_region_territory' }],
  404: ['The model does not exist or you do not have access to it.', { code: 'model_not_found' }],
  408: ['Request timed out.', { type: 'timeout' }],
  409: ['The request conflicted with another request.', {}],
  413: ['Request too large.', {}],
  422: ['Unprocessable request.', {}],
  429: ['Rate limit reached for requests. Please try again later.', { type: 'requests', code: 'rate_limit_exceeded' }],
  500: ['The server had an error while processing your request. Sorry about that!', { type: 'server_error' }],
  502: ['Bad gateway.', { type: 'cf_bad_gateway', code: 502 }],
  503: ['The server is overloaded or not ready yet.', { type: 'server_error' }],
  504: ['Gateway timeout.', { type: 'cf_gateway_timeout', code: 504 }],
};

export function failure(status: number, message?: string, retryAfterSec?: number): ApiError {
  const [text, fields] = FAILURES[status] ?? [
    `Simulated error (HTTP ${status}).`,
    { type: status >= 500 ? 'server_error' : 'invalid_request_error' },
  ];
  const retryAfter = retryAfterSec ?? (status === 429 ? 1 : undefined);
  return openaiError(status, message ?? text, fields, retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) });
}

/** The `data:` event OpenAI sends when a stream fails after it started. */
export const streamErrorFrame = (): string =>
  `data: ${JSON.stringify({ error: { message: FAILURES[500]![0], type: 'server_error', param: null, code: null } })}\n\n`;

function mask(key: string): string {
  return key.length <= 12 ? key : `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

const NO_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
  "(i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API " +
  'from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.';

/**
 * `Authorization: Bearer <key>`. `GET /v1/models` without any credentials is let through so that
 * readiness probes (which carry no key) can use it; a wrong key is still refused there.
 */
export function authenticate(headers: IncomingHttpHeaders, apiKey: string, method: string, path: string): ApiError | undefined {
  const header = headers.authorization;
  if (header === undefined) {
    return method === 'GET' && path === '/v1/models' ? undefined : openaiError(401, NO_KEY);
  }
  const key = header.replace(/^Bearer\s+/i, '').trim();
  if (key === apiKey) return undefined;
  return openaiError(
    401,
    `Incorrect API key provided: ${mask(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    { code: 'invalid_api_key' },
  );
}
