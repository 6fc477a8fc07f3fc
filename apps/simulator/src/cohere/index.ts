import type { OutgoingHttpHeaders } from 'node:http';
import { randomHex } from '../ids';
import type { Personality } from '../personality';
import { chatRoute } from './chat';
import { embedRoute } from './embed';
import { authenticate, cohereError, failure, invalidJson, invalidRequest, streamErrorFrame } from './errors';

const headers = (requestId: string): OutgoingHttpHeaders => ({ 'x-debug-trace-id': requestId });

/** Cohere's v2 API: `POST /v2/chat` and `POST /v2/embed`, bearer key. */
export const coherePersonality: Personality = {
  name: 'cohere',
  routes: [chatRoute, embedRoute],
  authenticate: (requestHeaders, apiKey) => authenticate(requestHeaders, apiKey),
  notFound: () => cohereError(404, '404 page not found'),
  methodNotAllowed: () => cohereError(405, 'method not allowed'),
  invalidJson,
  badRequest: invalidRequest,
  failure,
  streamErrorFrame,
  headers,
  newRequestId: () => randomHex(32),
};
