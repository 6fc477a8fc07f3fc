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
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');

export function loadGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return parseEnv(gatewayEnvSchema, env);
}
