import { z } from 'zod';
import { baseEnvSchema, intFromEnv, parseEnv } from '@alltokens/platform';

export const analyticsEnvSchema = baseEnvSchema.extend({
  ANALYTICS_PORT: intFromEnv(8082),
  ANALYTICS_HOST: z.string().default('0.0.0.0'),
  /** Usage jobs held open at once; they wait for their batch's commit. */
  ANALYTICS_CONCURRENCY: intFromEnv(1000),
  ANALYTICS_BATCH_SIZE: intFromEnv(1000),
  ANALYTICS_BATCH_MS: intFromEnv(100),
  ANALYTICS_DB_POOL: intFromEnv(5),
  /** CPU nice value (0 = unchanged): the ledger's batches yield to the request path on a shared host. */
  ANALYTICS_NICE: intFromEnv(10),
});
export type AnalyticsEnv = z.infer<typeof analyticsEnvSchema>;

export function loadAnalyticsEnv(env: NodeJS.ProcessEnv = process.env): AnalyticsEnv {
  return parseEnv(analyticsEnvSchema, env);
}
