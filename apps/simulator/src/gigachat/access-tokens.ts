import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEFAULT_TOKEN_TTL_MS = 30 * 60_000;

/**
 * Issues and checks access tokens without storing them: a token is its expiry and scope, signed
 * with this personality's secret, so every simulator serving the personality accepts it.
 */
export class AccessTokens {
  private readonly secret = randomBytes(32);

  constructor(private readonly ttlMs = DEFAULT_TOKEN_TTL_MS) {}

  issue(scope: string): { access_token: string; expires_at: number } {
    const expiresAt = Date.now() + this.ttlMs;
    const payload = Buffer.from(JSON.stringify({ exp: expiresAt, scope })).toString('base64url');
    return { access_token: `${payload}.${this.sign(payload)}`, expires_at: expiresAt };
  }

  /** Why the token is not accepted, or undefined. */
  problem(token: string): 'invalid' | 'expired' | undefined {
    const [payload, signature] = token.split('.');
    if (!payload || !signature) return 'invalid';
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp: number };
    return Date.now() >= exp ? 'expired' : undefined;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
