import { z } from 'zod';

export const ALERT_JOB_VERSION = 1 as const;

export const ALERT_TYPES = ['budget.threshold', 'endpoint.error_rate', 'endpoint.latency', 'endpoint.breaker_open'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** One alert as destinations receive it (webhook body; Slack messages are rendered from it). */
export const alertEventSchema = z.object({
  /** Unique per condition and window: a receiver can drop duplicates by it. */
  id: z.string(),
  type: z.enum(ALERT_TYPES),
  org_id: z.string(),
  rule_id: z.string().nullable(),
  /** One line for people (Slack's `text`, e-mail subjects). */
  summary: z.string(),
  occurred_at: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

/** Job `alert-delivery` on the `alerts` queue: one event to one destination, retried with backoff. */
export const alertDeliveryJobSchema = z.object({
  v: z.literal(ALERT_JOB_VERSION),
  destinationId: z.string(),
  event: alertEventSchema,
});
export type AlertDeliveryJob = z.infer<typeof alertDeliveryJobSchema>;

/** Job `breaker-opened` on the `alerts` queue: a router saw an endpoint's circuit breaker open. */
export const breakerOpenedJobSchema = z.object({
  v: z.literal(ALERT_JOB_VERSION),
  endpointId: z.string(),
  providerId: z.string(),
  modelId: z.string(),
  failures: z.number().int().nonnegative(),
  openUntil: z.number().int(),
  at: z.number().int(),
});
export type BreakerOpenedJob = z.infer<typeof breakerOpenedJobSchema>;
