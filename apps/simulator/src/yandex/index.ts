import type { OutgoingHttpHeaders } from 'node:http';
import { randomHex } from '../ids';
import type { Personality } from '../personality';
import { completionRoute } from './completion';
import { textEmbeddingRoute } from './embeddings';
import { authenticate, failure, invalidArgument, newRequestId, streamErrorFrame, yandexError } from './errors';

const headers = (requestId: string): OutgoingHttpHeaders => ({ 'x-request-id': requestId, 'x-server-trace-id': randomHex(16) });

/** Yandex Cloud Foundation Models (`/foundationModels/v1/...`): YandexGPT completion and text embeddings. */
export const yandexPersonality: Personality = {
  name: 'yandex',
  routes: [completionRoute, textEmbeddingRoute],
  authenticate: (requestHeaders, apiKey) => authenticate(requestHeaders, apiKey),
  notFound: (method, path) => yandexError(404, `Method ${method} ${path} not found`),
  methodNotAllowed: (method, path) => yandexError(405, `Method ${method} is not allowed for ${path}`),
  invalidJson: () => invalidArgument('invalid JSON in the request body'),
  badRequest: invalidArgument,
  failure,
  streamErrorFrame,
  headers,
  newRequestId,
};
