import type { OutgoingHttpHeaders } from 'node:http';
import { randomHex } from '../ids';
import type { Personality } from '../personality';
import { embedRoutes } from './embed';
import { authenticate, failure, googleError, invalidJson, streamErrorFrame } from './errors';
import { generateRoutes } from './generate';

const headers = (_requestId: string, processingMs: number): OutgoingHttpHeaders => ({
  server: 'scaffolding on HTTPServer2',
  'server-timing': `gfet4t7; dur=${processingMs}`,
  vary: 'Origin, X-Origin, Referer',
  'x-content-type-options': 'nosniff',
});

/**
 * Google's `generateContent` API as AI Studio serves it (`/v1beta/models/{m}:…`, key in
 * `x-goog-api-key` or `?key=`) and as Vertex AI serves it (`/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:…`,
 * OAuth bearer token). Streams are SSE only with `?alt=sse`.
 */
export const geminiPersonality: Personality = {
  name: 'gemini',
  routes: [...generateRoutes, ...embedRoutes],
  authenticate: (requestHeaders, apiKey, _method, path, _body, query) => authenticate(requestHeaders, apiKey, path, query),
  notFound: () => googleError(404, 'Requested entity was not found.'),
  methodNotAllowed: (method, path) => googleError(405, `Method ${method} is not allowed on ${path}.`),
  invalidJson,
  badRequest: (message) => googleError(400, message),
  failure,
  streamErrorFrame,
  headers,
  newRequestId: () => randomHex(16),
};
