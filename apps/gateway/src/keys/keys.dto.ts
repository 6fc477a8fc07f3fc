import { z } from 'zod';
import { ApiKeyKind } from '@alltokens/db';
import type { StoredKey } from '../auth/api-key.repository';
import { normaliseTags } from '../attribution/tags';
import type { KeyUsage } from './key-usage.repository';

/** Free-form labels for the caller's own bookkeeping (owner, cost centre...): string values, at most 50. */
const metadataSchema = z
  .record(z.string().min(1).max(64), z.string().max(500))
  .refine((value) => Object.keys(value).length <= 50, 'at most 50 metadata entries');

/** Default tags of the key's requests (`name:value`); a request cannot override them. */
const tagsSchema = z.array(z.string().max(200)).max(20).transform((tags, ctx) => {
  try {
    return normaliseTags(tags, 'tags');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** OpenRouter's `limit_reset`: the limit applies per UTC day, week (Monday to Sunday) or month; null = lifetime. */
const limitResetSchema = z.enum(['daily', 'weekly', 'monthly']).nullable();

/** An expiry must lie ahead: a key that expired when it was made is a mistake, not a key. */
const futureDate = z.iso.datetime({ offset: true }).refine((value) => new Date(value).getTime() > Date.now(), 'expires_at must be in the future');

export const createKeySchema = z.strictObject({
  metadata: metadataSchema.optional(),
  name: z.string().trim().min(1).max(200),
  /** Spend limit in USD; null or absent = unlimited. */
  limit: z.number().positive().nullish(),
  limit_reset: limitResetSchema.optional(),
  tags: tagsSchema.optional(),
  kind: z.enum(ApiKeyKind).default('inference'),
  expires_at: futureDate.nullish(),
  org_id: z.string().min(1).max(100).optional(),
  team_id: z.string().min(1).optional(),
  /** The member this key belongs to (a management key of a user acts with that user's role). */
  user_id: z.string().min(1).optional(),
  /** Opt this key's deterministic requests into the response cache. */
  cache: z.boolean().default(false),
  /** Continue this key's streams on another endpoint when one breaks mid-answer (stream continuation failover). */
  stream_continuation: z.boolean().default(true),
  /** Canonical model ids this key may use (also what `router` may pick for it); empty = any. */
  allowed_models: z.array(z.string().min(1)).default([]),
  rate_limits: z
    .strictObject({
      requests_per_minute: z.number().int().positive().optional(),
      tokens_per_minute: z.number().int().positive().optional(),
      concurrent_requests: z.number().int().positive().optional(),
    })
    .optional(),
});
export type CreateKeyInput = z.infer<typeof createKeySchema>;

export const updateKeySchema = z.strictObject({
  metadata: metadataSchema.nullable().optional(),
  name: z.string().trim().min(1).max(200).optional(),
  disabled: z.boolean().optional(),
  limit: z.number().positive().nullable().optional(),
  limit_reset: limitResetSchema.optional(),
  tags: tagsSchema.optional(),
  allowed_models: z.array(z.string().min(1)).optional(),
  stream_continuation: z.boolean().optional(),
  expires_at: futureDate.nullable().optional(),
});
export type UpdateKeyInput = z.infer<typeof updateKeySchema>;

export const rotateKeySchema = z.strictObject({
  /** How long the old key keeps working (seconds; default one hour, at most 30 days). */
  grace_seconds: z.number().int().min(0).max(30 * 86_400).default(3600),
});

export const listKeysQuerySchema = z.object({
  offset: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  org_id: z.string().optional(),
});

const NO_USAGE: KeyUsage = { usage: 0, daily: 0, weekly: 0, monthly: 0 };

/** What counts against the limit: this period's spend with `limit_reset`, the lifetime's without. */
function limitUsage(key: StoredKey, usage: KeyUsage): number {
  return key.limitReset === 'daily' ? usage.daily : key.limitReset === 'weekly' ? usage.weekly : key.limitReset === 'monthly' ? usage.monthly : usage.usage;
}

/**
 * OpenRouter's key object, plus `id` and `kind`. Never contains the secret. Usage is the key's whole
 * rotation lineage's (a rotated key keeps its predecessors' spend), per UTC day, week and month.
 */
export function toKeyView(key: StoredKey & { hash?: string }, usage: KeyUsage = { ...NO_USAGE, usage: key.usageUsd }) {
  return {
    id: key.id,
    hash: key.hash,
    name: key.name,
    label: `${key.prefix}...${key.lastFour}`,
    kind: key.kind,
    org_id: key.orgId,
    disabled: key.disabled,
    limit: key.limitUsd,
    limit_remaining: key.limitUsd === null ? null : Math.max(0, key.limitUsd - limitUsage(key, usage)),
    limit_reset: key.limitReset,
    usage: usage.usage,
    usage_daily: usage.daily,
    usage_weekly: usage.weekly,
    usage_monthly: usage.monthly,
    tags: key.tags,
    cache: key.cacheEnabled,
    stream_continuation: key.streamContinuation,
    allowed_models: key.allowedModels,
    grace_until: key.graceUntil?.toISOString() ?? null,
    team_id: key.teamId,
    user_id: key.userId,
    metadata: key.metadata ?? {},
    rate_limits: {
      requests_per_minute: key.rateLimitRpm,
      tokens_per_minute: key.rateLimitTpm,
      concurrent_requests: key.maxConcurrency,
    },
    expires_at: key.expiresAt?.toISOString() ?? null,
    created_at: key.createdAt.toISOString(),
    updated_at: key.updatedAt.toISOString(),
  };
}
