import { z } from 'zod';
import { BudgetPeriod, ScopeKind, type Budget } from '@alltokens/db';

export const createBudgetSchema = z.object({
  scope: z.enum(ScopeKind),
  scope_id: z.string().min(1),
  /** USD per period. */
  amount: z.number().positive(),
  period: z.enum(BudgetPeriod),
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
