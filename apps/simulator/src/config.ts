import { z } from 'zod';
import type { Behaviour } from './behaviour';

const ms = z.number().int().min(0).max(600_000);

/** Settings that can change while the simulator runs (`POST /_sim/config`). */
export const runtimeConfigSchema = z.object({
  /** Identifies the instance: `x-sim-instance` header and `system_fingerprint` `fp_<name>`. */
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, ".", "_" or "-" (1-64)'),
  /** When set, requests must carry it (OpenAI: `Authorization: Bearer <key>`). */
  apiKey: z.string().min(1).optional(),
  latencyMs: ms,
  chunkIntervalMs: ms,
  chunks: z.number().int().min(0).max(100_000),
  replyChars: z.number().int().min(0).max(10_000_000),
  /** Probability (0-1) that a request fails with `failureStatus`. */
  failureRate: z.number().min(0).max(1),
  failureStatus: z.number().int().min(400).max(599),
  /** Probability (0-1) that an answer calling tools carries broken arguments (invalid JSON or off-schema). */
  brokenToolRate: z.number().min(0).max(1),
  /** Listed by `GET /v1/models`; any model id is accepted by the generation endpoints. */
  models: z.array(z.string().min(1)).min(1),
});
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

export const configPatchSchema = runtimeConfigSchema.partial().strict();
export type ConfigPatch = z.infer<typeof configPatchSchema>;

export const DEFAULT_CONFIG: RuntimeConfig = {
  name: 'simulator',
  latencyMs: 0,
  chunkIntervalMs: 0,
  chunks: 0,
  replyChars: 120,
  failureRate: 0,
  failureStatus: 500,
  brokenToolRate: 0,
  models: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-3.5-turbo-instruct', 'text-embedding-3-small', 'text-embedding-3-large'],
};

export function resolveConfig(patch: ConfigPatch = {}): RuntimeConfig {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return runtimeConfigSchema.parse({ ...DEFAULT_CONFIG, ...defined });
}

export function baseBehaviour(config: RuntimeConfig): Behaviour {
  return {
    latencyMs: config.latencyMs,
    intervalMs: config.chunkIntervalMs,
    chunks: config.chunks,
    chars: config.replyChars,
    noUsage: false,
    brokenToolRate: config.brokenToolRate,
    brokenJsonRate: 0,
    empty: false,
  };
}
