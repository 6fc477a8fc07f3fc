import { z } from 'zod';
import type { Budget } from '@alltokens/db';

export const createBudgetSchema = z.object({
  scope: z.enum(['organization', 'team', 'key']),
  scope_id: z.string().min(1),
  /** USD per period. */
  amount: z.number().positive(),
  period: z.enum(['daily', 'weekly', 'monthly', 'total']),
  thresholds: z.array(z.number().int().min(1).max(100)).max(10).default([50, 80, 100]),
  webhook_url: z.url().nullish(),
});
export type CreateBudgetInput = z.infer<typeof createBudgetSchema>;

export const topUpSchema = z.object({
  amount: z.number().positive(),
  org_id: z.string().min(1).optional(),
  note: z.string().max(500).optional(),
});

export function toBudgetView(budget: Budget) {
  return {
    id: budget.id,
    org_id: budget.orgId,
    scope: budget.scope,
    scope_id: budget.scopeId,
    amount: budget.amountUsd.toNumber(),
    period: budget.period,
    thresholds: budget.thresholds,
    webhook_url: budget.webhookUrl,
    created_at: budget.createdAt.toISOString(),
  };
}
