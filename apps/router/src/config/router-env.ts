import { z } from 'zod';
import { baseEnvSchema, intFromEnv, parseEnv } from '@alltokens/platform';

export const routerEnvSchema = baseEnvSchema.extend({
  ROUTER_PORT: intFromEnv(8081),
  ROUTER_HOST: z.string().default('0.0.0.0'),
  /** Jobs in flight per router process; each is mostly waiting on an upstream. */
  ROUTER_CONCURRENCY: intFromEnv(256),
  /** `price-weighted` spreads traffic over a model's endpoints (1 / price²); `cheapest-first` is deterministic. */
  ROUTER_LOAD_BALANCING: z.enum(['price-weighted', 'cheapest-first']).default('price-weighted'),
});
export type RouterEnv = z.infer<typeof routerEnvSchema>;

export function loadRouterEnv(env: NodeJS.ProcessEnv = process.env): RouterEnv {
  return parseEnv(routerEnvSchema, env);
}
