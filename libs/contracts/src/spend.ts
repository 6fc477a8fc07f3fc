import { RedisKeys } from './redis-keys';

/**
 * Budget state shared by the gateway (reserves) and analytics (settles). Money in Redis is integer
 * nano-USD so every update is exact (HINCRBY, no float drift).
 */
export const NANO_PER_USD = 1_000_000_000;

export const toNanoUsd = (usd: number): number => Math.round(usd * NANO_PER_USD);
export const fromNanoUsd = (nano: number): number => nano / NANO_PER_USD;

/**
 * Budget counters, reservations and the expiry index share one slot: a reservation holds against
 * every budget of a request in one script, and settling reaches the budgets its record names.
 */
const BUDGET_SLOT = 'budget';

/** One budget rule's counter for the period starting at `periodStartMs` (hash: spent, reserved). */
export function budgetKey(prefix: string, ruleId: string, periodStartMs: number): string {
  return new RedisKeys(prefix).inSlot(BUDGET_SLOT, ruleId, periodStartMs);
}

export function reservationKey(prefix: string, requestId: string): string {
  return new RedisKeys(prefix).inSlot(BUDGET_SLOT, 'resv', requestId);
}

export function reservationExpiryKey(prefix: string): string {
  return new RedisKeys(prefix).inSlot(BUDGET_SLOT, 'resv-expiry');
}

/**
 * Settles a reservation with the actual cost, once: releases what it held (unless a failure path
 * or the reconciler already did) and adds the actual spend to every budget it named.
 * KEYS[1] reservation, KEYS[2] expiry index. ARGV[1] actual nano-USD, ARGV[2] request id.
 */
export const SETTLE_RESERVATION_LUA = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local r = cjson.decode(raw)
if r.settled then return 0 end
local actual = tonumber(ARGV[1])
for _, key in ipairs(r.keys) do
  if not r.released then redis.call('HINCRBY', key, 'reserved', -r.amount) end
  if actual > 0 then redis.call('HINCRBY', key, 'spent', actual) end
end
r.settled = true
r.released = true
redis.call('SET', KEYS[1], cjson.encode(r), 'KEEPTTL')
redis.call('ZREM', KEYS[2], ARGV[2])
return 1`;

/** Gives back what a reservation holds without adding spend (failure paths, expiry). Same KEYS. */
export const RELEASE_RESERVATION_LUA = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local r = cjson.decode(raw)
if r.released then return 0 end
for _, key in ipairs(r.keys) do redis.call('HINCRBY', key, 'reserved', -r.amount) end
r.released = true
redis.call('SET', KEYS[1], cjson.encode(r), 'KEEPTTL')
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`;

export type BudgetPeriod = 'daily' | 'weekly' | 'monthly' | 'total';

/** Start of the budget period containing `now`, in UTC (weeks start on Monday); `total` never resets. */
export function budgetPeriodStart(period: BudgetPeriod, now = new Date()): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  if (period === 'daily') return new Date(Date.UTC(y, m, d));
  if (period === 'weekly') return new Date(Date.UTC(y, m, d - ((now.getUTCDay() + 6) % 7)));
  if (period === 'monthly') return new Date(Date.UTC(y, m, 1));
  return new Date(0);
}
