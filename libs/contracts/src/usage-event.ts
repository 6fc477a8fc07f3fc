import { z } from 'zod';
import { callerSchema } from './completion-job';
import { guardrailFindingSchema } from './guardrails';
import { JobName } from './job-names';
import { traceCarrierSchema } from './trace';

export const USAGE_EVENT_VERSION = 1 as const;

export const tokenUsageSchema = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  cachedTokens: z.number().int().nonnegative().default(0),
  cacheWriteTokens: z.number().int().nonnegative().default(0),
  reasoningTokens: z.number().int().nonnegative().default(0),
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

export const attemptSchema = z.object({
  providerId: z.string(),
  endpointId: z.string(),
  /** Upstream HTTP status, or null when no response arrived (connect error, timeout). */
  httpStatus: z.number().int().nullable(),
  outcome: z.enum(['success', 'error', 'timeout', 'connect_error', 'cancelled', 'interrupted']),
  error: z.string().optional(),
  latencyMs: z.number().nonnegative(),
  /** This attempt continued a stream another attempt had started (stream continuation failover). */
  continuation: z.boolean().optional(),
  /** What an attempt that answered consumed (a continuation's prompt includes the text it was given), and its price. */
  usage: tokenUsageSchema.optional(),
  costUsd: z.number().nonnegative().optional(),
});
export type Attempt = z.infer<typeof attemptSchema>;

export const requestStatusSchema = z.enum(['success', 'error', 'cancelled', 'interrupted']);
export type RequestStatus = z.infer<typeof requestStatusSchema>;

/** `upstream` when the provider reported usage, `estimated` when AllTokens counted tokens itself. */
export const usageSourceSchema = z.enum(['upstream', 'estimated', 'none']);
export type UsageSource = z.infer<typeof usageSourceSchema>;

/** Job on the `usage` queue: exactly one per request the router handled; the request id is the idempotency key. */
export const usageEventSchema = z.object({
  v: z.literal(USAGE_EVENT_VERSION),
  requestId: z.string().min(1),
  trace: traceCarrierSchema,
  caller: callerSchema,
  /** The job that served the request. */
  kind: z.enum([JobName.Chat, JobName.Embeddings]),
  requestedModel: z.string(),
  /** Canonical model id that answered (or was last tried). */
  model: z.string().nullable(),
  providerId: z.string().nullable(),
  endpointId: z.string().nullable(),
  streamed: z.boolean(),
  status: requestStatusSchema,
  finishReason: z.string().nullable(),
  usage: tokenUsageSchema,
  usageSource: usageSourceSchema,
  /**
   * USD billed, priced once by the router from the serving endpoint's price when it answered (the
   * `usage.cost` the client saw). Absent only in events of routers older than this field, which
   * analytics prices itself.
   */
  costUsd: z.number().nonnegative().optional(),
  startedAt: z.number().int(),
  finishedAt: z.number().int(),
  latencyMs: z.number().nonnegative(),
  ttftMs: z.number().nonnegative().nullable(),
  attempts: z.array(attemptSchema),
  error: z.object({ status: z.number().int(), code: z.string(), message: z.string() }).nullable(),
  /** How the route was chosen (`x-alltokens-route-mode` and the decision reason). */
  route: z.object({ mode: z.string(), decisionReason: z.string() }).optional(),
  /** Served from the response cache: recorded, flagged and billed at zero. */
  cacheHit: z.boolean().default(false),
  /** Guardrail rules that fired on the prompt and the response (counts, never the matched text). */
  guardrails: z.array(guardrailFindingSchema).default([]),
});
export type UsageEvent = z.infer<typeof usageEventSchema>;
export type UsageEventInput = z.input<typeof usageEventSchema>;

export const USAGE_BATCH_VERSION = 1 as const;

/** An event as producers send it: its shape is checked by the compiler, its values by the consumer, one by one. */
const unvalidatedEvent = z.custom<UsageEventInput>((value) => typeof value === 'object' && value !== null, 'usage event must be an object');

/**
 * Job on the `usage` queue: a batch of usage events (a router's batch, or a gateway cache hit as a
 * batch of one). Each event is validated on its own, so one bad event cannot sink the rest.
 */
export const usageBatchSchema = z.object({
  v: z.literal(USAGE_BATCH_VERSION),
  events: z.array(unvalidatedEvent).min(1).max(10_000),
});
