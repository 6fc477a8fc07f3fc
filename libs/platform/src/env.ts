import { z } from 'zod';

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
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  ALLTOKENS_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]+$/).default('alltokens'),
  DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/alltokens'),
  ALLTOKENS_CONFIG: z.string().default('config/alltokens.yaml'),
});
export type BaseEnv = z.infer<typeof baseEnvSchema>;

export const intFromEnv = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
