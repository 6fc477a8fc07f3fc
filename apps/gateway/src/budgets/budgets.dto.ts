import { z } from 'zod';
import { BudgetPeriod, BudgetScope, type Budget } from '@alltokens/db';

export const createBudgetSchema = z.strictObject({
  /** `tag`: scope_id is `name:value` (a request's tag); `end_user`: scope_id is OpenAI's `user` of the requests. */
  scope: z.enum(BudgetScope),
  scope_id: z.string().min(1).max(300),
  /** For tag and end-user budgets: the organisation (the admin key only; management keys use their own). */
  org_id: z.string().min(1).max(100).optional(),
  /** USD per period. */
  amount: z.number().positive(),
  period: z.enum(BudgetPeriod),
  thresholds: z.array(z.number().int().min(1).max(100)).max(10).default([50, 80, 100]),
  webhook_url: z.url({ protocol: /^https?$/ }).nullish(),
});
export type CreateBudgetInput = z.infer<typeof createBudgetSchema>;

/** What an edit may change; the scope and period name the budget and stay. */
export const updateBudgetSchema = z
  .strictObject({
    amount: z.number().positive().optional(),
    thresholds: z.array(z.number().int().min(1).max(100)).max(10).optional(),
    /** null removes the webhook (and its signing secret); a new URL keeps the secret. */
    webhook_url: z.url({ protocol: /^https?$/ }).nullish(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Give at least one of amount, thresholds, webhook_url');
export type UpdateBudgetInput = z.infer<typeof updateBudgetSchema>;

export const topUpSchema = z.strictObject({
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
    /** Deliveries to `webhook_url` are signed with the secret returned once, when the webhook is first set. */
    webhook_signed: budget.webhookSecret !== null,
    created_at: budget.createdAt.toISOString(),
  };
}
