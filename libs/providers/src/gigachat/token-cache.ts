import { randomUUID } from 'node:crypto';
import { request } from 'undici';

/** Who asks for a GigaChat access token, and where. */
export interface TokenRequest {
  authUrl: string;
  /** The authorization key: base64 of `client_id:client_secret`, sent as `Basic`. */
  authorizationKey: string;
  scope: string;
  timeoutMs: number;
}

export interface AccessToken {
  token: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export type TokenExchange = (request: TokenRequest) => Promise<AccessToken>;

export class TokenExchangeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`GigaChat token exchange failed (HTTP ${status}): ${message}`);
    this.name = 'TokenExchangeError';
  }
}

/** `POST <auth_url>` with `scope=...` → `{"access_token": "...", "expires_at": <ms>}`. */
export async function exchangeToken({ authUrl, authorizationKey, scope, timeoutMs }: TokenRequest): Promise<AccessToken> {
  const response = await request(authUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${authorizationKey}`,
      RqUID: randomUUID(),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({ scope }).toString(),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const text = await response.body.text();
  let json: { access_token?: unknown; expires_at?: unknown; message?: unknown } = {};
  try {
    json = JSON.parse(text);
  } catch {
    // reported below with the raw text
  }
  if (response.statusCode >= 300) throw new TokenExchangeError(response.statusCode, typeof json.message === 'string' ? json.message : text.slice(0, 300));
  if (typeof json.access_token !== 'string' || typeof json.expires_at !== 'number') {
    throw new TokenExchangeError(response.statusCode, 'the answer has no access_token/expires_at');
  }
  return { token: json.access_token, expiresAt: json.expires_at };
}

/** Refresh this long before expiry, or halfway through the lifetime of a shorter-lived token. */
const REFRESH_MARGIN_MS = 60_000;

interface CachedToken {
  token: string;
  refreshAt: number;
}

/**
 * Access tokens per (auth URL, scope, key), refreshed before they expire. Concurrent requests
 * share one in-flight exchange; a failed exchange is forgotten so the next request tries again.
 */
export class TokenCache {
  private readonly entries = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly exchange: TokenExchange = exchangeToken,
    private readonly now: () => number = Date.now,
  ) {}

  async token(request: TokenRequest): Promise<string> {
    const key = JSON.stringify([request.authUrl, request.scope, request.authorizationKey]);
    const cached = this.entries.get(key);
    if (cached) {
      const entry = await cached;
      if (this.now() < entry.refreshAt) return entry.token;
      if (this.entries.get(key) === cached) this.entries.delete(key);
    }
    return (await (this.entries.get(key) ?? this.start(key, request))).token;
  }

  /** Forgets every token, e.g. after the API rejected one. */
  invalidate(): void {
    this.entries.clear();
  }

  private start(key: string, request: TokenRequest): Promise<CachedToken> {
    const issuedAt = this.now();
    const pending = this.exchange(request).then(({ token, expiresAt }) => ({
      token,
      refreshAt: expiresAt - Math.min(REFRESH_MARGIN_MS, (expiresAt - issuedAt) / 2),
    }));
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    return pending;
  }
}
