import { z } from 'zod';
import { isRedisUrl } from './redis-url';

/**
 * Validates the environment once, at boot. Every bad variable is listed in one message,
 * so an operator fixes them all in one go instead of one restart per variable.
 */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new Error(`Invalid environment:\n${problems.join('\n')}`);
}

/** Common variables every service reads. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** redis://, rediss:// (TLS), redis-cluster:// / rediss-cluster:// (seed nodes, comma-separated) or redis-sentinel:// / rediss-sentinel:// (sentinels, then /<master name>): see docs/kubernetes.md. */
  REDIS_URL: z.string().refine(isRedisUrl, 'not a Redis URL: redis://, rediss://, redis-cluster://host:port,host:port or redis-sentinel://host:port/<master name>').default('redis://127.0.0.1:6379'),
  ALLTOKENS_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]+$/).default('alltokens'),
  DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/alltokens'),
  ALLTOKENS_CONFIG: z.string().default('config/alltokens.yaml'),
  /** 32 random bytes (base64 or hex) sealing organisations' provider keys (BYOK); unset = BYOK disabled. */
  ALLTOKENS_ENCRYPTION_KEY: z.string().optional(),
  /** Earlier encryption keys, comma-separated: still open credentials sealed before a rotation. */
  ALLTOKENS_PREVIOUS_ENCRYPTION_KEYS: z.string().default(''),
  /** Let organisation-supplied provider URLs reach private or loopback addresses (metadata stays blocked). */
  ALLTOKENS_UPSTREAM_ALLOW_PRIVATE: z.stringbool().default(false),
  /** Hosts organisation-supplied provider URLs may use even if they resolve privately, comma-separated. */
  ALLTOKENS_UPSTREAM_ALLOW_HOSTS: z.string().default(''),
  /** Let alert and budget webhooks reach private or loopback addresses (metadata stays blocked). */
  ALLTOKENS_WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
  /** Hosts webhooks may use even if they resolve privately, comma-separated. */
  ALLTOKENS_WEBHOOK_ALLOW_HOSTS: z.string().default(''),
});
export type BaseEnv = z.infer<typeof baseEnvSchema>;

export const intFromEnv = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
