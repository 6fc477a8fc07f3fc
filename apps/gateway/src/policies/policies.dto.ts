import { z } from 'zod';
import type { RoutingPolicy } from '@alltokens/contracts';
import { ScopeKind, type Policy } from '@alltokens/db';

const list = z.array(z.string().min(1)).default([]);
export const createPolicySchema = z.strictObject({
  name: z.string().min(1).max(200),
  scope: z.enum(ScopeKind),
  scope_id: z.string().min(1),
  allowed_providers: list,
  denied_providers: list,
  allowed_models: list,
  denied_models: list,
  allowed_regions: list,
  deny_data_training: z.boolean().default(false),
  deny_data_retention: z.boolean().default(false),
  require_zdr: z.boolean().default(false),
  max_price_per_mtok: z.number().nonnegative().nullish(),
});
export type CreatePolicyInput = z.infer<typeof createPolicySchema>;

/** A stored policy as the routers apply it (it travels in every job). */
export function toRoutingPolicy(row: Policy): RoutingPolicy {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    allowedProviders: row.allowedProviders,
    deniedProviders: row.deniedProviders,
    allowedModels: row.allowedModels,
    deniedModels: row.deniedModels,
    allowedRegions: row.allowedRegions,
    denyDataTraining: row.denyDataTraining,
    denyDataRetention: row.denyDataRetention,
    requireZdr: row.requireZdr,
    maxPricePerMtok: row.maxPricePerMtok?.toNumber() ?? null,
  };
}

export const toPolicyView = (row: Policy) => ({ ...toRoutingPolicy(row), scope_id: row.scopeId });
