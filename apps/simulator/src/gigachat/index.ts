import type { OutgoingHttpHeaders } from 'node:http';
import type { Personality } from '../personality';
import { AccessTokens, DEFAULT_TOKEN_TTL_MS } from './access-tokens';
import { authenticate, oauthRoute } from './auth';
import { chatRoute } from './chat';
import { embeddingsRoute } from './embeddings';
import { badRequest, failure, gigachatError, newRequestId, streamErrorFrame } from './errors';
import { listModelsRoute, retrieveModelRoute } from './models';

const headers = (requestId: string): OutgoingHttpHeaders => ({ 'x-request-id': requestId, 'x-session-id': requestId });

export interface GigaChatOptions {
  /** How long an access token lives (GigaChat: 30 minutes). */
  tokenTtlMs?: number;
}

/** Sber's GigaChat: OAuth on `/api/v2/oauth`, the API under `/api/v1/` behind its access tokens. */
export function createGigachatPersonality({ tokenTtlMs = DEFAULT_TOKEN_TTL_MS }: GigaChatOptions = {}): Personality {
  const tokens = new AccessTokens(tokenTtlMs);
  return {
    name: 'gigachat',
    routes: [oauthRoute(tokens), chatRoute, embeddingsRoute, listModelsRoute, retrieveModelRoute],
    authenticate: (requestHeaders, apiKey, _method, path) => authenticate(tokens, requestHeaders, apiKey, path),
    notFound: () => gigachatError(404, 'Not Found'),
    methodNotAllowed: () => gigachatError(405, 'Method Not Allowed'),
    invalidJson: () => badRequest('Invalid request: the body is not valid JSON'),
    badRequest,
    failure,
    streamErrorFrame,
    headers,
    newRequestId,
  };
}

export const gigachatPersonality = createGigachatPersonality();
