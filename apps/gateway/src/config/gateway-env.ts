import { z } from 'zod';
import { baseEnvSchema, intFromEnv, parseEnv } from '@alltokens/platform';

export const gatewayEnvSchema = baseEnvSchema.extend({
  GATEWAY_PORT: intFromEnv(8080),
  GATEWAY_HOST: z.string().default('0.0.0.0'),
  ALLTOKENS_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters'),
  /** Secret for the keyed hash of API keys; rotating it invalidates every key. */
  ALLTOKENS_KEY_HASH_SECRET: z.string().min(16).default('alltokens-dev-key-hash-secret-change-me'),
  GATEWAY_BODY_LIMIT: z.string().default('4mb'),
  /** How long a request may wait for the router before the client gets a 504. */
  GATEWAY_REQUEST_TIMEOUT_MS: intFromEnv(600_000),
  GATEWAY_KEY_CACHE_TTL_MS: intFromEnv(60_000),
  GATEWAY_DB_POOL: intFromEnv(10),
  /** The web console at /dashboard: how long a sign-in lasts, and where its built assets are. */
  CONSOLE_SESSION_TTL_SECONDS: intFromEnv(8 * 3600),
  CONSOLE_ASSETS_DIR: z.string().optional(),
  /** OpenID Connect single sign-on for the console (off unless OIDC_ISSUER is set). */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_REDIRECT_URI: z.string().url().optional(),
  OIDC_SCOPES: z.string().default('openid email profile'),
  OIDC_ORG_ID: z.string().default('default'),
  OIDC_ROLE_CLAIM: z.string().default('groups'),
  /** `claim value=role` pairs, comma-separated, e.g. `platform-admins=admin,finance=viewer`. */
  OIDC_ROLE_MAP: z.string().default(''),
  /** Role given to a user no mapping matches and who is not yet a member; unset refuses them. */
  OIDC_DEFAULT_ROLE: z.enum(['admin', 'member', 'viewer']).optional(),
}).superRefine((env, ctx) => {
  if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) ctx.addIssue({ code: 'custom', path: ['OIDC_CLIENT_ID'], message: 'is required when OIDC_ISSUER is set' });
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');

export function loadGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return parseEnv(gatewayEnvSchema, env);
}
