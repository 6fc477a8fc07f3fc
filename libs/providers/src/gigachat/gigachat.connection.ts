import type { ProviderInfo } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import type { TokenCache, TokenRequest } from './token-cache';

const DEFAULT_AUTH_URL = 'https://ngw.devices.sberbank.ru:9443/api/v2/oauth';
const DEFAULT_SCOPE = 'GIGACHAT_API_PERS';

/** `api_key` is the authorization key (base64 `client_id:client_secret`); `options.auth_url`/`scope` pick the OAuth endpoint and API tier. */
export function tokenRequest(provider: ProviderInfo): TokenRequest {
  if (!provider.apiKey) {
    throw new ApiError(500, 'provider_misconfigured', `Provider ${provider.id}: GigaChat needs api_key (the authorization key)`);
  }
  return {
    authUrl: provider.options.auth_url ?? DEFAULT_AUTH_URL,
    authorizationKey: provider.apiKey,
    scope: provider.options.scope ?? DEFAULT_SCOPE,
    timeoutMs: provider.firstByteTimeoutMs,
  };
}

/** Headers of an API call, with a cached (or freshly exchanged) access token. */
export async function gigachatHeaders(provider: ProviderInfo, tokens: TokenCache): Promise<Record<string, string>> {
  const token = await tokens.token(tokenRequest(provider));
  return { 'content-type': 'application/json', accept: 'application/json', ...provider.headers, authorization: `Bearer ${token}` };
}
