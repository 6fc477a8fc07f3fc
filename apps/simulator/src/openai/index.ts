import type { OutgoingHttpHeaders } from 'node:http';
import { randomHex } from '../ids';
import type { Personality } from '../personality';
import { chatRoute } from './chat';
import { completionsRoute } from './completions';
import { embeddingsRoute } from './embeddings';
import { authenticate, badRequest, failure, invalidJson, openaiError, streamErrorFrame } from './errors';
import { listModelsRoute, retrieveModelRoute } from './models';

/** Headers api.openai.com sends on every response (rate-limit values are static). */
function headers(requestId: string, processingMs: number): OutgoingHttpHeaders {
  return {
    'x-request-id': requestId,
    'openai-processing-ms': String(processingMs),
    'openai-version': '2020-10-01',
    'openai-organization': 'alltokens-simulator',
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-remaining-requests': '9999',
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-limit-tokens': '10000000',
    'x-ratelimit-remaining-tokens': '9999000',
    'x-ratelimit-reset-tokens': '0s',
  };
}

export const openaiPersonality: Personality = {
  name: 'openai',
  routes: [chatRoute, completionsRoute, embeddingsRoute, listModelsRoute, retrieveModelRoute],
  authenticate,
  notFound: (method, path) => openaiError(404, `Invalid URL (${method} ${path})`),
  methodNotAllowed: (method, path) => openaiError(405, `Invalid method for URL (${method} ${path})`),
  invalidJson,
  badRequest: (message) => badRequest(message),
  failure,
  streamErrorFrame,
  headers,
  newRequestId: () => `req_${randomHex(32)}`,
};
