import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Logger } from 'pino';
import * as client from 'openid-client';
import { RedisKeys, ApiError } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';
import { GATEWAY_ENV, type GatewayEnv } from '../../config/gateway-env';
import { LOGGER, REDIS } from '../../infra/tokens';

const FLOW_TTL_SECONDS = 600;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface PendingFlow {
  verifier: string;
  nonce: string;
  redirectUri: string;
}

export interface OidcIdentity {
  email: string;
  name: string | null;
  claims: Record<string, unknown>;
}

/**
 * OpenID Connect authorization code flow with PKCE (openid-client): discovery of the issuer, the
 * authorization redirect, and the code exchange with state, nonce and ID-token validation. The pending
 * flow (verifier, nonce) waits in Redis under its state, so the callback may land on any replica.
 */
@Injectable()
export class OidcService {
  private configuration?: Promise<client.Configuration>;

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return Boolean(this.env.OIDC_ISSUER && this.env.OIDC_CLIENT_ID);
  }

  /** Where to send the browser, and the state to bind to it (a cookie). */
  async begin(req: Request): Promise<{ url: string; state: string }> {
    const config = await this.config();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const redirectUri = this.redirectUri(req);
    const flow: PendingFlow = { verifier, nonce, redirectUri };
    await this.redis.set(this.flowKey(state), JSON.stringify(flow), 'EX', FLOW_TTL_SECONDS);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.env.OIDC_SCOPES,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state };
  }

  /** Exchanges the code (once: the pending flow is taken out of Redis) and returns the verified identity. */
  async complete(req: Request, state: string): Promise<OidcIdentity> {
    const config = await this.config();
    const raw = await this.redis.getdel(this.flowKey(state));
    if (!raw) throw new ApiError(400, 'oidc_state_unknown', 'This sign-in link expired or was already used; sign in again');
    const flow = JSON.parse(raw) as PendingFlow;
    const current = new URL(req.originalUrl, flow.redirectUri);
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idClaims = (tokens.claims() ?? {}) as Record<string, unknown> & { sub: string };
    // Many providers keep email and group claims out of the ID token: then they come from UserInfo.
    const claims: Record<string, unknown> =
      typeof idClaims.email === 'string' && idClaims[this.env.OIDC_ROLE_CLAIM] !== undefined
        ? idClaims
        : { ...(await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...idClaims };
    const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
    if (!email) throw new ApiError(403, 'oidc_no_email', 'The identity provider sent no email claim: add the "email" scope');
    if (claims.email_verified === false) throw new ApiError(403, 'oidc_email_unverified', `The identity provider has not verified ${email}`);
    return { email, name: typeof claims.name === 'string' ? claims.name : null, claims };
  }

  private config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      this.logger.warn({ err: error }, 'OIDC discovery failed');
      throw new ApiError(502, 'oidc_unavailable', `The identity provider at ${this.env.OIDC_ISSUER} could not be reached`);
    });
    return this.configuration;
  }

  private discover(): Promise<client.Configuration> {
    if (!this.enabled) throw new ApiError(404, 'oidc_disabled', 'Single sign-on is not configured (OIDC_ISSUER)');
    const issuer = new URL(this.env.OIDC_ISSUER!);
    // Plain http only for an issuer on this machine (development, tests); anything else must be https.
    const execute = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname) ? [client.allowInsecureRequests] : [];
    return client.discovery(issuer, this.env.OIDC_CLIENT_ID!, this.env.OIDC_CLIENT_SECRET, undefined, { execute });
  }

  private redirectUri(req: Request): string {
    return this.env.OIDC_REDIRECT_URI ?? `${req.protocol}://${req.headers.host}/api/console/oidc/callback`;
  }

  private flowKey(state: string): string {
    return new RedisKeys(this.env.ALLTOKENS_PREFIX).key('console', 'oidc', state);
  }
}
