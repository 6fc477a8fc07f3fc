import type { IncomingHttpHeaders } from 'node:http';
import type { ApiError, Exchange, Route } from '../personality';
import type { AccessTokens } from './access-tokens';
import { gigachatError, oauthError } from './errors';

export const OAUTH_PATH = '/api/v2/oauth';
const SCOPES = ['GIGACHAT_API_PERS', 'GIGACHAT_API_B2B', 'GIGACHAT_API_CORP'];
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * The OAuth endpoint takes the authorization key as `Basic` (here: the simulator's key); every
 * API path takes `Bearer <access token>` from it, refused once expired.
 */
export function authenticate(tokens: AccessTokens, headers: IncomingHttpHeaders, apiKey: string, path: string): ApiError | undefined {
  const header = headers.authorization ?? '';
  if (path === OAUTH_PATH) {
    const match = /^Basic\s+(\S+)$/.exec(header);
    if (!match) return oauthError(401, 4, "Can't decode 'Authorization' header");
    return match[1] === apiKey ? undefined : oauthError(401, 6, "credentials doesn't match db data");
  }
  const match = /^Bearer\s+(\S+)$/.exec(header);
  const problem = match ? tokens.problem(match[1]!) : 'invalid';
  if (problem === 'expired') return gigachatError(401, 'Token has expired');
  return problem ? gigachatError(401, 'Unauthorized') : undefined;
}

/** `POST /api/v2/oauth`: `RqUID` (uuid4) header, form body `scope=...` → `{access_token, expires_at}` (ms). */
export function oauthRoute(tokens: AccessTokens): Route {
  return {
    method: 'POST',
    path: OAUTH_PATH,
    prepare({ body, headers }): Exchange {
      const rqUid = headers.rquid;
      if (typeof rqUid !== 'string' || !UUID4.test(rqUid)) throw oauthError(400, 3, 'RqUID header is missing or is not a uuid4');
      const scope = typeof body === 'string' ? new URLSearchParams(body).get('scope') : null;
      if (!scope) throw oauthError(400, 5, 'scope is empty');
      if (!SCOPES.includes(scope)) throw oauthError(400, 7, 'scope from db not fully includes consumed scope');
      return { respond: () => ({ kind: 'json', body: tokens.issue(scope) }) };
    },
  };
}
