import { z } from 'zod';
import { baseEnvSchema, intFromEnv, parseEnv } from '@alltokens/platform';
import type { FidelityPolicy } from '@alltokens/routing';

export const routerEnvSchema = baseEnvSchema.extend({
  ROUTER_PORT: intFromEnv(8081),
  ROUTER_HOST: z.string().default('0.0.0.0'),
  /** Jobs in flight per router process; each is mostly waiting on an upstream. */
  ROUTER_CONCURRENCY: intFromEnv(256),
  /** `price-weighted` spreads traffic over a model's endpoints (1 / price²); `cheapest-first` is deterministic. */
  ROUTER_LOAD_BALANCING: z.enum(['price-weighted', 'cheapest-first']).default('price-weighted'),
  /** `on`: measured fidelity excludes and ranks endpoints; `off`: it is still measured and shown, never used. */
  ROUTER_FIDELITY_ROUTING: z.enum(['on', 'off']).default('on'),
  /** Tool-call / JSON-schema adherence below which tool / JSON requests avoid an endpoint (0-1). */
  ROUTER_FIDELITY_THRESHOLD: z.coerce.number().min(0).max(1).default(0.9),
  /** Samples a measured share needs before routing believes it. */
  ROUTER_FIDELITY_MIN_SAMPLES: intFromEnv(20),
  /** Fidelity probes per hour for endpoints with too few measured tool calls, shared by every router (0: off). */
  ROUTER_FIDELITY_PROBES_PER_HOUR: intFromEnv(0),
});
export type RouterEnv = z.infer<typeof routerEnvSchema>;

export function fidelityPolicyOf(env: Pick<RouterEnv, 'ROUTER_FIDELITY_ROUTING' | 'ROUTER_FIDELITY_THRESHOLD' | 'ROUTER_FIDELITY_MIN_SAMPLES'>): FidelityPolicy {
  return { enabled: env.ROUTER_FIDELITY_ROUTING === 'on', threshold: env.ROUTER_FIDELITY_THRESHOLD, minSamples: env.ROUTER_FIDELITY_MIN_SAMPLES };
}

export function loadRouterEnv(env: NodeJS.ProcessEnv = process.env): RouterEnv {
  return parseEnv(routerEnvSchema, env);
}
