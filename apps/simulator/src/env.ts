import { z } from 'zod';
import type { SimulatorOptions } from './server';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const simulatorEnvSchema = z.object({
  SIM_PORT: int(0, 65_535).default(4010),
  SIM_HOST: z.string().min(1).default('127.0.0.1'),
  SIM_NAME: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, ".", "_" or "-" (1-64)').default('simulator'),
  SIM_API_KEY: z.string().min(1).optional(),
  SIM_LATENCY_MS: int(0, 600_000).default(0),
  SIM_CHUNK_INTERVAL_MS: int(0, 600_000).default(0),
  SIM_CHUNKS: int(0, 100_000).default(0),
  SIM_REPLY_CHARS: int(0, 10_000_000).default(120),
  SIM_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  SIM_FAILURE_STATUS: int(400, 599).default(500),
  SIM_BROKEN_TOOL_RATE: z.coerce.number().min(0).max(1).default(0),
});

/**
 * Reads the simulator's options from the environment. Every bad variable is listed in one
 * message, so an operator fixes them all in one go. Empty values count as unset.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): SimulatorOptions {
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => key.startsWith('SIM_') && value !== ''));
  const result = simulatorEnvSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid simulator environment:\n${problems.join('\n')}`);
  }
  const e = result.data;
  return {
    port: e.SIM_PORT,
    host: e.SIM_HOST,
    name: e.SIM_NAME,
    apiKey: e.SIM_API_KEY,
    latencyMs: e.SIM_LATENCY_MS,
    chunkIntervalMs: e.SIM_CHUNK_INTERVAL_MS,
    chunks: e.SIM_CHUNKS,
    replyChars: e.SIM_REPLY_CHARS,
    failureRate: e.SIM_FAILURE_RATE,
    failureStatus: e.SIM_FAILURE_STATUS,
    brokenToolRate: e.SIM_BROKEN_TOOL_RATE,
  };
}
