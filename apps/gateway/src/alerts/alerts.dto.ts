import { z } from 'zod';
import type { AlertDestination, AlertEventRecord, AlertRule } from '@alltokens/db';

export const createDestinationSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** `webhook`: signed JSON events; `slack`: a Slack incoming-webhook URL, sent `{text, blocks}`. */
  kind: z.enum(['webhook', 'slack']),
  url: z.url({ protocol: /^https?$/ }),
  org_id: z.string().min(1).max(100).optional(),
});
export type CreateDestinationInput = z.infer<typeof createDestinationSchema>;

export const createRuleSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    type: z.enum(['budget_threshold', 'error_rate', 'latency', 'breaker_open']),
    destination_ids: z.array(z.string().min(1)).min(1).max(20),
    /** Only this endpoint (`provider:model`, as in `/models/{id}/endpoints`); omitted = every endpoint. */
    endpoint_id: z.string().min(1).max(300).nullish(),
    /** error_rate: the failing fraction of attempts (0-1); latency: milliseconds at `percentile`. */
    threshold: z.number().positive().optional(),
    percentile: z.union([z.literal(50), z.literal(95), z.literal(99)]).optional(),
    /** The window the condition is measured over and the alert sent at most once in (60 s - 1 day). */
    window_seconds: z.number().int().min(60).max(86_400).default(300),
    /** error_rate/latency: fewer attempts than this in the window never alert. */
    min_requests: z.number().int().min(1).max(1_000_000).default(20),
    enabled: z.boolean().default(true),
    org_id: z.string().min(1).max(100).optional(),
  })
  .superRefine((rule, ctx) => {
    const needsThreshold = rule.type === 'error_rate' || rule.type === 'latency';
    if (needsThreshold && rule.threshold === undefined) ctx.addIssue({ code: 'custom', path: ['threshold'], message: `a ${rule.type} rule needs a threshold` });
    if (rule.type === 'error_rate' && rule.threshold !== undefined && rule.threshold > 1) ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'an error rate is a fraction between 0 and 1' });
    if (!needsThreshold && rule.threshold !== undefined) ctx.addIssue({ code: 'custom', path: ['threshold'], message: `a ${rule.type} rule takes no threshold` });
    if (rule.type !== 'latency' && rule.percentile !== undefined) ctx.addIssue({ code: 'custom', path: ['percentile'], message: 'only latency rules take a percentile' });
    if (rule.type === 'budget_threshold' && rule.endpoint_id) ctx.addIssue({ code: 'custom', path: ['endpoint_id'], message: 'budget alerts follow the budgets’ own thresholds, not endpoints' });
  });
export type CreateRuleInput = z.infer<typeof createRuleSchema>;

export const updateRuleSchema = z.strictObject({ enabled: z.boolean() });

export const listEventsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  org_id: z.string().optional(),
});

/** Never the secret: it is shown once, when the destination is created. */
export const toDestinationView = (row: AlertDestination) => ({
  id: row.id,
  org_id: row.orgId,
  name: row.name,
  kind: row.kind,
  url: row.kind === 'slack' ? `${new URL(row.url).origin}/…` : row.url,
  signed: row.secret !== null,
  created_at: row.createdAt.toISOString(),
});

export const toRuleView = (row: AlertRule) => ({
  id: row.id,
  org_id: row.orgId,
  name: row.name,
  type: row.type,
  destination_ids: row.destinationIds,
  endpoint_id: row.endpointId,
  threshold: row.threshold,
  percentile: row.percentile,
  window_seconds: row.windowSeconds,
  min_requests: row.minRequests,
  enabled: row.enabled,
  created_at: row.createdAt.toISOString(),
});

export const toEventView = (row: AlertEventRecord) => ({
  id: row.id,
  org_id: row.orgId,
  rule_id: row.ruleId,
  type: row.type,
  summary: row.summary,
  data: row.data,
  created_at: row.createdAt.toISOString(),
});
